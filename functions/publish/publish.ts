import { PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { sourceOf } from '../../events/catalog.ts';
import { eventBridge } from '../adapters/clients.ts';
import { type Commit, markPublished } from '../adapters/event-store.ts';
import { config } from '../runtime/config.ts';

/** PutEvents takes at most 10 entries. */
const BATCH = 10;
const ATTEMPTS = 4;

export const entriesOf = (commit: Commit): PutEventsRequestEntry[] =>
  commit.events.map((event) => ({
    EventBusName: config.busName,
    Source: sourceOf(event.type),
    DetailType: event.type,
    Detail: JSON.stringify(event),
    Time: new Date(event.occurredAt),
  }));

const putAll = async (entries: PutEventsRequestEntry[]): Promise<void> => {
  let pending = entries;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const result = await eventBridge().send(new PutEventsCommand({ Entries: pending }));
    if (!result.FailedEntryCount) return;
    pending = pending.filter((_, i) => result.Entries?.[i]?.ErrorCode);
    if (attempt >= ATTEMPTS) {
      throw new Error(
        `EventBridge refused ${pending.length} entries: ${result.Entries?.find((e) => e.ErrorCode)?.ErrorCode}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
  }
};

/**
 * Publishes a commit, then clears its outbox mark. A crash between the two republishes the commit
 * later (at-least-once); consumers are idempotent, so that is safe, while the reverse order could lose it.
 */
export const publishCommit = async (commit: Commit): Promise<void> => {
  const entries = entriesOf(commit);
  for (let i = 0; i < entries.length; i += BATCH) await putAll(entries.slice(i, i + BATCH));
  await markPublished(commit.streamId, commit.version, commit.commitId);
};
