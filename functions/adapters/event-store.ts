import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { decodeTime, monotonicFactory, ulid } from 'ulid';
import {
  currentVersion,
  type DomainEvent,
  type StoredEvent,
  upcast,
  validateNew,
} from '../../events/catalog.ts';
import type { Actor, Envelope } from '../../events/envelope.ts';
import { config } from '../runtime/config.ts';
import { OUTBOX_INDEX, TIME_INDEX } from '../tables.ts';
import { dynamo } from './clients.ts';

/**
 * The event store: one DynamoDB item per commit, keyed (streamId, version) where version counts commits.
 * A conditional put on the next version makes a stale writer fail instead of overwriting, and puts every
 * event of one command in one atomic item. `pending` marks commits not yet published (a sparse index, the
 * outbox); `bucket` + `commitId` order all commits by time (the replay index).
 */
export interface Commit {
  streamId: string;
  version: number;
  commitId: string;
  committedAt: string;
  events: StoredEvent[];
}

export interface CommitMeta {
  actor: Actor;
  correlationId: string;
  causationId?: string;
  /** The business time of the commit; defaults to now. The demo history generator sets it to the past. */
  at?: Date;
  /**
   * Bulk import only: store the commit without the outbox mark, so it is never published. Nothing
   * downstream hears of such a commit; use it only for importing history after which every consumer
   * (views, audit, ...) is rebuilt from the store, never for live writes.
   */
  bulkImport?: boolean;
  /** Source of commit and event ids; the demo history passes a seeded one so it is reproducible. */
  newId?: (time: number) => string;
}

export interface StreamState {
  /** Commits so far: the aggregate version clients send back in If-Match. */
  version: number;
  /** Events so far: the streamVersion of the last event. */
  eventCount: number;
}

export class ConcurrencyError extends Error {
  override name = 'ConcurrencyError';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
  ) {
    super(`Stream ${streamId} changed after version ${expectedVersion}`);
  }
}

export class CommitTooLargeError extends Error {
  override name = 'CommitTooLargeError';
}

/** Below DynamoDB's 400 KB item limit, leaving room for the key and attribute names. */
export const MAX_COMMIT_BYTES = 380_000;
/** The replay index is partitioned by month so no single partition takes every write. */
const bucketOf = (iso: string): string => iso.slice(0, 7);
const EPOCH_BUCKET = '2020-01';

const monotonic = monotonicFactory();
let lastIdTime = 0;
/**
 * Time-ordered ids for commits and events. The monotonic factory keeps ids sortable within one
 * millisecond but would stamp a back-dated commit (demo history, imports) with the latest time seen,
 * so ids for earlier instants are generated plainly from their own time.
 */
const nextId = (time: number): string => {
  if (time < lastIdTime) return ulid(time);
  lastIdTime = time;
  return monotonic(time);
};

/** A commit as stored: the events are kept as one JSON string, which marshals far faster than nested maps. */
export interface CommitItem {
  streamId: string;
  version: number;
  commitId: string;
  committedAt: string;
  bucket: string;
  pending?: 'y';
  actorId: string;
  correlationId: string;
  eventCount: number;
  events: string;
}

export const fromItem = (item: Record<string, unknown>): Commit => {
  const raw = item as unknown as CommitItem;
  const envelopes = JSON.parse(raw.events) as Envelope[];
  return {
    streamId: raw.streamId,
    version: raw.version,
    commitId: raw.commitId,
    committedAt: raw.committedAt,
    events: envelopes.map(upcast),
  };
};

export const buildCommit = (
  streamId: string,
  expected: StreamState,
  events: readonly DomainEvent[],
  meta: CommitMeta,
): { item: CommitItem; commit: Commit } => {
  const at = meta.at ?? new Date();
  const committedAt = at.toISOString();
  const newId = meta.newId ?? nextId;
  const commitId = newId(at.getTime());
  const envelopes = events.map(
    (event, index): Envelope => ({
      // Event ids share the commit's time prefix and stay sortable within it.
      id: index === 0 ? commitId : newId(at.getTime()),
      type: event.type,
      version: currentVersion(event.type),
      streamId,
      streamVersion: expected.eventCount + index + 1,
      occurredAt: committedAt,
      actor: meta.actor,
      correlationId: meta.correlationId,
      causationId: meta.causationId ?? meta.correlationId,
      data: validateNew(event),
    }),
  );
  const body = JSON.stringify(envelopes);
  if (Buffer.byteLength(body) > MAX_COMMIT_BYTES) {
    throw new CommitTooLargeError(`A commit must stay under ${MAX_COMMIT_BYTES} bytes`);
  }
  const item: CommitItem = {
    streamId,
    version: expected.version + 1,
    commitId,
    committedAt,
    bucket: bucketOf(committedAt),
    ...(meta.bulkImport ? {} : { pending: 'y' as const }),
    actorId: meta.actor.id,
    correlationId: meta.correlationId,
    eventCount: expected.eventCount + envelopes.length,
    events: body,
  };
  const commit: Commit = {
    streamId,
    version: item.version,
    commitId,
    committedAt,
    events: envelopes as StoredEvent[],
  };
  return { item, commit };
};

