import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CanonicalJsonError, canonicalJson, isCanonical } from '../../../domain/audit/canonical.ts';
import {
  DIGEST_FORMAT,
  type DigestBody,
  digestText,
  type StoredEntry,
  storedDigest,
  verifyDigestChain,
  verifyEntries,
} from '../../../domain/audit/chain-verifier.ts';
import { type AuditBody, auditBody, ENTRY_FORMAT, summarize } from '../../../domain/audit/entries.ts';
import { GENESIS_HASH, type SealedEntry, seal, sha256 } from '../../../domain/audit/hash-chain.ts';

const body = (i: number): AuditBody => ({
  format: ENTRY_FORMAT,
  eventId: `01EVENT${String(i).padStart(19, '0')}`,
  eventType: 'CustomerRegistered',
  eventVersion: 2,
  context: 'customers',
  streamId: `customer-c${i}`,
  streamVersion: 1,
  record: { type: 'customer', id: `c${i}` },
  occurredAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
  actor: { id: 'u1', email: 'owner@firefly.example', role: 'owner', ip: '10.0.0.1', userAgent: 'test' },
  correlationId: `corr-${i}`,
  causationId: `corr-${i}`,
  summary: `Customer ${i} registered`,
  changes: { customerId: `c${i}`, name: `Customer ${i}` },
});

const key = (seq: number) => `S#${String(seq).padStart(12, '0')}`;
const stored = (e: SealedEntry, at = e.seq): StoredEntry => ({
  keySeq: at,
  key: key(at),
  prevHash: e.prevHash,
  hash: e.hash,
  entry: e.canonical,
});

const buildChain = (n: number): SealedEntry[] => {
  const chain: SealedEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const sealed = seal(body(i), i, prev, new Date(Date.UTC(2026, 0, 1, 0, i, 1)).toISOString());
    chain.push(sealed);
    prev = sealed.hash;
  }
  return chain;
};

const digest = (
  chain: SealedEntry[],
  from: number,
  to: number,
  previous: { key: string; bytes: string } | null,
) => {
  const bodyOf: DigestBody = {
    format: DIGEST_FORMAT,
    stage: 'test',
    fromSeq: from,
    toSeq: to,
    entryCount: to - from + 1,
    firstChainedAt: '2026-01-01T00:00:00.000Z',
    lastChainedAt: '2026-01-01T00:00:00.000Z',
    previousHash: from === 1 ? GENESIS_HASH : chain[from - 2]!.hash,
    lastHash: chain[to - 1]!.hash,
    previousDigest: previous ? { key: previous.key, sha256: sha256(previous.bytes) } : null,
    createdAt: '2026-01-01T01:00:00.000Z',
  };
  const bytes = digestText(bodyOf);
  return { key: `digests/${from}-${to}.json`, bytes };
};

describe('canonical JSON', () => {
  it('is independent of key order and round-trips through JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(isCanonical(text)).toBe(true);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        const shuffled = JSON.parse(JSON.stringify(value), (_k, v) =>
          v && typeof v === 'object' && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v).reverse())
            : v,
        );
        expect(canonicalJson(shuffled)).toBe(text);
      }),
    );
  });

  it('sorts keys, drops undefined members, writes numbers in shortest form and refuses non-JSON', () => {
    expect(canonicalJson({ b: 1, a: [1.0, undefined, 'x"y'], c: undefined, é: -0 })).toBe(
      '{"a":[1,null,"x\\"y"],"b":1,"é":0}',
    );
    expect(canonicalJson({ at: new Date('2026-01-01T00:00:00Z') })).toBe('{"at":"2026-01-01T00:00:00.000Z"}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ n: 1n })).toThrow(CanonicalJsonError);
    expect(isCanonical('{"b":1,"a":2}')).toBe(false);
  });
});

describe('audit entries', () => {
  it('describe every event in words with who, what record and when', () => {
    const envelope = {
      id: '01E',
      type: 'RoleAssigned',
      version: 1,
      streamId: 'user-bob@x.com',
      streamVersion: 2,
      occurredAt: '2026-01-01T00:00:00.000Z',
      actor: { id: 'sub-1', email: 'admin@x.com', role: 'admin', ip: '1.2.3.4' },
      correlationId: 'c',
      causationId: 'c',
      data: { userId: 'u', email: 'bob@x.com', role: 'manager', previousRole: 'viewer' },
    };
    expect(summarize(envelope)).toBe("admin@x.com changed bob@x.com's role from viewer to manager");
    const entry = auditBody(envelope);
    expect(entry).toMatchObject({ record: { type: 'user', id: 'bob@x.com' }, context: 'access' });
    expect(
      summarize({
        ...envelope,
        type: 'CustomerRegistered',
        streamId: 'customer-c1',
        data: { customerId: 'c1', name: 'Ada' },
      }),
    ).toBe('admin@x.com: A customer was registered (customer c1) — name Ada');
  });
});

