import { type AttributeValue, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, AttributeValue as StreamAttributeValue } from 'aws-lambda';
import { decodeTime, ulid } from 'ulid';
import type { DomainEvent, StoredEvent } from '../../events/catalog.ts';
import type { Envelope } from '../../events/envelope.ts';
import {
  appendRecordedTo,
  assertDistinctStreams,
  boundsOf,
  type Commit,
  type CommitMeta,
  ConcurrencyError,
  commitOf,
  DamagedCommitError,
  damageOf,
  EMPTY_STREAM,
  type EventStore,
  type NewCommit,
  newWriteId,
  prepareCommit,
  type ReadAllOptions,
  type ReadWrittenOptions,
  type StoredCommit,
  type StreamState,
  writeIdOf,
} from '../application/event-store-port.ts';
import { config } from '../runtime/config.ts';
import { OUTBOX_INDEX, TIME_INDEX, WRITE_INDEX } from '../tables.ts';
import { dynamo } from './clients.ts';

export {
  type Commit,
  type CommitMeta,
  CommitTooLargeError,
  ConcurrencyError,
  type EventStore,
  MAX_COMMIT_BYTES,
  type NewCommit,
  type StoredCommit,
  type StreamState,
  streamStateOf,
} from '../application/event-store-port.ts';

/**
 * The DynamoDB adapter of the event-store port, and the only code that knows the events table's layout:
 *
 * - one item per commit, keyed (`streamId`, `version`) where version counts commits. A conditional put
 *   on the next version makes a stale writer fail instead of overwriting, and puts every event of one
 *   command in one atomic item. The events are kept as one JSON string (`events`), which marshals far
 *   faster than nested maps.
 * - `pending` = 'y' marks commits not yet published: a sparse index (`outbox`), the outbox.
 * - `bucket` (the month of `committedAt`) + `commitId` order all commits by time: the replay index
 *   (`byTime`), partitioned by month so no single partition takes every write.
 * - `writeBucket` (the month it was written) + `writeId` order the commits written after their own time
 *   (imports, appends given a past time): a sparse index (`byWrite`). With the others, whose commit id is
 *   their write id, it gives the order commits were written in (`readWritten`, for backups).
 * - Local only (dynalite has no transactions, see `appendMany`): `pending` = 's' and `txn` mark a commit
 *   staged by an unfinished multi-stream append; it has no `bucket` yet, so replay never sees it, and
 *   readers of its stream skip it.
 */
interface CommitItem extends StoredCommit {
  bucket?: string;
  writeBucket?: string;
  pending?: typeof PENDING | typeof STAGED;
  /** Local multi-stream appends only: the id of the unfinished append that staged this commit. */
  txn?: string;
  /** Local multi-stream appends only: every commit of that append, to finish or undo it after a crash. */
  txnMembers?: { streamId: string; version: number }[];
  /**
   * Local repairs only: a stand-in briefly put where a crash left index entries without their item, so
   * that deleting it deletes them (dynalite deletes a deleted item's index entries, not stray ones).
   */
  dropping?: string;
}

const PENDING = 'y';
const STAGED = 's';

/** The replay index's month partitions: nothing is older than 2020. */
const bucketOf = (iso: string): string => iso.slice(0, 7);
const EPOCH_BUCKET = '2020-01';

const writeBucketOf = (writeId: string): string => bucketOf(new Date(decodeTime(writeId)).toISOString());

const itemOf = (stored: StoredCommit, mark?: typeof PENDING): CommitItem => ({
  ...stored,
  bucket: bucketOf(stored.committedAt),
  ...(stored.writeId ? { writeBucket: writeBucketOf(stored.writeId) } : {}),
  ...(mark ? { pending: mark } : {}),
});

const storedOf = (item: Record<string, unknown>): StoredCommit => ({
  streamId: item.streamId as string,
  version: item.version as number,
  commitId: item.commitId as string,
  committedAt: item.committedAt as string,
  actorId: item.actorId as string,
  correlationId: item.correlationId as string,
  eventCount: item.eventCount as number,
  events: item.events as string,
  ...(typeof item.writeId === 'string' ? { writeId: item.writeId } : {}),
});

const fromItem = (item: Record<string, unknown>): Commit => commitOf(item as unknown as StoredCommit);

/** Staged by an unfinished multi-stream append, or a repair's stand-in: not a commit of the stream. */
const isStaged = (item: Record<string, unknown>) => item.txn !== undefined || item.dropping !== undefined;

/** An index entry of the events table: the projected item (ALL), keyed like its item. */
type IndexEntry = Pick<
  CommitItem,
  'streamId' | 'version' | 'commitId' | 'bucket' | 'pending' | 'writeBucket' | 'writeId'
>;

const keyOf = (item: { streamId: string; version: number }) => `${item.streamId}#${item.version}`;

/** What a store check found, and (with repair) did about it. */
export interface StoreCheckReport {
  /**
   * Whether every item was scanned: false for the check after a clean stop, which only settles the
   * multi-stream appends the stop left staged (found by their index entries).
   */
  scanned: boolean;
  /** Items scanned. */
  items: number;
  /** One line per finding, each saying what was found and what was done. */
  findings: string[];
  /** Counts by kind. */
  keyOnly: number;
  damaged: number;
  orphanEntries: number;
  staleEntries: number;
  pendingWithoutEntry: number;
  stagedFinished: number;
  stagedUndone: number;
  standIns: number;
  /** Whether anything was changed. */
  repaired: boolean;
}