/** Appends one commit after `expected`; throws ConcurrencyError if the stream moved on. */
export const append = async (
  streamId: string,
  expected: StreamState,
  events: readonly DomainEvent[],
  meta: CommitMeta,
): Promise<Commit> => {
  const { item, commit } = buildCommit(streamId, expected, events, meta);
  try {
    await dynamo().send(
      new PutCommand({
        TableName: config.eventsTable,
        Item: item,
        ConditionExpression: 'attribute_not_exists(version)',
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException)
      throw new ConcurrencyError(streamId, expected.version);
    throw error;
  }
  return commit;
};

/**
 * Bulk import: writes prepared commits (from `buildCommit` with `bulkImport`) 25 to a request and
 * without the conditional check, several times faster than `append`. Only for one writer filling
 * streams nobody else writes (the demo history on an empty store), and only when every consumer is
 * rebuilt from the store afterwards. Live writes always go through `append`.
 */
export const importCommits = async (items: readonly CommitItem[]): Promise<void> => {
  for (let i = 0; i < items.length; i += 25) {
    let requests: Record<string, unknown>[] | undefined = items
      .slice(i, i + 25)
      .map((Item) => ({ PutRequest: { Item } }));
    // BatchWrite may hand back unprocessed items under load; retry them until none are left.
    for (let attempt = 0; requests && requests.length > 0; attempt++) {
      const result = await dynamo().send(
        new BatchWriteCommand({ RequestItems: { [config.eventsTable]: requests } }),
      );
      requests = result.UnprocessedItems?.[config.eventsTable] as Record<string, unknown>[] | undefined;
      if (requests?.length) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
    }
  }
};

async function* pages(input: QueryCommandInput): AsyncGenerator<Record<string, unknown>[]> {
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new QueryCommand({ ...input, ExclusiveStartKey }));
    yield page.Items ?? [];
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

/** Reads a stream's commits after `afterVersion`, strongly consistent, in order. */
export const readStream = async (streamId: string, afterVersion = 0): Promise<Commit[]> => {
  const commits: Commit[] = [];
  for await (const items of pages({
    TableName: config.eventsTable,
    KeyConditionExpression: 'streamId = :s AND version > :v',
    ExpressionAttributeValues: { ':s': streamId, ':v': afterVersion },
    ConsistentRead: true,
  })) {
    commits.push(...items.map(fromItem));
  }
  return commits;
};

export const streamStateOf = (
  commits: readonly Commit[],
  from: StreamState = { version: 0, eventCount: 0 },
) => {
  const last = commits.at(-1);
  return last ? { version: last.version, eventCount: last.events.at(-1)?.streamVersion ?? 0 } : from;
};

/** The version of a stream from its last commit alone, for appends that need no state to decide. */
export const readStreamState = async (streamId: string): Promise<StreamState> => {
  const page = await dynamo().send(
    new QueryCommand({
      TableName: config.eventsTable,
      KeyConditionExpression: 'streamId = :s',
      ExpressionAttributeValues: { ':s': streamId },
      ProjectionExpression: 'version, eventCount',
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  const last = page.Items?.[0] as { version: number; eventCount: number } | undefined;
  return last ? { version: last.version, eventCount: last.eventCount } : { version: 0, eventCount: 0 };
};

/** Appends facts that hold whatever came before (sign-in attempts, say), retrying on a concurrent append. */
export const appendRecorded = async (
  streamId: string,
  events: readonly DomainEvent[],
  meta: CommitMeta,
): Promise<Commit> => {
  for (let attempt = 0; ; attempt++) {
    try {
      return await append(streamId, await readStreamState(streamId), events, meta);
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= 20) throw error;
    }
  }
};

const months = (from: string, to: string): string[] => {
  const result: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  const [toYear, toMonth] = to.split('-').map(Number) as [number, number];
  while (year < toYear || (year === toYear && month <= toMonth)) {
    result.push(`${year}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return result;
};

/**
 * Every commit in time order, optionally after a commit id and up to an instant: serves replay,
 * projection rebuilds, backups and point-in-time restore. Yields pages to keep memory flat.
 */
export async function* readAll(
  options: { afterCommitId?: string; until?: Date } = {},
): AsyncGenerator<Commit[]> {
  const until = (options.until ?? new Date(Date.now() + 60_000)).toISOString();
  const from = options.afterCommitId
    ? bucketOf(new Date(decodeTime(options.afterCommitId)).toISOString())
    : EPOCH_BUCKET;
  for (const bucket of months(from, bucketOf(until))) {
    const conditions = ['#bucket = :b'];
    const values: Record<string, unknown> = { ':b': bucket };
    if (options.afterCommitId) {
      conditions.push('commitId > :after');
      values[':after'] = options.afterCommitId;
    }
    for await (const items of pages({
      TableName: config.eventsTable,
      IndexName: TIME_INDEX,
      KeyConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: { '#bucket': 'bucket' },
      ExpressionAttributeValues: values,
    })) {
      const commits = items.map(fromItem).filter((c) => c.committedAt <= until);
      if (commits.length > 0) yield commits;
    }
  }
}

/** Commits written but not yet published, oldest first. */
export const readPending = async (limit = 100): Promise<Commit[]> => {
  const page = await dynamo().send(
    new QueryCommand({
      TableName: config.eventsTable,
      IndexName: OUTBOX_INDEX,
      KeyConditionExpression: 'pending = :p',
      ExpressionAttributeValues: { ':p': 'y' },
      Limit: limit,
    }),
  );
  return (page.Items ?? []).map(fromItem);
};

/** Clears the outbox mark once the commit's events are on the bus. */
export const markPublished = async (streamId: string, version: number): Promise<void> => {
  await dynamo().send(
    new UpdateCommand({
      TableName: config.eventsTable,
      Key: { streamId, version },
      UpdateExpression: 'REMOVE pending',
    }),
  );
};