describe('chain verification', () => {
  const chain = buildChain(10);
  const items = () => chain.map((e) => stored(e));

  it('accepts an intact chain and reports its last hash', () => {
    const result = verifyEntries(items());
    expect(result).toMatchObject({ ok: true, checked: 10, fromSeq: 1, toSeq: 10, lastHash: chain[9]!.hash });
  });

  it('names an edited entry', () => {
    const tampered = items();
    tampered[3] = {
      ...tampered[3]!,
      entry: tampered[3]!.entry.replace('Customer 4 registered', 'nothing happened'),
    };
    expect(verifyEntries(tampered).firstBroken).toMatchObject({ seq: 4, kind: 'edited' });
  });

  it('names an entry edited and re-hashed by the link the next entry still holds', () => {
    const tampered = items();
    const forged = seal({ ...body(4), summary: 'forged' }, 4, chain[2]!.hash, '2026-01-01T00:04:01.000Z');
    tampered[3] = stored(forged);
    expect(verifyEntries(tampered).firstBroken).toMatchObject({ seq: 4, kind: 'edited' });
  });

  it('names deleted entries, in the middle and at the end', () => {
    const middle = items().filter((e) => e.keySeq !== 5 && e.keySeq !== 6);
    expect(verifyEntries(middle).firstBroken).toMatchObject({ seq: 5, kind: 'deleted' });
    expect(verifyEntries(middle).firstBroken?.message).toContain('entries 5–6 are missing');
    const d = digest(chain, 1, 10, null);
    const truncated = items().slice(0, 8);
    const result = verifyEntries(truncated, { digests: [storedDigest(d.key, d.bytes)] });
    expect(result.firstBroken).toMatchObject({ seq: 9, kind: 'deleted' });
  });

  it('names an inserted entry, whether renumbered in or slipped between keys', () => {
    const forged = seal({ ...body(99), summary: 'forged' }, 5, chain[3]!.hash, '2026-01-01T00:05:00.000Z');
    const renumbered = [
      ...items().slice(0, 4),
      stored(forged),
      ...chain.slice(4).map((e) => stored(e, e.seq + 1)),
    ];
    expect(verifyEntries(renumbered).firstBroken).toMatchObject({ seq: 5, kind: 'inserted' });
    const between = [
      ...items().slice(0, 4),
      { ...stored(forged), keySeq: Number.NaN, key: 'S#000000000004x' },
      ...items().slice(4),
    ];
    expect(verifyEntries(between).firstBroken).toMatchObject({ seq: 5, kind: 'inserted' });
  });

  it('names reordered entries', () => {
    const swapped = items();
    const [a, b] = [swapped[5]!, swapped[6]!];
    swapped[5] = { ...b, keySeq: 6, key: key(6) };
    swapped[6] = { ...a, keySeq: 7, key: key(7) };
    expect(verifyEntries(swapped).firstBroken).toMatchObject({ seq: 6, kind: 'reordered' });
  });

  it('catches a rewrite of every entry from some point on through the digests', () => {
    const d1 = digest(chain, 1, 5, null);
    const d2 = digest(chain, 6, 10, d1);
    const digests = [storedDigest(d1.key, d1.bytes), storedDigest(d2.key, d2.bytes)];
    expect(verifyEntries(items(), { digests })).toMatchObject({ ok: true, digestsChecked: 2 });
    const rewritten: SealedEntry[] = chain.slice(0, 2);
    for (let i = 3; i <= 10; i++) {
      rewritten.push(
        seal(
          { ...body(i), summary: `rewritten ${i}` },
          i,
          rewritten[i - 2]!.hash,
          '2026-01-02T00:00:00.000Z',
        ),
      );
    }
    const result = verifyEntries(
      rewritten.map((e) => stored(e)),
      { digests },
    );
    expect(result.firstBroken).toMatchObject({ kind: 'digest', seq: 1 });
    expect(verifyDigestChain(digests)).toBeUndefined();
  });

  it('verifies the digests among themselves', () => {
    const d1 = digest(chain, 1, 5, null);
    const d2 = digest(chain, 6, 10, d1);
    const edited = storedDigest(d1.key, d1.bytes.replace('"stage":"test"', '"stage":"prod"'));
    expect(verifyDigestChain([edited, storedDigest(d2.key, d2.bytes)])).toMatchObject({ kind: 'digest' });
    expect(verifyDigestChain([storedDigest(d2.key, d2.bytes)])?.message).toContain('is missing');
  });

  it('verifies a range from an anchor', () => {
    const from = chain[4]!;
    const result = verifyEntries(
      chain.slice(5).map((e) => stored(e)),
      { anchor: { seq: 5, hash: from.hash, prevHash: from.prevHash } },
    );
    expect(result).toMatchObject({ ok: true, fromSeq: 6, toSeq: 10, checked: 5 });
  });
});