const months = (from: string, to: string): string[] => {
  const result: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (let current = from; current <= to; current = `${year}-${String(month).padStart(2, '0')}`) {
    result.push(current);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return result;
};

/** What the store check reads of each item: all but the events. */
const SCAN_ATTRIBUTES = [
  'streamId',
  'version',
  'commitId',
  'committedAt',
  'eventCount',
  'pending',
  'bucket',
  'txn',
  'txnMembers',
  'dropping',
] as const;

/** Month partitions whose first page is fetched ahead, in parallel: most months of a young store are empty. */
const LOOKAHEAD_MONTHS = 8;
/** TransactWriteItems takes at most 100 actions. */
const MAX_TRANSACTION_COMMITS = 100;
/** A staged local multi-stream append older than this is taken for crashed and finished or undone. */
export const STAGED_TIMEOUT_MS = 60_000;

const isUnknownOperation = (error: unknown) =>
  error instanceof Error &&
  (error.name === 'UnknownOperationException' || error.name.endsWith('#UnknownOperationException'));

/** Set once TransactWriteItems has been refused as unknown (dynalite): later appends go straight to the local path. */
let transactionsMissing = false;

export interface DynamoEventStoreOptions {
  /** The events table; defaults to the function's configured one (read at each call). */
  table?: string;
  /** Force the multi-stream append without transactions (tests of the local path on any DynamoDB). */
  withoutTransactions?: boolean;
  /** The client to use; defaults to the functions' shared document client. */
  client?: DynamoDBDocumentClient;
  /** Told of every damaged item the publishing path meets and drops or skips; defaults to console.warn. */
  onDamage?: (message: string) => void;
}

export class DynamoEventStore implements EventStore {
  constructor(private readonly options: DynamoEventStoreOptions = {}) {}

  private get table(): string {
    return this.options.table ?? config.eventsTable;
  }

  private get db(): DynamoDBDocumentClient {
    return this.options.client ?? dynamo();
  }

  private async *pages(
    input: Omit<QueryCommandInput, 'TableName'>,
  ): AsyncGenerator<Record<string, unknown>[]> {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({ ...input, TableName: this.table, ExclusiveStartKey }),
      );
      yield page.Items ?? [];
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }

  async readStream(streamId: string, afterVersion = 0): Promise<Commit[]> {
    const commits: Commit[] = [];
    for await (const items of this.pages({
      KeyConditionExpression: 'streamId = :s AND version > :v',
      ExpressionAttributeValues: { ':s': streamId, ':v': afterVersion },
      ConsistentRead: true,
    })) {
      for (const item of items) if (!isStaged(item)) commits.push(fromItem(item));
    }
    return commits;
  }

  /** The stream's newest committed items (a staged commit is always the newest, and never two at once). */
  private async lastItem(streamId: string, projection?: string) {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'streamId = :s',
        ExpressionAttributeValues: { ':s': streamId },
        ...(projection ? { ProjectionExpression: projection } : {}),
        ScanIndexForward: false,
        Limit: 3,
        ConsistentRead: true,
      }),
    );
    return page.Items?.find((item) => !isStaged(item));
  }

  async readStreamState(streamId: string): Promise<StreamState> {
    const last = (await this.lastItem(streamId, 'version, eventCount, txn, dropping, commitId')) as
      | { version: number; eventCount?: number; commitId?: string }
      | undefined;
    if (!last) return EMPTY_STREAM;
    // A damaged tail (a key-only item) must not be built on: name it instead.
    if (typeof last.eventCount !== 'number' || typeof last.commitId !== 'string')
      throw new DamagedCommitError(streamId, last.version, 'it has no commit id or event count');
    return { version: last.version, eventCount: last.eventCount };
  }

  async readLastCommit(streamId: string): Promise<Commit | undefined> {
    const item = await this.lastItem(streamId);
    return item ? fromItem(item) : undefined;
  }

  async findEvent(
    event: Pick<Envelope, 'id' | 'streamId' | 'streamVersion'>,
  ): Promise<StoredEvent | undefined> {
    // A commit's version never exceeds the stream version of its events, so the event lies at or
    // below it; newest first, it is usually the first commit read.
    for await (const items of this.pages({
      KeyConditionExpression: 'streamId = :s AND version <= :v',
      ExpressionAttributeValues: { ':s': event.streamId, ':v': event.streamVersion },
      ScanIndexForward: false,
      ConsistentRead: true,
      Limit: 10,
    })) {
      for (const item of items) {
        if (isStaged(item)) continue;
        if (Number(item.eventCount) < event.streamVersion) return undefined;
        const found = fromItem(item).events.find((e) => e.id === event.id);
        if (found) return found;
      }
    }
    return undefined;
  }

  async append(
    streamId: string,
    expected: StreamState,
    events: readonly DomainEvent[],
    meta: CommitMeta,
  ): Promise<Commit> {
    const { stored, commit } = prepareCommit(streamId, expected, events, meta);
    await this.putCommit(stored, expected);
    return commit;
  }

  /**
   * In AWS one TransactWriteItems of conditional puts: all or nothing, isolated from readers. Where the
   * operation is unknown (dynalite), the local path below (`appendStaged`) gives all or nothing but not
   * isolation; README "Event store" says what differs.
   */
  async appendMany(requests: readonly NewCommit[], meta: CommitMeta): Promise<Commit[]> {
    assertDistinctStreams(requests);
    if (requests.length === 0) return [];
    const prepared = requests.map((r) => prepareCommit(r.streamId, r.expected, r.events, meta));
    if (prepared.length === 1) {
      // One commit is atomic on its own; no transaction needed.
      const only = requests[0]!;
      await this.putCommit(prepared[0]!.stored, only.expected);
      return [prepared[0]!.commit];
    }
    if (prepared.length > MAX_TRANSACTION_COMMITS)
      throw new Error(`appendMany takes at most ${MAX_TRANSACTION_COMMITS} commits`);
    if (!transactionsMissing && !this.options.withoutTransactions) {
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: prepared.map(({ stored }) => ({
              Put: {
                TableName: this.table,
                Item: itemOf(stored, PENDING),
                ConditionExpression: 'attribute_not_exists(version)',
              },
            })),
          }),
        );
        return prepared.map((p) => p.commit);
      } catch (error) {
        if (!isUnknownOperation(error)) throw this.transactionError(error, requests);
        transactionsMissing = true;
      }
    }
    await this.appendStaged(prepared.map((p, i) => ({ stored: p.stored, expected: requests[i]!.expected })));
    return prepared.map((p) => p.commit);
  }

  private async putCommit(stored: StoredCommit, expected: StreamState) {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: itemOf(stored, PENDING),
          ConditionExpression: 'attribute_not_exists(version)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new ConcurrencyError(stored.streamId, expected.version);
      throw error;
    }
  }

  /**
   * A cancelled transaction whose reason is a failed condition (the stream moved on) or a conflict with
   * another transaction in flight on the same commit is a concurrency conflict on that stream: the
   * caller decides again on fresh state. Any other reason passes through.
   */
  private transactionError(error: unknown, requests: readonly NewCommit[]): unknown {
    if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return error;
    const reasons =
      (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    const index = reasons.findIndex(
      (r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict',
    );
    if (index < 0) return error;
    const request = requests[index]!;
    return new ConcurrencyError(request.streamId, request.expected.version);
  }

  /**
   * The multi-stream append without transactions (dynalite). Three steps, commits always in streamId
   * order:
   *
   * 1. Stage: a conditional put of each commit, marked `pending` = 's' with the append's `txn` id and
   *    the list of its members, and without `bucket`. A staged commit is invisible to the publisher
   *    (which reads `pending` = 'y'), to replay (no `bucket`) and to readers of its stream (they skip
   *    it, so a writer deciding on the stream conflicts on the staged version rather than building on
   *    it). If any put fails, the ones already staged are deleted on the condition that they still
   *    carry this `txn`, and the error is thrown: nothing was ever visible, nothing stays.
   * 2. Commit: each staged commit in turn gets `bucket` and `pending` = 'y' and loses `txn`, on the
   *    condition that it still carries this `txn`. From here on the append only goes forward.
   * 3. A crash between or during the steps leaves staged commits; `recoverStaged` (run by the sweeper)
   *    finishes an append whose members are all staged or committed, and undoes one missing a member.
   */
  private async appendStaged(commits: { stored: StoredCommit; expected: StreamState }[]): Promise<void> {
    const txn = ulid();
    const ordered = [...commits].sort((a, b) => (a.stored.streamId < b.stored.streamId ? -1 : 1));
    const txnMembers = ordered.map(({ stored }) => ({ streamId: stored.streamId, version: stored.version }));
    const staged: StoredCommit[] = [];
    for (const { stored, expected } of ordered) {
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...stored, pending: STAGED, txn, txnMembers } satisfies CommitItem,
            ConditionExpression: 'attribute_not_exists(version)',
          }),
        );
        staged.push(stored);
      } catch (error) {
        await this.unstage(txn, staged);
        if (error instanceof ConditionalCheckFailedException)
          throw new ConcurrencyError(stored.streamId, expected.version);
        throw error;
      }
    }
    for (const stored of ordered.map((c) => c.stored)) await this.commitStaged(txn, stored);
  }

  /** Deletes staged commits of `txn` that still carry it. */
  private async unstage(txn: string, staged: readonly Pick<StoredCommit, 'streamId' | 'version'>[]) {
    for (const { streamId, version } of staged) {
      try {
        await this.db.send(
          new DeleteCommand({
            TableName: this.table,
            Key: { streamId, version },
            ConditionExpression: 'txn = :txn',
            ExpressionAttributeValues: { ':txn': txn },
          }),
        );
      } catch (error) {
        // Not ours any more (already undone by recovery): nothing to delete.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }

  /** Makes a staged commit of `txn` visible and publishable; already done (by recovery) is fine. */
  private async commitStaged(
    txn: string,
    stored: Pick<StoredCommit, 'streamId' | 'version' | 'committedAt' | 'commitId' | 'writeId'>,
  ) {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { streamId: stored.streamId, version: stored.version },
          UpdateExpression: `SET #bucket = :bucket, pending = :pending${stored.writeId ? ', writeBucket = :writeBucket' : ''} REMOVE txn, txnMembers`,
          ConditionExpression: 'attribute_exists(version) AND txn = :txn',
          ExpressionAttributeNames: { '#bucket': 'bucket' },
          ExpressionAttributeValues: {
            ':bucket': bucketOf(stored.committedAt),
            ':pending': PENDING,
            ':txn': txn,
            ...(stored.writeId ? { ':writeBucket': writeBucketOf(stored.writeId) } : {}),
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const now = await this.db.send(
        new GetCommand({
          TableName: this.table,
          Key: { streamId: stored.streamId, version: stored.version },
          ConsistentRead: true,
        }),
      );
      if (now.Item && now.Item.txn === undefined && (now.Item as CommitItem).commitId === stored.commitId)
        return;
      throw new Error(`The multi-stream append ${txn} was undone while it was being committed`);
    }
  }

  /**
   * Finishes or undoes local multi-stream appends that stayed staged longer than `olderThanMs` (a
   * crashed writer): finished when every member is still there (staged or committed), undone when a
   * member was never written. Returns how many appends it settled. In AWS nothing is ever staged.
   */
  async recoverStaged(olderThanMs = STAGED_TIMEOUT_MS, now = Date.now()): Promise<number> {
    const txns = await this.stagedByIndex(olderThanMs, now);
    for (const [txn, sample] of txns) {
      const members = sample.txnMembers ?? [];
      const found = await Promise.all(members.map((key) => this.getItem(key)));
      const complete = found.every((item) => item && (item.txn === txn || item.txn === undefined));
      const staged = found.filter((item): item is CommitItem => item?.txn === txn);
      if (complete) for (const item of staged) await this.commitStaged(txn, item);
      else await this.unstage(txn, staged);
    }
    return txns.size;
  }

  /** Multi-stream appends staged at least `olderThanMs` ago, one staged commit of each, by the outbox index. */
  private async stagedByIndex(olderThanMs: number, now: number): Promise<Map<string, CommitItem>> {
    const txns = new Map<string, CommitItem>();
    for await (const items of this.pages({
      IndexName: OUTBOX_INDEX,
      KeyConditionExpression: 'pending = :p',
      ExpressionAttributeValues: { ':p': STAGED },
    })) {
      for (const item of items as unknown as CommitItem[]) {
        if (item.txn && now - decodeTime(item.txn) >= olderThanMs && !txns.has(item.txn))
          txns.set(item.txn, item);
      }
    }
    return txns;
  }

  /**
   * The store check's part for staged multi-stream appends: each finished when every member was written
   * (staged or committed), undone otherwise; with `repair` false only reported.
   */
  private async settleStaged(
    txns: Map<string, CommitItem>,
    lookup: (key: { streamId: string; version: number }) => Promise<CommitItem | undefined>,
    report: StoreCheckReport,
    repair: boolean,
  ): Promise<void> {
    const act = (done: string, found: string) => (repair ? done : `${found} (not repaired: report only)`);
    for (const [txn, sample] of txns) {
      const members = sample.txnMembers ?? [];
      const found = await Promise.all(members.map(lookup));
      const complete = found.every((item) => item && (item.txn === txn || item.txn === undefined));
      const staged = found.filter((item): item is CommitItem => item?.txn === txn);
      const streams = members.map((m) => `${m.streamId} version ${m.version}`).join(', ');
      if (complete) {
        report.stagedFinished++;
        report.findings.push(
          act(
            `finished the multi-stream append ${txn} a crash cut short (${streams})`,
            `an unfinished multi-stream append ${txn} with every commit written (${streams})`,
          ),
        );
        if (repair) for (const item of staged) await this.commitStaged(txn, item);
      } else {
        report.stagedUndone++;
        report.findings.push(
          act(
            `undid the multi-stream append ${txn} a crash cut short before all its commits were written (${streams})`,
            `an unfinished multi-stream append ${txn} missing commits (${streams})`,
          ),
        );
        if (repair) await this.unstage(txn, staged);
      }
    }
  }

  /**
   * Checks the table for what a crash of a store that is not crash-atomic (dynalite) can leave, and with
   * `repair` fixes it. Only for a store nobody writes meanwhile (local start-up, `npm run store:check`).
   * With `afterCleanStop` (the store's last stop cut no write short) only the multi-stream appends left
   * staged are looked for, by their index entries, not by a scan; otherwise the whole table is checked:
   *
   * - key-only or otherwise damaged items (no commit id, time or events): never an acknowledged commit
   *   (a put writes its item whole), so repair deletes them, on the condition that they are still damaged;
   * - repair stand-ins a crash left (see `dropEntries`): deleted;
   * - staged multi-stream appends (found by scanning, as a crash can leave a staged item without its index
   *   entry): finished when every member was written, undone otherwise;
   * - commits marked for the outbox without their outbox entry (a crash during an update): put again as
   *   they are, which writes the entry, so they are published;
   * - outbox entries, and time-index entries of the last `recentMonths` months (all with `recentMonths`
   *   undefined), whose commit was never written: dropped, so they are neither published nor replayed;
   *   entries whose item is another commit are reported.
   *
   * It never deletes or rewrites a whole commit other than putting it back unchanged.
   */
  async checkStore(options: {
    repair: boolean;
    recentMonths?: number;
    afterCleanStop?: boolean;
  }): Promise<StoreCheckReport> {
    const report: StoreCheckReport = {
      scanned: !options.afterCleanStop,
      items: 0,
      findings: [],
      keyOnly: 0,
      damaged: 0,
      orphanEntries: 0,
      staleEntries: 0,
      pendingWithoutEntry: 0,
      stagedFinished: 0,
      stagedUndone: 0,
      standIns: 0,
      repaired: false,
    };
    const { repair } = options;
    if (options.afterCleanStop) {
      // Nothing was cut between its writes, but a stop can fall between the commits of a multi-stream
      // append (their writer's requests refused), and each staged commit has its index entry.
      await this.settleStaged(
        await this.stagedByIndex(0, Date.now()),
        (key) => this.getItem(key),
        report,
        repair,
      );
      report.repaired = repair && report.findings.length > 0;
      return report;
    }
    const act = (done: string, found: string) => (repair ? done : `${found} (not repaired: report only)`);
    const scanAll = async () => {
      const all = new Map<string, CommitItem>();
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await this.db.send(
          new ScanCommand({
            TableName: this.table,
            ExclusiveStartKey,
            ConsistentRead: true,
            // Everything but the events (the bulk of every item): a crash never leaves an item without
            // them but with its ids, as a put writes its item whole.
            ProjectionExpression: SCAN_ATTRIBUTES.map((_, i) => `#a${i}`).join(', '),
            ExpressionAttributeNames: Object.fromEntries(SCAN_ATTRIBUTES.map((name, i) => [`#a${i}`, name])),
          }),
        );
        for (const item of (page.Items ?? []) as unknown as CommitItem[]) all.set(keyOf(item), item);
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return all;
    };

    // 1. Stand-ins, damaged items and staged appends, from a scan of every item.
    let items = await scanAll();
    const txns = new Map<string, CommitItem>();
    for (const item of items.values()) {
      const raw = item as unknown as Record<string, unknown>;
      const where = `${item.streamId} version ${item.version}`;
      if (item.dropping !== undefined) {
        report.standIns++;
        report.findings.push(act(`deleted a repair stand-in at ${where}`, `a repair stand-in at ${where}`));
        if (repair) await this.deleteStandIn(item, item.dropping);
        continue;
      }
      if (item.txn !== undefined) {
        if (!txns.has(item.txn)) txns.set(item.txn, item);
        continue;
      }
      const damage = damageOf({ ...raw, events: raw.eventCount === undefined ? undefined : '' });
      if (!damage) continue;
      const keyOnly =
        Object.keys(raw).length === 2 ||
        Object.keys(raw).every((k) => ['streamId', 'version', 'pending', 'bucket'].includes(k));
      if (keyOnly) report.keyOnly++;
      else report.damaged++;
      report.findings.push(
        act(`deleted the damaged item at ${where}: ${damage}`, `damaged item at ${where}: ${damage}`),
      );
      if (repair) {
        try {
          await this.db.send(
            new DeleteCommand({
              TableName: this.table,
              Key: { streamId: item.streamId, version: item.version },
              ConditionExpression:
                'attribute_not_exists(commitId) OR attribute_not_exists(committedAt) OR attribute_not_exists(events)',
            }),
          );
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }
    }
    const scanned = items;
    await this.settleStaged(txns, async (key) => scanned.get(keyOf(key)), report, repair);
    if (repair && report.findings.length > 0) items = await scanAll();

    // 2. Index entries against their items.
    const entries = new Map<string, IndexEntry>();
    const seenOutbox = new Set<string>();
    const collect = (entry: IndexEntry) => {
      const id = `${keyOf(entry)}#${entry.commitId}`;
      const known = entries.get(id);
      entries.set(id, { ...known, ...entry, ...(known?.pending ? { pending: known.pending } : {}) });
    };
    for (const mark of [PENDING, STAGED]) {
      for await (const page of this.pages({
        IndexName: OUTBOX_INDEX,
        KeyConditionExpression: 'pending = :p',
        ExpressionAttributeValues: { ':p': mark },
      })) {
        for (const entry of page as unknown as IndexEntry[]) {
          seenOutbox.add(`${keyOf(entry)}#${entry.commitId}#${entry.pending}`);
          collect({
            streamId: entry.streamId,
            version: entry.version,
            commitId: entry.commitId,
            pending: entry.pending,
            ...(entry.bucket ? { bucket: entry.bucket } : {}),
          });
        }
      }
    }
    const now = new Date();
    const from =
      options.recentMonths === undefined
        ? EPOCH_BUCKET
        : bucketOf(
            new Date(
              Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - options.recentMonths, 1),
            ).toISOString(),
          );
    for (const month of months(
      from < EPOCH_BUCKET ? EPOCH_BUCKET : from,
      bucketOf(new Date(now.getTime() + 31 * 86_400_000).toISOString()),
    )) {
      for await (const page of this.pages({
        IndexName: TIME_INDEX,
        KeyConditionExpression: '#bucket = :b',
        ExpressionAttributeNames: { '#bucket': 'bucket' },
        ExpressionAttributeValues: { ':b': month },
        ProjectionExpression: 'streamId, version, commitId, #bucket, writeBucket, writeId',
      })) {
        for (const entry of page as unknown as IndexEntry[]) {
          const item = items.get(keyOf(entry));
          if (item?.commitId === entry.commitId) continue;
          collect({
            streamId: entry.streamId,
            version: entry.version,
            commitId: entry.commitId,
            bucket: entry.bucket,
            ...(entry.writeId ? { writeBucket: entry.writeBucket, writeId: entry.writeId } : {}),
          });
        }
      }
      // Back-dated commits are in the write index by the month they were written.
      for await (const page of this.pages({
        IndexName: WRITE_INDEX,
        KeyConditionExpression: 'writeBucket = :b',
        ExpressionAttributeValues: { ':b': month },
        ProjectionExpression: 'streamId, version, commitId, #bucket, writeBucket, writeId',
        ExpressionAttributeNames: { '#bucket': 'bucket' },
      })) {
        for (const entry of page as unknown as IndexEntry[]) {
          const item = items.get(keyOf(entry));
          if (item?.commitId === entry.commitId) continue;
          collect({
            streamId: entry.streamId,
            version: entry.version,
            commitId: entry.commitId,
            ...(entry.bucket ? { bucket: entry.bucket } : {}),
            writeBucket: entry.writeBucket,
            writeId: entry.writeId,
          });
        }
      }
    }
    for (const entry of entries.values()) {
      const item = items.get(keyOf(entry));
      const where = `${entry.streamId} version ${entry.version} (commit ${entry.commitId})`;
      if (!item) {
        report.orphanEntries++;
        report.findings.push(
          act(
            `dropped the index entries of ${where}: its commit was never written (a crash)`,
            `index entries of ${where} whose commit was never written`,
          ),
        );
        if (repair) await this.dropEntries(entry);
      } else if (item.commitId !== entry.commitId) {
        report.staleEntries++;
        report.findings.push(
          `index entries of ${where}, where the stream holds commit ${item.commitId}: left as they are (the publisher skips them)`,
        );
      }
    }

    // 3. Commits marked for the outbox without their entry: put back unchanged, which writes it.
    for (const item of items.values()) {
      if (item.pending !== PENDING || item.dropping !== undefined || item.eventCount === undefined) continue;
      if (seenOutbox.has(`${keyOf(item)}#${item.commitId}#${PENDING}`)) continue;
      report.pendingWithoutEntry++;
      const where = `${item.streamId} version ${item.version}`;
      report.findings.push(
        act(
          `wrote the missing outbox entry of ${where}, so it is published`,
          `${where} is marked for publishing but has no outbox entry`,
        ),
      );
      if (repair) {
        try {
          const whole = await this.getItem(item);
          if (whole?.commitId === item.commitId && whole.events !== undefined)
            await this.db.send(
              new PutCommand({
                TableName: this.table,
                Item: whole,
                ConditionExpression: 'commitId = :c AND pending = :p',
                ExpressionAttributeValues: { ':c': item.commitId, ':p': PENDING },
              }),
            );
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }
    }
    report.items = items.size;
    report.repaired = repair && report.findings.length > report.staleEntries;
    return report;
  }

  /** Pages of raw items of the time index, in time order (or newest first), within the options' bounds. */
  private async *timeItems(options: ReadAllOptions): AsyncGenerator<Record<string, unknown>[]> {
    const { until, since } = boundsOf(options);
    const starts = [
      EPOCH_BUCKET,
      ...(since ? [bucketOf(since)] : []),
      ...(options.afterCommitId ? [bucketOf(new Date(decodeTime(options.afterCommitId)).toISOString())] : []),
    ].sort();
    const walk = months(starts.at(-1)!, bucketOf(until));
    if (options.newestFirst) walk.reverse();
    // With a page size, each query asks for twice the commits of the one before (up to 32 times the
    // first): a walk that must go further than its first page gets there in a few round trips.
    let queried = 0;
    const query = (month: string, ExclusiveStartKey?: Record<string, unknown>) =>
      this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: TIME_INDEX,
          KeyConditionExpression: options.afterCommitId
            ? '#bucket = :b AND commitId > :after'
            : '#bucket = :b',
          ExpressionAttributeNames: { '#bucket': 'bucket' },
          ExpressionAttributeValues: {
            ':b': month,
            ...(options.afterCommitId ? { ':after': options.afterCommitId } : {}),
          },
          ScanIndexForward: !options.newestFirst,
          ...(options.pageSize ? { Limit: options.pageSize * 2 ** Math.min(queried++, 5) } : {}),
          ExclusiveStartKey,
        }),
      );
    // The first pages of the next few months are fetched while the current one is read; order is
    // kept, and at most a few pages are held at a time. A newest-first walk reads "the latest N" and
    // usually stops within its first page, so it reads no month ahead: those pages would go unused.
    const lookahead = options.newestFirst ? 1 : LOOKAHEAD_MONTHS;
    const ahead = new Map<number, ReturnType<typeof query>>();
    try {
      for (let i = 0; i < walk.length; i++) {
        for (let j = i; j < Math.min(walk.length, i + lookahead); j++) {
          if (ahead.has(j)) continue;
          const first = query(walk[j]!);
          // Awaited below in order; until then a failure must not count as unhandled.
          first.catch(() => undefined);
          ahead.set(j, first);
        }
        let page = await ahead.get(i)!;
        ahead.delete(i);
        for (;;) {
          const items = (page.Items ?? []).filter((item) => {
            const at = item.committedAt as string;
            // A repair's stand-in (see dropEntries) is briefly in the index: never a commit.
            return at <= until && (!since || at >= since) && item.dropping === undefined;
          });
          if (items.length > 0) yield items;
          if (!page.LastEvaluatedKey) break;
          page = await query(walk[i]!, page.LastEvaluatedKey);
        }
      }
    } finally {
      ahead.clear();
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<Commit[]> {
    for await (const items of this.timeItems(options)) yield items.map(fromItem);
  }

  async *readWritten(options: ReadWrittenOptions): AsyncGenerator<StoredCommit[]> {
    // Nothing is written in the future: the month walks stop at the present.
    const soon = new Date(Date.now() + 60_000).toISOString();
    // biome-ignore lint/complexity/useMathMinMax: these are ISO date strings, which Math.min cannot compare
    const bounded = { ...options, until: options.until < soon ? options.until : soon };
    yield* mergeByWriteId(this.writtenInTime(bounded), this.writtenLater(bounded));
  }

  /** Commits written at their own time, by commit id (= write id): the replay index without the rest. */
  private async *writtenInTime(options: ReadWrittenOptions): AsyncGenerator<StoredCommit> {
    for await (const items of this.timeItems({ afterCommitId: options.afterWriteId, until: options.until }))
      for (const item of items) if (item.writeId === undefined) yield storedOf(item);
  }

  /** Commits written after their own time, by write id, from the sparse write index. */
  private async *writtenLater(options: ReadWrittenOptions): AsyncGenerator<StoredCommit> {
    const until = Date.parse(options.until);
    const after = options.afterWriteId;
    const from = after ? writeBucketOf(after) : EPOCH_BUCKET;
    for (const month of months(from < EPOCH_BUCKET ? EPOCH_BUCKET : from, bucketOf(options.until))) {
      for await (const items of this.pages({
        IndexName: WRITE_INDEX,
        KeyConditionExpression: after ? 'writeBucket = :m AND writeId > :after' : 'writeBucket = :m',
        ExpressionAttributeValues: { ':m': month, ...(after ? { ':after': after } : {}) },
      })) {
        for (const item of items) {
          if (decodeTime(item.writeId as string) > until) return;
          // A repair's stand-in (see dropEntries) is briefly in the index: never a commit.
          if (item.dropping === undefined) yield storedOf(item);
        }
      }
    }
  }

  /**
   * The first page of the outbox index: commits marked for publishing, oldest first, each checked
   * against its item (read consistently). An entry is only published when its item is that very commit,
   * whole and still marked. dynalite is not crash-atomic: a crash can leave an entry whose item was never
   * written (the append was never acknowledged); such an entry is dropped and reported, never published.
   * An entry whose item is not (or no longer) that marked commit is skipped: in AWS a lagging index, locally
   * a crash the store check repairs.
   */
  private async pendingItems(limit: number): Promise<Record<string, unknown>[]> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: OUTBOX_INDEX,
        KeyConditionExpression: 'pending = :p',
        ExpressionAttributeValues: { ':p': PENDING },
        Limit: limit,
      }),
    );
    const entries = (page.Items ?? []) as unknown as CommitItem[];
    const items = await Promise.all(entries.map((entry) => this.getItem(entry)));
    const ready: Record<string, unknown>[] = [];
    for (const [i, entry] of entries.entries()) {
      const item = items[i];
      if (!item) {
        if (await this.dropEntries(entry))
          this.report(
            `dropped the outbox entry of ${entry.streamId} version ${entry.version} (commit ${entry.commitId}): its commit was never written (a crash); not published`,
          );
        continue;
      }
      if (
        item.commitId !== entry.commitId ||
        item.pending !== PENDING ||
        isStaged(item as unknown as Record<string, unknown>)
      )
        continue;
      const damage = damageOf(item as unknown as Record<string, unknown>);
      if (damage) {
        this.report(`skipped ${entry.streamId} version ${entry.version} in the outbox: ${damage}`);
        continue;
      }
      ready.push(item as unknown as Record<string, unknown>);
    }
    return ready;
  }

  private report(message: string) {
    (this.options.onDamage ?? ((m: string) => console.warn(`[event store] ${m}`)))(message);
  }

  private async getItem(key: { streamId: string; version: number }): Promise<CommitItem | undefined> {
    const result = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: { streamId: key.streamId, version: key.version },
        ConsistentRead: true,
      }),
    );
    return result.Item as CommitItem | undefined;
  }

  /**
   * Drops index entries whose item does not exist (a crash between dynalite's index and item writes):
   * puts a stand-in carrying the same index keys where no item is, then deletes it, which deletes the
   * entries. Never touches an existing item. Returns whether it dropped them (false: an item is there).
   */
  private async dropEntries(entry: IndexEntry): Promise<boolean> {
    const dropping = ulid();
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            streamId: entry.streamId,
            version: entry.version,
            commitId: entry.commitId,
            ...(entry.bucket ? { bucket: entry.bucket } : {}),
            ...(entry.pending ? { pending: entry.pending } : {}),
            ...(entry.writeId ? { writeBucket: entry.writeBucket, writeId: entry.writeId } : {}),
            dropping,
          } satisfies Partial<CommitItem>,
          ConditionExpression: 'attribute_not_exists(version)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
    await this.deleteStandIn(entry, dropping);
    return true;
  }

  private async deleteStandIn(key: { streamId: string; version: number }, dropping: string) {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { streamId: key.streamId, version: key.version },
          ConditionExpression: 'dropping = :d',
          ExpressionAttributeValues: { ':d': dropping },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async readPending(limit = 100): Promise<Commit[]> {
    return (await this.pendingItems(limit)).map(fromItem);
  }

  /**
   * Conditioned on the commit existing and still being marked: dynalite is not crash-atomic, so an
   * outbox entry can outlive its item, and an unconditional update would create a key-only item.
   */
  async markPublished(streamId: string, version: number, commitId?: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { streamId, version },
          UpdateExpression: 'REMOVE pending',
          ConditionExpression: `attribute_exists(version) AND pending = :p${commitId ? ' AND commitId = :c' : ''}`,
          ExpressionAttributeValues: { ':p': PENDING, ...(commitId ? { ':c': commitId } : {}) },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /**
   * Bulk import: 25 commits to a request, without the conditional check and without the outbox mark,
   * several times faster than `append`.
   */
  async importCommits(commits: readonly StoredCommit[]): Promise<void> {
    const table = this.table;
    for (let i = 0; i < commits.length; i += 25) {
      let requests: Record<string, unknown>[] | undefined = commits
        .slice(i, i + 25)
        .map((stored) => ({ PutRequest: { Item: itemOf({ ...stored, writeId: newWriteId() }) } }));
      // BatchWrite may hand back unprocessed items under load; retry them until none are left.
      for (let attempt = 0; requests && requests.length > 0; attempt++) {
        const result = await this.db.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
        requests = result.UnprocessedItems?.[table] as Record<string, unknown>[] | undefined;
        if (requests?.length) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      }
    }
  }

  /**
   * The outbox as DynamoDB stream INSERT records, one batch per stream in version order, as AWS would
   * deliver them to the publisher: the local cloud's stand-in for the table's stream (dynalite has none).
   */
  async pendingStreamBatches(limit = 100): Promise<{ Records: DynamoDBRecord[] }[]> {
    const byStream = new Map<string, Record<string, unknown>[]>();
    for (const item of await this.pendingItems(limit)) {
      const stream = item.streamId as string;
      byStream.set(stream, [...(byStream.get(stream) ?? []), item]);
    }
    return [...byStream.values()].map((items) => ({
      Records: items
        .sort((a, b) => (a.version as number) - (b.version as number))
        .map(
          (item): DynamoDBRecord => ({
            eventName: 'INSERT',
            eventSource: 'aws:dynamodb',
            // The SDK's AttributeValue and aws-lambda's describe the same wire shape.
            dynamodb: { NewImage: marshall(item) as Record<string, StreamAttributeValue> },
          }),
        ),
    }));
  }

  async isEmpty(): Promise<boolean> {
    const page = await this.db.send(
      new ScanCommand({ TableName: this.table, Limit: 1, ProjectionExpression: 'streamId' }),
    );
    return (page.Items?.length ?? 0) === 0;
  }
}

/** Merges two walks, each in write-id order, into one, in pages of up to `size` commits. */
async function* mergeByWriteId(
  left: AsyncGenerator<StoredCommit>,
  right: AsyncGenerator<StoredCommit>,
  size = 100,
): AsyncGenerator<StoredCommit[]> {
  let a = await left.next();
  let b = await right.next();
  let page: StoredCommit[] = [];
  while (!a.done || !b.done) {
    if (!a.done && (b.done || writeIdOf(a.value) < writeIdOf(b.value))) {
      page.push(a.value);
      a = await left.next();
    } else if (!b.done) {
      page.push(b.value);
      b = await right.next();
    }
    if (page.length >= size) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

/** Creates a DynamoDB event store (the configured events table unless another is named). */
export const dynamoEventStore = (options?: DynamoEventStoreOptions) => new DynamoEventStore(options);

/** The functions' event store: the configured events table. */
export const eventStore = new DynamoEventStore();

/**
 * A new commit from a DynamoDB stream record of the events table (AWS) or the local outbox poller's
 * stand-in, or undefined for records that are not fresh inserts still marked for the outbox (the MODIFY
 * that clears the mark is the publisher's own echo).
 */
export const pendingCommitOfStreamRecord = (record: DynamoDBRecord): Commit | undefined => {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || image?.pending?.S !== PENDING) return undefined;
  // aws-lambda's AttributeValue and the SDK's describe the same wire shape.
  return fromItem(unmarshall(image as Record<string, AttributeValue>));
};

// The function-style API the handlers have always used, on the configured table.
export const readStream = (streamId: string, afterVersion?: number) =>
  eventStore.readStream(streamId, afterVersion);
export const readStreamState = (streamId: string) => eventStore.readStreamState(streamId);
export const append = (
  streamId: string,
  expected: StreamState,
  events: readonly DomainEvent[],
  meta: CommitMeta,
) => eventStore.append(streamId, expected, events, meta);
export const appendMany = (commits: readonly NewCommit[], meta: CommitMeta) =>
  eventStore.appendMany(commits, meta);
export const appendRecorded = (streamId: string, events: readonly DomainEvent[], meta: CommitMeta) =>
  appendRecordedTo(eventStore, streamId, events, meta);
export const readAll = (options?: ReadAllOptions) => eventStore.readAll(options);
export const readPending = (limit?: number) => eventStore.readPending(limit);
export const markPublished = (streamId: string, version: number, commitId?: string) =>
  eventStore.markPublished(streamId, version, commitId);
