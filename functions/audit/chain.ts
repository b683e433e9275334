import { type AuditBody, auditBody } from '../../domain/audit/entries.ts';
import { GENESIS_HASH, seal } from '../../domain/audit/hash-chain.ts';
import type { Envelope } from '../../events/envelope.ts';
import { eventStore } from '../adapters/event-store.ts';
import {
  chainedAmong,
  deletePending,
  entryItem,
  leaseHeld,
  listPending,
  noteEarliest,
  putEntryIfFree,
  putMarker,
  putPending,
  readTail,
} from './store.ts';

/**
 * Chaining. Design choice, and why:
 *
 * The chain is ordered by arrival, not by commit time. Commit ids are times, but the store has no
 * global sequence: a commit can land after another with a later id (two Lambdas racing, back-dated demo
 * history and imports), so a chain that followed commit order by catching up from the time index would
 * either skip such late commits forever or have to wait an arbitrary settle time. The audit log's job is
 * to prove that what was recorded has not changed since; arrival order does that, and every event is
 * still chained exactly once:
 *
 * 1. The consumer writes the event's entry to an inbox (`pending`, keyed by event id: a duplicate
 *    delivery rewrites the same item).
 * 2. It then drains the inbox in event-id order: read the tail (seq n, strongly consistent), and for
 *    each pending entry not yet marked as chained, put entry n+1 with a condition that n+1 is free, then
 *    put the marker `event#<id>` → n+1 and delete the inbox item. The conditional put on the next
 *    sequence number is the only serialization point: two writers racing for n+1 cannot both win, and
 *    the loser starts over from the new tail.
 * 3. Invariant: whenever entry n+1 exists, entry n's marker exists. A writer repairs (re-puts) the
 *    marker of the tail it read before appending after it, and writes each marker before its next
 *    entry. So a marker check made after reading tail n sees every event chained at or before n, and
 *    anything chained after n makes the writer's own put fail. A crash between an entry and its marker
 *    is repaired by the next drain; one between marker and inbox delete leaves an inbox item the next
 *    drain discards.
 * 4. The consumer returns only once its own events are marked, so EventBridge retries it until they are.
 *
 * Each entry's content is a pure function of its event plus `seq`, `prevHash` and `chainedAt` (kept
 * monotonic: never before the entry it follows), so the hashes are a pure function of the stored
 * entries and verification needs nothing else. The scheduled digest job also re-chains any stored event
 * that never reached the consumer (a dead-lettered delivery), so the log is complete as well as intact.
 */
const MAX_DRAIN = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The last entry this container chained: its marker is known to exist, so no repair is needed. */
let lastMarked: { seq: number; eventId: string } | undefined;

interface Drained {
  outcome: 'drained' | 'more' | 'conflict';
  /** Event ids this drain found chained or chained itself. */
  chained: Set<string>;
}

const drainOnce = async (): Promise<Drained> => {
  const chained = new Set<string>();
  if (await leaseHeld()) return { outcome: 'conflict', chained };
  const tail = await readTail();
  if (tail && !(lastMarked?.seq === tail.seq && lastMarked.eventId === tail.eventId)) {
    await putMarker(tail.eventId, tail.seq);
  }
  const pending = await listPending(MAX_DRAIN);
  if (pending.length === 0) return { outcome: 'drained', chained };
  const done = await chainedAmong(pending.map((p) => p.eventId));
  await Promise.all([...done].map(deletePending));
  for (const id of done) chained.add(id);
  let seq = tail?.seq ?? 0;
  let hash = tail?.hash ?? GENESIS_HASH;
  let last = tail?.chainedAt ?? '';
  for (const [i, body] of pending.filter((p) => !done.has(p.eventId)).entries()) {
    if (i > 0 && i % 20 === 0 && (await leaseHeld())) return { outcome: 'conflict', chained };
    const now = new Date().toISOString();
    const chainedAt = now.localeCompare(last) > 0 ? now : last;
    const sealed = seal(body, seq + 1, hash, chainedAt);
    if (!(await putEntryIfFree(entryItem(sealed, body, chainedAt)))) return { outcome: 'conflict', chained };
    await noteEarliest(body.occurredAt);
    // The marker must exist before the next entry is written (the invariant above); the inbox item
    // may go at the same time.
    await Promise.all([putMarker(body.eventId, sealed.seq), deletePending(body.eventId)]);
    lastMarked = { seq: sealed.seq, eventId: body.eventId };
    chained.add(body.eventId);
    seq = sealed.seq;
    hash = sealed.hash;
    last = chainedAt;
  }
  return { outcome: pending.length === MAX_DRAIN ? 'more' : 'drained', chained };
};

/**
 * Chains these entries (and whatever else waits in the inbox); resolves once all of them are chained.
 * One writer drains at a time in practice: a writer that loses the race for the next sequence number
 * stops writing and watches the tail, backing off, since whoever won is draining the inbox, its
 * entries included. It takes over only if the tail stops moving (the winner finished, or died).
 */
export const chainBodies = async (bodies: readonly AuditBody[]): Promise<void> => {
  if (bodies.length === 0) return;
  await Promise.all(bodies.map(putPending));
  await inTurn(() => drainUntilChained(bodies.map((b) => b.eventId)));
};

/**
 * Within one container, one drain at a time: whoever waits has its entries in the inbox already, so
 * the drain before it usually chains them, and its turn costs one read. (In Lambda a container handles
 * one event at a time; locally the bus delivers many at once into one process.)
 */
let queue: Promise<unknown> = Promise.resolve();
const inTurn = <T>(task: () => Promise<T>): Promise<T> => {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
};

const drainUntilChained = async (ids: string[]): Promise<void> => {
  let waiting = ids;
  const already = await chainedAmong(waiting);
  waiting = waiting.filter((id) => !already.has(id));
  if (waiting.length === 0) return;
  for (let round = 0; round < 500; round++) {
    const { outcome, chained } = await drainOnce();
    waiting = waiting.filter((id) => !chained.has(id));
    if (waiting.length === 0) return;
    if (outcome === 'more') continue;
    const marked = await chainedAmong(waiting);
    waiting = waiting.filter((id) => !marked.has(id));
    if (waiting.length === 0) return;
    if (outcome === 'drained') continue;
    let last = -1;
    for (let watch = 0; watch < 100; watch++) {
      await sleep(Math.min(200, 10 * 2 ** Math.min(watch, 4)) * (0.5 + Math.random()));
      const tail = (await readTail())?.seq ?? 0;
      if (tail === last) break;
      last = tail;
      const now = await chainedAmong(waiting);
      waiting = waiting.filter((id) => !now.has(id));
      if (waiting.length === 0) return;
    }
  }
  throw new Error(`Could not chain ${waiting.length} audit entries: the chain is too contended`);
};

/**
 * The stored version of a published event. The consumer chains what the event store holds, not what
 * the bus says, so an event put on the bus by anything other than the publisher never enters the log.
 */
export const storedEvent = (event: Pick<Envelope, 'id' | 'streamId' | 'streamVersion'>) =>
  eventStore.findEvent(event);

export const chainEvents = (events: readonly Envelope[]) => chainBodies(events.map(auditBody));
