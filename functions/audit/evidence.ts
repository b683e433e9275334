import { canonicalJson } from '../../domain/audit/canonical.ts';
import { verifyEntries } from '../../domain/audit/chain-verifier.ts';
import { GENESIS_HASH } from '../../domain/audit/hash-chain.ts';
import { TooManyMatchesError } from '../errors.ts';
import { toCsv } from '../export/cells.ts';
import { listDigestIndex, loadDigests } from './digests.ts';
import { type EntryItem, getEntryItem, readEntries, readTail, toStored, viewOf } from './store.ts';

export const MAX_EVIDENCE_ENTRIES = 20_000;

/** The first seq whose chainedAt satisfies `test`, by binary search: chainedAt never decreases along the chain. */
const firstSeq = async (low: number, high: number, test: (chainedAt: string) => boolean): Promise<number> => {
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    const item = await getEntryItem(mid);
    if (item && test(item.chainedAt)) high = mid;
    else low = mid + 1;
  }
  return low;
};

/** The contiguous range of entries chained within [from, to], or undefined when none were. */
export const seqRangeFor = async (from: string, to: string) => {
  const tail = await readTail();
  if (!tail) return undefined;
  const fromSeq = await firstSeq(1, tail.seq + 1, (at) => at >= from);
  const toSeq = (await firstSeq(1, tail.seq + 1, (at) => at > to)) - 1;
  return fromSeq <= toSeq ? { fromSeq, toSeq } : undefined;
};

export const EVIDENCE_ALGORITHM =
  'hash(n) = SHA-256(hash(n-1) + "\\n" + canonical(entry n)) in lower-case hex, hash(0) = 64 zeros; canonical = RFC 8785 JSON (sorted keys, no whitespace, shortest numbers). Each digest object in S3 names its range, the hash before it (previousHash), the last hash and the previous digest by key and SHA-256 of its bytes.';

/**
 * An evidence pack: every entry chained in the period, exactly as hashed, the hash of the entry before
 * the range (the anchor), the digests that seal any of it, and the result of verifying the range, so a
 * third party can recompute every hash with nothing but the pack.
 */
export const evidencePack = async (period: { from: string; to: string }, generatedBy: string) => {
  const range = await seqRangeFor(period.from, period.to);
  const items: EntryItem[] = [];
  let anchor = { seq: 0, hash: GENESIS_HASH, prevHash: '' };
  if (range) {
    if (range.toSeq - range.fromSeq + 1 > MAX_EVIDENCE_ENTRIES) {
      throw new TooManyMatchesError(
        `The period holds more than ${MAX_EVIDENCE_ENTRIES} entries; choose a shorter one`,
      );
    }
    if (range.fromSeq > 1) {
      const before = await getEntryItem(range.fromSeq - 1);
      if (before) anchor = { seq: range.fromSeq - 1, hash: before.hash, prevHash: before.prevHash };
    }
    for await (const page of readEntries(range.fromSeq, range.toSeq)) items.push(...page);
  }
  const { digests } = await loadDigests();
  const index = await listDigestIndex();
  const overlapping = digests.filter(
    (d) => range && d.body.toSeq >= range.fromSeq && d.body.fromSeq <= range.toSeq,
  );
  const verification = verifyEntries(items.map(toStored), { anchor, digests, complete: false });
  return {
    format: 'firefly-audit-evidence/1',
    period,
    generatedAt: new Date().toISOString(),
    generatedBy,
    range: range ?? null,
    entries: items.map((item) => ({
      seq: viewOf(item).seq,
      prevHash: item.prevHash,
      hash: item.hash,
      canonical: item.entry,
      entry: viewOf(item),
    })),
    proof: {
      algorithm: EVIDENCE_ALGORITHM,
      anchor: { seq: anchor.seq, hash: anchor.hash },
      lastHash: items.at(-1)?.hash ?? anchor.hash,
      digests: overlapping.map((d) => ({
        key: d.key,
        sha256: d.sha256,
        indexedSha256: index.find((i) => i.key === d.key)?.sha256,
        body: d.body,
        canonical: canonicalJson(d.body),
      })),
      verification,
    },
  };
};

export type EvidencePack = Awaited<ReturnType<typeof evidencePack>>;

export const ENTRY_COLUMNS = [
  'seq',
  'chainedAt',
  'occurredAt',
  'eventType',
  'context',
  'recordType',
  'recordId',
  'streamVersion',
  'actorEmail',
  'actorId',
  'role',
  'ip',
  'userAgent',
  'summary',
  'changes',
  'correlationId',
  'eventId',
  'prevHash',
  'hash',
] as const;

export const entryRow = (e: ReturnType<typeof viewOf>) => [
  e.seq,
  e.chainedAt,
  e.occurredAt,
  e.eventType,
  e.context,
  e.record.type,
  e.record.id,
  e.streamVersion,
  e.actor.email,
  e.actor.id,
  e.actor.role,
  e.actor.ip,
  e.actor.userAgent,
  e.summary,
  e.changes,
  e.correlationId,
  e.eventId,
  e.prevHash,
  e.hash,
];

/** The pack as CSV: one row per entry with its hashes and canonical JSON, so the chain recomputes from it. */
export const evidenceCsv = (pack: EvidencePack) =>
  toCsv(
    [...ENTRY_COLUMNS, 'canonical'],
    pack.entries.map((e) => [...entryRow({ ...e.entry, hash: e.hash }), e.canonical]),
  );
