import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  buildClient,
  CommitmentPolicy,
  type KeyringNode,
  KmsKeyringNode,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
} from '@aws-crypto/client-node';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
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
const KEY_NAME = 'credentials-key-1';

/** The local wrapping key: made on first use, readable only by its owner. */
const localKey = (file: string): Uint8Array => {
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(32), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  const key = readFileSync(file);
  if (key.length !== 32) throw new CredentialUnavailableError(`${file} is not a 32-byte AES key`);
  return new Uint8Array(key);
};

let cachedKeyring: KeyringNode | undefined;
const keyring = (): KeyringNode => {
  if (cachedKeyring) return cachedKeyring;
  const arn = process.env[env.CREDENTIALS_KEY_ARN];
  const file = process.env[env.CREDENTIALS_KEY_FILE];
  if (arn) cachedKeyring = new KmsKeyringNode({ generatorKeyId: arn });
  else if (file)
    cachedKeyring = new RawAesKeyringNode({
      keyName: KEY_NAME,
      keyNamespace: KEY_NAMESPACE,
      unencryptedMasterKey: localKey(file),
      wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
    });
  else throw new CredentialUnavailableError('No credentials key is configured');
  return cachedKeyring;
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
  const { result } = await encrypt(keyring(), secret, { encryptionContext: context });
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
  const { plaintext, messageHeader } = await decrypt(keyring(), Item.ciphertext as Uint8Array);
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
