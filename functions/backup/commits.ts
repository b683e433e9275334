import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { decodeTime } from 'ulid';
import type { Envelope } from '../../events/envelope.ts';
import { dynamo } from '../adapters/clients.ts';
import { type CommitItem, fromItem } from '../adapters/event-store.ts';
import { TIME_INDEX } from '../tables.ts';

/**
 * Commits exactly as stored, for backups. The event store's `readAll` upcasts every event to its
 * current version, which is right for readers but wrong for a backup: stored history is never
 * rewritten, so a backup keeps each event in the version it was written with (verification and
 * restore upcast them, as every reader does). This walks the same time index as `readAll`.
 */
export type RawCommit = Omit<CommitItem, 'bucket' | 'pending'>;

/** The replay index's month partitions, as the event store writes them; nothing is older than 2020. */
const EPOCH_MONTH = '2020-01';
export const monthOf = (iso: string): string => iso.slice(0, 7);

const monthsBetween = (from: string, to: string): string[] => {
  const result: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (let current = from; current <= to; current = `${year}-${String(month).padStart(2, '0')}`) {
    result.push(current);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return result;
};

const rawOf = (item: Record<string, unknown>): RawCommit => ({
  streamId: item.streamId as string,
  version: item.version as number,
  commitId: item.commitId as string,
  committedAt: item.committedAt as string,
  actorId: item.actorId as string,
  correlationId: item.correlationId as string,
  eventCount: item.eventCount as number,
  events: item.events as string,
});

/** Month partitions whose first page is fetched ahead, in parallel: most months of a young store are empty. */
const LOOKAHEAD_MONTHS = 8;

/**
 * Pages of commits in commit-id (time) order after `afterCommitId`, committed at or before `until`.
 * The index is partitioned by month since 2020, so the first pages of the next few months are fetched
 * while the current one is read; order is kept, and at most a few pages are held at a time.
 */
export async function* readRawCommits(options: {
  table: string;
  afterCommitId?: string;
  until: string;
}): AsyncGenerator<RawCommit[]> {
  const from = options.afterCommitId
    ? monthOf(new Date(decodeTime(options.afterCommitId)).toISOString())
    : EPOCH_MONTH;
  const months = monthsBetween(from, monthOf(options.until));
  const query = (month: string, ExclusiveStartKey?: Record<string, unknown>) =>
    dynamo().send(
      new QueryCommand({
        TableName: options.table,
        IndexName: TIME_INDEX,
        KeyConditionExpression: options.afterCommitId ? '#bucket = :b AND commitId > :after' : '#bucket = :b',
        ExpressionAttributeNames: { '#bucket': 'bucket' },
        ExpressionAttributeValues: {
          ':b': month,
          ...(options.afterCommitId ? { ':after': options.afterCommitId } : {}),
        },
        ExclusiveStartKey,
      }),
    );
  const ahead = new Map<number, ReturnType<typeof query>>();
  for (let i = 0; i < months.length; i++) {
    for (let j = i; j < Math.min(months.length, i + LOOKAHEAD_MONTHS); j++) {
      if (ahead.has(j)) continue;
      const first = query(months[j]!);
      // Awaited below in order; until then a failure must not count as unhandled.
      first.catch(() => undefined);
      ahead.set(j, first);
    }
    let page = await ahead.get(i)!;
    ahead.delete(i);
    for (;;) {
      const commits = (page.Items ?? []).map(rawOf).filter((c) => c.committedAt <= options.until);
      if (commits.length > 0) yield commits;
      if (!page.LastEvaluatedKey) break;
      page = await query(months[i]!, page.LastEvaluatedKey);
    }
  }
}

/** The same commits as the event store's readers see them: events upcast to their current versions. */
export async function* readCommits(options: { table: string; afterCommitId?: string; until: string }) {
  for await (const page of readRawCommits(options))
    yield page.map((c) => fromItem(c as unknown as Record<string, unknown>));
}

/**
 * One backup line: the commit's fields, then its events as the stored JSON text, verbatim (no parse
 * and re-serialize on the hot path). `events` comes last so a reader can find it without parsing.
 */
export const lineOf = (commit: RawCommit): string => {
  const { events, ...meta } = commit;
  return `${JSON.stringify(meta).slice(0, -1)},"events":${events}}\n`;
};

/** A backup line read back: the commit with its events in their stored versions. */
export interface BackedUpCommit extends Omit<RawCommit, 'events'> {
  events: Envelope[];
}

/** The item to write when restoring a commit: as stored, but never marked for publishing again. */
export const itemOf = (commit: BackedUpCommit): CommitItem => ({
  streamId: commit.streamId,
  version: commit.version,
  commitId: commit.commitId,
  committedAt: commit.committedAt,
  bucket: monthOf(commit.committedAt),
  actorId: commit.actorId,
  correlationId: commit.correlationId,
  eventCount: commit.eventCount,
  events: JSON.stringify(commit.events),
});
