import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import {
  buildClient,
  CommitmentPolicy,
  type KeyringNode,
  KmsKeyringNode,
  MultiKeyringNode,
  NodeAlgorithmSuite,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
} from '@aws-crypto/client-node';
import { deserializeFactory } from '@aws-crypto/serialize';
import { DeleteCommand, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { env } from '../runtime/env.ts';
import { dynamo } from './clients.ts';

/**
 * Integrations' credentials at rest: envelope encryption with the AWS Encryption SDK. Each secret gets
 * its own data key, wrapped by KMS in AWS (a key with rotation on: old ciphertexts stay readable) or by
 * a raw AES-256 key from a file in the data dir locally. The encryption context binds a ciphertext to
 * its integration and slot, so a ciphertext copied onto another integration does not decrypt.
 */
const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

export class CredentialUnavailableError extends Error {
  override name = 'CredentialUnavailableError';
}

const KEY_NAMESPACE = 'firefly-local';
/** The name of the first local key: a key file of 32 raw bytes (its first format) holds this key alone. */
const FIRST_KEY = 'credentials-key-1';

/**
 * The local wrapping keys: the current one wraps new data keys, the older ones stay to unwrap what they
 * wrapped until the re-encryption has moved it. Made on first use, readable only by its owner.
 */
interface LocalKeys {
  current: string;
  keys: Record<string, string>;
}

const writeKeys = (file: string, keys: LocalKeys) => {
  const scratch = `${file}.tmp`;
  writeFileSync(scratch, JSON.stringify(keys), { mode: 0o600 });
  chmodSync(scratch, 0o600);
  renameSync(scratch, file);
};

const readKeys = (file: string): LocalKeys => {
  if (!existsSync(file))
    writeKeys(file, { current: FIRST_KEY, keys: { [FIRST_KEY]: randomBytes(32).toString('base64') } });
  const bytes = readFileSync(file);
  if (bytes.length === 32) return { current: FIRST_KEY, keys: { [FIRST_KEY]: bytes.toString('base64') } };
  let keys: LocalKeys;
  try {
    keys = JSON.parse(bytes.toString('utf8')) as LocalKeys;
  } catch {
    throw new CredentialUnavailableError(`${file} is neither a 32-byte AES key nor a key list`);
  }
  if (!keys.keys?.[keys.current]) throw new CredentialUnavailableError(`${file} names no current key`);
  return keys;
};

/**
 * Makes a new local key the current one; the previous keys stay to decrypt until the re-encryption
 * (`reencryptCredentials`) has moved every credential. Returns the new key's name.
 */
export const rotateLocalKey = (file: string): string => {
  const keys = readKeys(file);
  const numbers = Object.keys(keys.keys).map((name) => Number(name.split('-').at(-1)) || 0);
  const name = `credentials-key-${Math.max(0, ...numbers) + 1}`;
  writeKeys(file, { current: name, keys: { ...keys.keys, [name]: randomBytes(32).toString('base64') } });
  return name;
};

const rawKeyring = (name: string, key: string) =>
  new RawAesKeyringNode({
    keyName: name,
    keyNamespace: KEY_NAMESPACE,
    unencryptedMasterKey: new Uint8Array(Buffer.from(key, 'base64')),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });

interface Keyrings {
  /** Wraps new data keys: the current key only. */
  encrypt: KeyringNode;
  /** Unwraps with any key still kept. */
  decrypt: KeyringNode;
  /** Whether a ciphertext's data key is wrapped by the current key. */
  isCurrent: (keys: readonly { providerId: string; providerInfo: string }[]) => boolean;
}

let cached: { source: string; keyrings: Keyrings } | undefined;
/** The keyrings, made again when the key file changes (a rotation by another process). */
const keyrings = (): Keyrings => {
  const arn = process.env[env.CREDENTIALS_KEY_ARN];
  const file = process.env[env.CREDENTIALS_KEY_FILE];
  const source = arn
    ? `kms:${arn}`
    : file
      ? `file:${file}:${existsSync(file) ? statSync(file).mtimeMs : 0}`
      : '';
  if (cached?.source === source) return cached.keyrings;
  let made: Keyrings;
  if (arn) {
    // KMS rotates its backing key under the same ARN and keeps the old material: nothing to re-encrypt.
    const kms = new KmsKeyringNode({ generatorKeyId: arn });
    made = {
      encrypt: kms,
      decrypt: kms,
      isCurrent: (keys) => keys.some((k) => k.providerId === 'aws-kms' && k.providerInfo === arn),
    };
  } else if (file) {
    const keys = readKeys(file);
    made = {
      encrypt: rawKeyring(keys.current, keys.keys[keys.current]!),
      decrypt: new MultiKeyringNode({
        children: Object.entries(keys.keys).map(([name, key]) => rawKeyring(name, key)),
      }),
      isCurrent: (edks) =>
        edks.some(
          (k) => k.providerId === KEY_NAMESPACE && k.providerInfo.startsWith(`${keys.current}\u0000`),
        ),
    };
  } else throw new CredentialUnavailableError('No credentials key is configured');
  cached = { source, keyrings: made };
  return made;
};

const contextOf = (integrationId: string, slot: string) => ({
  purpose: 'firefly-integration-credential',
  integrationId,
  slot,
});

/** What the API shows of a secret: a fingerprint and its last four characters, never the secret. */
export const hintOf = (secret: string) => ({
  fingerprint: createHash('sha256').update(secret).digest('hex').slice(0, 16),
  last4: secret.slice(-4),
});

/** A new signing secret in the Standard Webhooks form: `whsec_` and 32 random bytes in base64. */
export const newSigningSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

const table = () => process.env[env.CREDENTIALS_TABLE]!;

/** Seals a secret and stores it in its slot, replacing what was there. */
export const storeCredential = async (integrationId: string, slot: string, secret: string): Promise<void> => {
  const context = contextOf(integrationId, slot);
  const { result } = await encrypt(keyrings().encrypt, secret, { encryptionContext: context });
  await dynamo().send(
    new PutCommand({
      TableName: table(),
      Item: { integrationId, slot, ciphertext: result, storedAt: new Date().toISOString() },
    }),
  );
};

/** Reads and decrypts a slot; undefined when the slot is empty. */
export const readCredential = async (integrationId: string, slot: string): Promise<string | undefined> => {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: table(), Key: { integrationId, slot }, ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { plaintext, messageHeader } = await decrypt(keyrings().decrypt, Item.ciphertext as Uint8Array);
  const expected = contextOf(integrationId, slot);
  for (const [key, value] of Object.entries(expected)) {
    if (messageHeader.encryptionContext[key] !== value)
      throw new CredentialUnavailableError(`The stored ${slot} of ${integrationId} is bound to another use`);
  }
  return Buffer.from(plaintext).toString('utf8');
};

/** Moves a slot's ciphertext to another slot (re-sealed under the new slot's context), as rotations do. */
export const moveCredential = async (integrationId: string, from: string, to: string): Promise<void> => {
  const secret = await readCredential(integrationId, from);
  if (secret === undefined) return;
  await storeCredential(integrationId, to, secret);
};

export const deleteCredential = (integrationId: string, slot: string) =>
  dynamo().send(new DeleteCommand({ TableName: table(), Key: { integrationId, slot } }));

const { deserializeMessageHeader } = deserializeFactory(
  (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8'),
  NodeAlgorithmSuite,
);

/** The keys that wrapped a ciphertext's data key, read from its header: no decryption. */
const wrappersOf = (ciphertext: Uint8Array) =>
  (deserializeMessageHeader(ciphertext, { maxEncryptedDataKeys: 10 }) || undefined)?.messageHeader
    .encryptedDataKeys ?? [];

interface Slot {
  integrationId: string;
  slot: string;
}

/**
 * Re-seals every credential whose data key the current key did not wrap (after a local key rotation,
 * or a move to another KMS key), each only if it is unchanged since it was read, so a credential
 * replaced meanwhile is never overwritten with its old value. Credentials already under the current key
 * are recognised from their header without decrypting them. Returns the slots decrypted (each is an
 * audit event for the caller to record) and those re-sealed.
 */
export const reencryptCredentials = async (): Promise<{ decrypted: Slot[]; resealed: Slot[] }> => {
  const decrypted: Slot[] = [];
  const resealed: Slot[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new ScanCommand({ TableName: table(), ExclusiveStartKey }));
    for (const item of page.Items ?? []) {
      const ciphertext = item.ciphertext as Uint8Array;
      if (keyrings().isCurrent(wrappersOf(ciphertext))) continue;
      const integrationId = String(item.integrationId);
      const slot = String(item.slot);
      const secret = await readCredential(integrationId, slot);
      if (secret === undefined) continue;
      decrypted.push({ integrationId, slot });
      const { result } = await encrypt(keyrings().encrypt, secret, {
        encryptionContext: contextOf(integrationId, slot),
      });
      try {
        await dynamo().send(
          new PutCommand({
            TableName: table(),
            Item: { ...item, ciphertext: result, reencryptedAt: new Date().toISOString() },
            ConditionExpression: 'ciphertext = :old',
            ExpressionAttributeValues: { ':old': ciphertext },
          }),
        );
        resealed.push({ integrationId, slot });
      } catch (error) {
        // Replaced since it was read: the new value is sealed under the current key already.
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      }
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return { decrypted, resealed };
};
