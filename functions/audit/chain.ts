import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditBody, auditBody, GENESIS_HASH, seal } from '../../domain/security/audit.ts';
import type { StoredEvent } from '../../events/catalog.ts';
import type { Envelope } from '../../events/envelope.ts';
import { dynamo } from '../shared/clients.ts';
import { config } from '../shared/config.ts';
import { fromItem } from '../shared/event-store.ts';
import {
  chainedAmong,
  deletePending,
  entryItem,
  listPending,
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

const drainOnce = async (): Promise<'drained' | 'more' | 'conflict'> => {
  const tail = await readTail();
  if (tail) await putMarker(tail.eventId, tail.seq);
  const pending = await listPending(MAX_DRAIN);
  if (pending.length === 0) return 'drained';
  const done = await chainedAmong(pending.map((p) => p.eventId));
  let seq = tail?.seq ?? 0;
  let hash = tail?.hash ?? GENESIS_HASH;
  let last = tail?.chainedAt ?? '';
  for (const body of pending) {
    if (done.has(body.eventId)) {
      await deletePending(body.eventId);
      continue;
    }
    const now = new Date().toISOString();
    const chainedAt = now.localeCompare(last) > 0 ? now : last;
    const sealed = seal(body, seq + 1, hash, chainedAt);
    if (!(await putEntryIfFree(entryItem(sealed, body, chainedAt)))) return 'conflict';
    await putMarker(body.eventId, sealed.seq);
    await deletePending(body.eventId);
    seq = sealed.seq;
    hash = sealed.hash;
    last = chainedAt;
  }
  return pending.length === MAX_DRAIN ? 'more' : 'drained';
};

/** Chains these entries (and whatever else waits in the inbox); resolves once all of them are chained. */
export const chainBodies = async (bodies: readonly AuditBody[]): Promise<void> => {
  if (bodies.length === 0) return;
  await Promise.all(bodies.map(putPending));
  let waiting = bodies.map((b) => b.eventId);
  for (let attempt = 0; attempt < 200; attempt++) {
    const outcome = await drainOnce();
    const chained = await chainedAmong(waiting);
    waiting = waiting.filter((id) => !chained.has(id));
    if (waiting.length === 0) return;
    // Another writer holds the tail: give it room, with jitter so racing writers spread out.
    if (outcome === 'conflict') await sleep(Math.random() * Math.min(200, 5 * 2 ** Math.min(attempt, 6)));
  }
  throw new Error(`Could not chain ${waiting.length} audit entries: the chain is too contended`);
};

/**
 * The stored version of a published event. The consumer chains what the event store holds, not what
 * the bus says, so an event put on the bus by anything other than the publisher never enters the log.
 */
export const storedEvent = async (event: Pick<Envelope, 'id' | 'streamId' | 'streamVersion'>) => {
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: config.eventsTable,
        // A commit's version never exceeds the stream version of its events, so the event lies at or
        // below it; newest first, it is usually the first commit read.
        KeyConditionExpression: 'streamId = :s AND version <= :v',
        ExpressionAttributeValues: { ':s': event.streamId, ':v': event.streamVersion },
        ScanIndexForward: false,
        ConsistentRead: true,
        Limit: 10,
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      if (Number(item.eventCount) < event.streamVersion) return undefined;
      const found = fromItem(item).events.find((e) => e.id === event.id);
      if (found) return found as StoredEvent;
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return undefined;
};

export const chainEvents = (events: readonly Envelope[]) => chainBodies(events.map(auditBody));
