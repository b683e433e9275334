import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.ts';
import type { AuditBody, AuditEntry } from './entries.ts';

/**
 * The audit log: the hash chain over its entries.
 *
 * An entry says who (actor id, email, role, source address, user agent), what (event type, the record it
 * changed, a readable summary and the event's data), when (the event's time and when it was chained) and
 * why (correlation and causation ids). Entry n is stored as its canonical JSON (see canonical.ts), which
 * includes its own `seq` and the previous entry's hash, and
 *
 *     hash(n) = SHA-256( hash(n-1) + "\n" + canonicalJson(entry n) )      (lower-case hex)
 *
 * with hash(0) = 64 zeros. Changing, removing, adding or moving any entry changes every later hash, so
 * the chain's last hash, copied out of reach in the periodic digests, pins the whole log.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** An entry as stored: its canonical JSON and its hash. */
export interface SealedEntry {
  seq: number;
  prevHash: string;
  hash: string;
  canonical: string;
}

export const sha256 = (text: string | Uint8Array): string => createHash('sha256').update(text).digest('hex');

export const entryHash = (prevHash: string, canonical: string): string => sha256(`${prevHash}\n${canonical}`);

export const seal = (body: AuditBody, seq: number, prevHash: string, chainedAt: string): SealedEntry => {
  const entry: AuditEntry = { ...body, seq, prevHash, chainedAt };
  const canonical = canonicalJson(entry);
  return { seq, prevHash, hash: entryHash(prevHash, canonical), canonical };
};
