import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ulid } from 'ulid';
import { apiKeyDecider, keyPermissions, unusableBecause } from '../../domain/access/api-keys.ts';
import { allows, PERMISSIONS, type Permission } from '../../domain/access/permissions.ts';
import type { Actor } from '../../events/envelope.ts';
import { readKeyHash, storeKeyHash, touchKeyUse } from '../adapters/api-key-hashes.ts';
import { aggregates } from '../application/aggregates.ts';
import { execute, loadRecord } from '../application/command.ts';

/**
 * API keys: `ffk_<keyId>_<secret>`, the secret 32 random bytes in base64url. Only the SHA-256 of the
 * secret is kept (functions/adapters/api-key-hashes.ts); a plain hash suffices because the secret is
 * 256 random bits, not a password anyone could guess. The key is returned once, on issue.
 */
const KEY = /^ffk_([0-9A-HJKMNP-TV-Z]{26})_([A-Za-z0-9_-]{43})$/;
export const looksLikeApiKey = (token: string): boolean => token.startsWith('ffk_');

/** A key's use is written at most once a minute (the API's authorizer cache holds a result as long). */
export const LAST_USE_GAP_MS = 60_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest();

interface Meta {
  actor: Actor;
  correlationId: string;
}

export interface IssueInput {
  name: string;
  permissions: Permission[];
  expiresAt: string;
}

/** Issues a key carrying some of the issuer's permissions; the key in clear is in the answer, once. */
export const issueApiKey = async (input: IssueInput, meta: Meta, now: Date) => {
  const keyId = ulid();
  const secret = randomBytes(32).toString('base64url');
  const command = {
    type: 'IssueApiKey' as const,
    keyId,
    name: input.name,
    permissions: input.permissions,
    expiresAt: input.expiresAt,
    createdBy: { id: meta.actor.id, ...(meta.actor.email ? { email: meta.actor.email } : {}) },
    issuerPermissions: PERMISSIONS.filter((p) => allows(meta.actor, p)),
    prefix: `ffk_${keyId}`,
    last4: secret.slice(-4),
    now: now.toISOString(),
  };
  // Refused before anything is stored: a key the rules refuse leaves no hash behind.
  apiKeyDecider.decide(command, apiKeyDecider.initialState);
  await storeKeyHash(keyId, sha256(secret));
  const result = await execute(apiKeyDecider, aggregates.apiKey.stream(keyId), command, meta);
  return { keyId, result, key: `ffk_${keyId}_${secret}` };
};

export type KeyCheck =
  | { ok: true; keyId: string; permissions: Permission[] }
  | { ok: false; code: 'invalid-api-key' | 'api-key-expired' | 'api-key-revoked'; detail: string };

const invalid: KeyCheck = {
  ok: false,
  code: 'invalid-api-key',
  detail: 'The API key is not valid: check that it was copied whole',
};

/**
 * Checks a presented key: its hash against the stored one (in constant time), then the record's state.
 * Only a caller holding the whole key learns that it expired or was revoked; for anyone else it is
 * just not valid. A good key's use is recorded (at most once a minute).
 */
export const checkApiKey = async (token: string, now: Date): Promise<KeyCheck> => {
  const match = KEY.exec(token);
  if (!match) return invalid;
  const [, keyId, secret] = match as unknown as [string, string, string];
  const stored = await readKeyHash(keyId);
  const presented = sha256(secret);
  if (!stored || stored.hash.length !== presented.length || !timingSafeEqual(stored.hash, presented))
    return invalid;
  const { state } = await loadRecord(aggregates.apiKey, keyId);
  // A hash without a record: the issue stopped between storing it and recording the key.
  if (!state.exists) return invalid;
  const refused = unusableBecause(state, now);
  if (refused)
    return {
      ok: false,
      code: state.status === 'revoked' ? 'api-key-revoked' : 'api-key-expired',
      detail: refused,
    };
  await touchKeyUse(keyId, now, LAST_USE_GAP_MS);
  return { ok: true, keyId, permissions: keyPermissions(state) };
};
