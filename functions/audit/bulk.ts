import { randomUUID } from 'node:crypto';
import { auditBody } from '../../domain/audit/entries.ts';
import { GENESIS_HASH, seal } from '../../domain/audit/hash-chain.ts';
import type { StoredEvent } from '../../events/catalog.ts';
import {
  acquireLease,
  chainedAmong,
  entryItem,
  getMeta,
  noteEarliest,
  putAll,
  putMeta,
  readEntries,
  readTail,
  releaseLease,
} from './store.ts';

/**
 * Bulk chaining: many events at once (after a bulk import of history, or a backlog the consumer never
 * received). Entries are sealed in memory one after another, exactly as the consumer would, and written
 * in parallel batches. Parallel, unconditional writes are safe only for a single writer, so the run
 * holds the bulk lease: live drains stand back while it is held (they check it before and during
 * each drain), and the run waits a moment after taking it for any drain already under way to stop.
 *
 * Crash safety: a page's entries are written before its markers, and a checkpoint (`meta/bulk`) records
 * the sequence number up to which markers are known to exist. The next bulk run first re-puts the
 * markers of every entry after the checkpoint, so no event chained by a crashed run is chained twice.
 */
const LEASE_MS = 60_000;
const GRACE_MS = 3_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const repairMarkers = async (): Promise<void> => {
  const checkpoint = Number((await getMeta('bulk'))?.seq ?? 0);
  const tail = await readTail();
  if (!tail || tail.seq <= checkpoint) return;
  for await (const items of readEntries(checkpoint + 1, tail.seq)) {
    await putAll(
      items.map((item) => ({ pk: `event#${item.eventId}`, sk: 'chained', seq: Number(item.sk.slice(2)) })),
    );
  }
  await putMeta('bulk', { seq: tail.seq });
};

export interface BulkOptions {
  onProgress?: (progress: { chained: number }) => void;
  /** Called after each page is durably chained (reconciliation moves its checkpoint here). */
  afterPage?: () => Promise<void>;
  /** How long to let live drains notice the lease; 0 only where nothing else writes (benchmarks). */
  graceMs?: number;
  /**
   * The events were never published (a bulk import's), so none can be chained already: the per-page
   * check of their markers is skipped.
   */
  unpublished?: boolean;
}

export const bulkChain = async (
  pages: AsyncIterable<readonly StoredEvent[]>,
  options: BulkOptions = {},
): Promise<{ chained: number }> => {
  const owner = randomUUID();
  let held = false;
  let chained = 0;
  let seq = 0;
  let hash = GENESIS_HASH;
  let last = '';
  const take = async () => {
    for (let attempt = 0; !(await acquireLease(owner, LEASE_MS)); attempt++) {
      if (attempt > 120) throw new Error('Another bulk run holds the audit chain');
      await sleep(1000);
    }
    held = true;
    await sleep(options.graceMs ?? GRACE_MS);
    await repairMarkers();
    const tail = await readTail();
    seq = tail?.seq ?? 0;
    hash = tail?.hash ?? GENESIS_HASH;
    last = tail?.chainedAt ?? '';
  };
  try {
    for await (const page of pages) {
      if (page.length === 0) {
        await options.afterPage?.();
        continue;
      }
      if (!held) await take();
      else if (!(await acquireLease(owner, LEASE_MS)))
        throw new Error('Lost the bulk lease on the audit chain');
      const done = options.unpublished ? new Set<string>() : await chainedAmong(page.map((e) => e.id));
      const seen = new Set<string>();
      const entries: Record<string, unknown>[] = [];
      const markers: Record<string, unknown>[] = [];
      for (const event of page) {
        if (done.has(event.id) || seen.has(event.id)) continue;
        seen.add(event.id);
        const body = auditBody(event);
        const now = new Date().toISOString();
        const chainedAt = now.localeCompare(last) > 0 ? now : last;
        const sealed = seal(body, seq + 1, hash, chainedAt);
        entries.push({ ...entryItem(sealed, body, chainedAt) });
        markers.push({ pk: `event#${event.id}`, sk: 'chained', seq: sealed.seq });
        seq = sealed.seq;
        hash = sealed.hash;
        last = chainedAt;
      }
      await putAll(entries);
      const earliest = page.map((e) => e.occurredAt).sort()[0]!;
      await noteEarliest(earliest);
      await putAll(markers);
      await putMeta('bulk', { seq });
      chained += entries.length;
      options.onProgress?.({ chained });
      await options.afterPage?.();
    }
  } finally {
    if (held) await releaseLease(owner);
  }
  return { chained };
};
