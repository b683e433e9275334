import { createHash, randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { env } from '../runtime/env.ts';
import { dynamo } from './clients.ts';
import { CredentialUnavailableError } from './credential-keys.ts';

export { CredentialUnavailableError, rotateLocalKey } from './credential-keys.ts';

/**
 * Integrations' credentials at rest: envelope encryption with the AWS Encryption SDK. Each secret gets
 * its own data key, wrapped by KMS in AWS (a key with rotation on: old ciphertexts stay readable) or by
 * a raw AES-256 key from a file in the data dir locally. The encryption context binds a ciphertext to
 * its integration and slot, so a ciphertext copied onto another integration does not decrypt.
 *
 * The Encryption SDK is loaded on first use (credential-seal.ts): most requests of the functions that
 * hold credentials never open one.
 */
let sealing: Promise<typeof import('./credential-seal.ts')> | undefined;
const seal = () => {
  sealing ??= import('./credential-seal.ts');
  return sealing;
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
  const { encrypt, keyrings } = await seal();
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
  const { decrypt, keyrings } = await seal();
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
  const { encrypt, keyrings, wrappersOf } = await seal();
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
