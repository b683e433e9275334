import {
  type BrokenLink,
  ChainVerifier,
  type VerifyResult,
  verifyDigestChain,
} from '../../domain/audit/chain-verifier.ts';
import { readAll, readStream } from '../adapters/event-store.ts';
import { loadDigests } from './digests.ts';
import { chainedAmong, type EntryItem, getEntryItem, readEntries, toStored, viewOf } from './store.ts';

export interface AuditVerification extends VerifyResult {
  digests: { count: number; ok: boolean };
  /** With `deep`: every entry matched against the event store, and stored events missing from the log. */
  deep?: { entriesMatched: number; missingFromLog: string[] };
  durationMs: number;
  entriesPerSecond: number;
}

const earliest = (...links: (BrokenLink | undefined)[]) =>
  links.filter((l): l is BrokenLink => l !== undefined).sort((a, b) => a.seq - b.seq)[0];

/** Events committed this recently may still be on their way into the log. */
const SETTLE_MS = 60_000;

/** Checks each entry names an event the store holds, with the same identity, actor and data. */
const matchStore = async (items: EntryItem[], cache: Map<string, Map<string, unknown>>) => {
  for (const item of items) {
    const entry = viewOf(item);
    let events = cache.get(entry.streamId);
    if (!events?.has(entry.eventId)) {
      events = new Map(
        (await readStream(entry.streamId)).flatMap((c) => c.events).map((e) => [e.id, e] as const),
      );
      cache.set(entry.streamId, events);
      if (cache.size > 500) cache.delete(cache.keys().next().value as string);
    }
    const stored = events.get(entry.eventId) as
      | { type: string; streamVersion: number; occurredAt: string; actor: { id: string } }
      | undefined;
    if (!stored) {
      return {
        seq: entry.seq,
        kind: 'inserted' as const,
        message: `Entry ${entry.seq} names event ${entry.eventId}, which the event store does not hold: it was inserted`,
      };
    }
    if (
      stored.type !== entry.eventType ||
      stored.streamVersion !== entry.streamVersion ||
      stored.occurredAt !== entry.occurredAt ||
      stored.actor.id !== entry.actor.id
    ) {
      return {
        seq: entry.seq,
        kind: 'edited' as const,
        message: `Entry ${entry.seq} no longer matches event ${entry.eventId} in the event store`,
      };
    }
  }
  return undefined;
};

/**
 * Verifies the audit log: every entry's hash, every link, every digest (fetched from S3 and hashed as
 * read) and the digests' own chain. `fromSeq`/`toSeq` verify a range (anchored on the stored hash of
 * the entry before it); `deep` also matches entries against the event store and lists stored events
 * that never made it into the log.
 */
export const verifyAuditLog = async (
  options: { fromSeq?: number; toSeq?: number; deep?: boolean } = {},
): Promise<AuditVerification> => {
  const started = performance.now();
  const fromSeq = Math.max(1, options.fromSeq ?? 1);
  const { digests, problems } = await loadDigests();
  let anchor: { seq: number; hash: string; prevHash: string } | undefined;
  if (fromSeq > 1) {
    const before = await getEntryItem(fromSeq - 1);
    if (before) anchor = { seq: fromSeq - 1, hash: before.hash, prevHash: before.prevHash };
  }
  const verifier = new ChainVerifier({ anchor, digests });
  const cache = new Map<string, Map<string, unknown>>();
  let deepBreak: BrokenLink | undefined;
  let matched = 0;
  for await (const items of readEntries(fromSeq, options.toSeq)) {
    for (const item of items) if (!verifier.push(toStored(item))) break;
    if (options.deep && !deepBreak) {
      deepBreak = await matchStore(items, cache);
      if (!deepBreak) matched += items.length;
    }
    if (verifier.done) break;
  }
  const complete = options.toSeq === undefined;
  const result = verifier.finish(complete);
  const digestBreak = verifyDigestChain(digests);
  const missingDigest = problems[0] && {
    seq: problems[0].seq,
    kind: 'digest' as const,
    message: problems[0].message,
  };
  const firstBroken = earliest(result.firstBroken, digestBreak, missingDigest, deepBreak);
  let deep: AuditVerification['deep'];
  if (options.deep) {
    const missingFromLog: string[] = [];
    for await (const page of readAll({ until: new Date(Date.now() - SETTLE_MS) })) {
      const ids = page.flatMap((c) => c.events.map((e) => e.id));
      const chained = await chainedAmong(ids);
      missingFromLog.push(...ids.filter((id) => !chained.has(id)));
      if (missingFromLog.length >= 100) break;
    }
    deep = { entriesMatched: matched, missingFromLog: missingFromLog.slice(0, 100) };
  }
  const durationMs = Math.round(performance.now() - started);
  return {
    ...result,
    ok: !firstBroken,
    ...(firstBroken ? { firstBroken } : {}),
    digests: { count: digests.length, ok: !digestBreak && problems.length === 0 },
    ...(deep ? { deep } : {}),
    durationMs,
    entriesPerSecond: Math.round((result.checked / Math.max(1, durationMs)) * 1000),
  };
};
