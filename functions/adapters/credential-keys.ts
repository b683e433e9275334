import { randomBytes } from 'node:crypto';
/**
 * The local key file of integrations' credentials (functions/adapters/credentials.ts): made, read and
 * rotated here, apart from the Encryption SDK, so rotating a key (a CLI) does not load the SDK.
 */

import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/** A credential cannot be sealed or opened: no key, an unreadable key file, a ciphertext bound elsewhere. */
export class CredentialUnavailableError extends Error {
  override name = 'CredentialUnavailableError';
}

export const KEY_NAMESPACE = 'firefly-local';
/** The name of the first local key: a key file of 32 raw bytes (its first format) holds this key alone. */
const FIRST_KEY = 'credentials-key-1';

/**
 * The local wrapping keys: the current one wraps new data keys, the older ones stay to unwrap what they
 * wrapped until the re-encryption has moved it. Made on first use, readable only by its owner.
 */
export interface LocalKeys {
  current: string;
  keys: Record<string, string>;
}

const writeKeys = (file: string, keys: LocalKeys) => {
  const scratch = `${file}.tmp`;
  writeFileSync(scratch, JSON.stringify(keys), { mode: 0o600 });
  chmodSync(scratch, 0o600);
  renameSync(scratch, file);
};

export const readKeys = (file: string): LocalKeys => {
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
