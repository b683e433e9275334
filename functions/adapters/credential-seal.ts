import { existsSync, statSync } from 'node:fs';
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
import { env } from '../runtime/env.ts';
import { CredentialUnavailableError, KEY_NAMESPACE, readKeys } from './credential-keys.ts';

/**
 * The AWS Encryption SDK side of integrations' credentials (functions/adapters/credentials.ts): the
 * keyrings, sealing and opening. Its own module because the SDK, its KMS client and its big-number and
 * ASN.1 libraries are about 300 KB of code: credentials.ts imports this on first use, so a function
 * that never touches a secret, or has not yet, does not load it at cold start.
 */
export const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

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
export const keyrings = (): Keyrings => {
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

const { deserializeMessageHeader } = deserializeFactory(
  (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8'),
  NodeAlgorithmSuite,
);

/** The keys that wrapped a ciphertext's data key, read from its header: no decryption. */
export const wrappersOf = (ciphertext: Uint8Array) =>
  (deserializeMessageHeader(ciphertext, { maxEncryptedDataKeys: 10 }) || undefined)?.messageHeader
    .encryptedDataKeys ?? [];
