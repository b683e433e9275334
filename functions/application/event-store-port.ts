import { decodeTime, monotonicFactory, ulid } from 'ulid';
import {
  currentVersion,
  type DomainEvent,
  type StoredEvent,
  upcast,
  validateNew,
} from '../../events/catalog.ts';
import type { Actor, Envelope } from '../../events/envelope.ts';

/**
 * The event-store port: what the application needs from an event store, and nothing of how one is
 * laid out. Two adapters implement it: DynamoDB (`functions/adapters/event-store.ts`, the only code that
 * knows the events table's keys, indexes and outbox attribute) and memory
 * (`functions/adapters/memory-event-store.ts`, for unit tests and the demo history generator). Both
 * pass the same contract tests (tests/functions/adapters/event-store-contract.ts).
 *
 * A stream is a sequence of commits; a commit holds the events of one command and is written whole or
 * not at all. `version` counts commits (the aggregate version clients send back in If-Match), an
 * event's `streamVersion` counts events.
 */
export interface Commit {
  streamId: string;
  version: number;
  commitId: string;
  committedAt: string;
  events: StoredEvent[];
}

/**
 * A commit exactly as stored: its events as the stored JSON text, each in the version it was written
 * with (never upcast). Backups keep this form, and bulk imports and restores write it.
 */
export interface StoredCommit {
  streamId: string;
  version: number;
  commitId: string;
  committedAt: string;
  actorId: string;
  correlationId: string;
  /** Events in the stream up to and including this commit: the streamVersion of its last event. */
  eventCount: number;
  /** The envelopes as JSON text. */
  events: string;
  /**
   * Only on a commit written after its own time (a bulk import, an append given a past `at`): a
   * time-ordered id of when it was written. Every other commit was written at its own time, so its
   * commit id is also its write id (`writeIdOf`).
   */
  writeId?: string;
}

/**
 * The order commits were written in, which back-dated commits cannot slip under: backups take commits
 * by it, so an import of old records after a backup is in the next incremental.
 */
export const writeIdOf = (commit: Pick<StoredCommit, 'commitId' | 'writeId'>): string =>
  commit.writeId ?? commit.commitId;

/** When a commit was written (ISO), from its write id. */
export const writtenAtOf = (commit: Pick<StoredCommit, 'commitId' | 'committedAt' | 'writeId'>): string =>
  commit.writeId ? new Date(decodeTime(commit.writeId)).toISOString() : commit.committedAt;

export interface CommitMeta {
  actor: Actor;
  correlationId: string;
  causationId?: string;
  /** The business time of the commit; defaults to now. The demo history generator sets it to the past. */
  at?: Date;
  /** Source of commit and event ids; the demo history passes a seeded one so it is reproducible. */
  newId?: (time: number) => string;
}

export interface StreamState {
  /** Commits so far: the aggregate version clients send back in If-Match. */
  version: number;
  /** Events so far: the streamVersion of the last event. */
  eventCount: number;
}

export const EMPTY_STREAM: StreamState = { version: 0, eventCount: 0 };

/** One commit to append: its stream, the state it was decided on, and its events. */
export interface NewCommit {
  streamId: string;
  expected: StreamState;
  events: readonly DomainEvent[];
}

/**
 * The stream moved on after the version a writer decided on; nothing was written. `currentVersion`
 * is set when the writer checked a version it was given (If-Match) and the stream's is known.
 */
export class ConcurrencyError extends Error {
  override name = 'ConcurrencyError';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly currentVersion?: number,
  ) {
    super(`Stream ${streamId} changed after version ${expectedVersion}`);
  }
}

/**
 * A stored item of a stream is not a whole commit (a key-only item, or one missing its events or ids):
 * what a crash of a store that is not crash-atomic (dynalite locally) can leave. Names the stream and
 * version so the item can be found and repaired (`npm run store:check -- --repair` locally).
 */
export class DamagedCommitError extends Error {
  override name = 'DamagedCommitError';
  constructor(
    readonly streamId: string,
    readonly version: number,
    readonly reason: string,
  ) {
    super(`The commit at version ${version} of stream ${streamId} is damaged: ${reason}`);
  }
}

export class CommitTooLargeError extends Error {
  override name = 'CommitTooLargeError';
}

/** Below DynamoDB's 400 KB item limit, leaving room for the key and attribute names. */
export const MAX_COMMIT_BYTES = 380_000;

/** A walk over every commit by time (the replay order). */
export interface ReadAllOptions {
  /** Only commits after this commit id (ids start with their time, so this is also a time cursor). */
  afterCommitId?: string;
  /** Only commits at or before this instant; defaults to a minute from now. */
  until?: Date | string;
  /** Only commits at or after this instant (ISO); bounds a newest-first walk. */
  since?: string;
  /** Newest first instead of oldest first. */
  newestFirst?: boolean;
  /**
   * How many commits the first page holds at most, for a walk that usually stops early; each later page
   * may hold twice as many as the one before, so a walk that goes further takes few round trips.
   */
  pageSize?: number;
}

/** A walk over every commit in the order it was written (see `EventStore.readWritten`). */
export interface ReadWrittenOptions {
  /** Only commits written after this write id (exclusive): a backup's high-water mark. */
  afterWriteId?: string;
  /** Only commits written at or before this instant (ISO). */
  until: string;
}

/** The event store, as the application sees it. */
export interface EventStore {
  /** A stream's commits after `afterVersion`, strongly consistent, in order. */
  readStream(streamId: string, afterVersion?: number): Promise<Commit[]>;
  /** The version of a stream from its last commit alone, for appends that need no state to decide. */
  readStreamState(streamId: string): Promise<StreamState>;
  /** A stream's newest commit, if it has any. */
  readLastCommit(streamId: string): Promise<Commit | undefined>;
  /** The stored event with this id at this place of its stream, if the store holds it. */
  findEvent(event: Pick<Envelope, 'id' | 'streamId' | 'streamVersion'>): Promise<StoredEvent | undefined>;
  /** Appends one commit after `expected`; throws ConcurrencyError if the stream moved on. */
  append(
    streamId: string,
    expected: StreamState,
    events: readonly DomainEvent[],
    meta: CommitMeta,
  ): Promise<Commit>;
  /**
   * Appends one commit to each of several streams, all or nothing: a conflict on any of them writes
   * none (ConcurrencyError). Commits are returned in the order given; a stream may appear once.
   */
  appendMany(commits: readonly NewCommit[], meta: CommitMeta): Promise<Commit[]>;
  /** Every commit in time order (see ReadAllOptions), in pages so memory stays flat; events upcast. */
  readAll(options?: ReadAllOptions): AsyncGenerator<Commit[]>;
  /**
   * Every commit as stored (events in their written versions) in the order it was written, by write id
   * (`writeIdOf`): for backups. Unlike the time order of `readAll`, a commit written later can never
   * come before one already read, however old its own time.
   */
  readWritten(options: ReadWrittenOptions): AsyncGenerator<StoredCommit[]>;
  /** Commits written but not yet published (the outbox), oldest first. */
  readPending(limit?: number): Promise<Commit[]>;
  /**
   * Clears a commit's outbox mark once its events are on the bus. A commit that does not exist (or no
   * longer does), or, given `commitId`, a different commit at that version, is left alone: this never
   * creates anything.
   */
  markPublished(streamId: string, version: number, commitId?: string): Promise<void>;
  /**
   * Bulk import: writes prepared commits as they are, unconditionally and never marked for the outbox,
   * each given a write id of the moment it is written (their own times are usually long past).
   * Only for one writer filling streams nobody else writes (the demo history on an empty store, a
   * restore into new tables), and only when every consumer is rebuilt from the store afterwards.
   */
  importCommits(commits: readonly StoredCommit[]): Promise<void>;
  /** Whether the store holds no commit at all. */
  isEmpty(): Promise<boolean>;
}

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

/** A write id for a commit being written now. */
export const newWriteId = (): string => nextId(Date.now());

/**
 * A commit ready to store: envelopes (ids, versions, actor, correlation), every event validated
 * against its schema, and the size limit checked. Shared by every adapter, so a commit looks the same
 * whichever store it goes to.
 */
export const prepareCommit = (
  streamId: string,
  expected: StreamState,
  events: readonly DomainEvent[],
  meta: CommitMeta,
): { stored: StoredCommit; commit: Commit } => {
  const now = Date.now();
  const at = meta.at ?? new Date(now);
  const committedAt = at.toISOString();
  const newId = meta.newId ?? nextId;
  const commitId = newId(at.getTime());
  // Written after its own time: it needs its own place in the write order (see writeIdOf).
  const writeId = at.getTime() < now ? nextId(now) : undefined;
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
  const stored: StoredCommit = {
    streamId,
    version: expected.version + 1,
    commitId,
    committedAt,
    actorId: meta.actor.id,
    correlationId: meta.correlationId,
    eventCount: expected.eventCount + envelopes.length,
    events: body,
    ...(writeId ? { writeId } : {}),
  };
  const commit: Commit = {
    streamId,
    version: stored.version,
    commitId,
    committedAt,
    events: envelopes as StoredEvent[],
  };
  return { stored, commit };
};

/** Why a stored item is not a whole commit, or undefined when it is one. */
export const damageOf = (item: Record<string, unknown>): string | undefined => {
  const missing = ['commitId', 'committedAt', 'events'].filter((name) => typeof item[name] !== 'string');
  if (missing.length === 3) return 'it holds only its key (no commit id, time or events)';
  if (missing.length > 0) return `it has no ${missing.join(', ')}`;
  return undefined;
};

/**
 * A stored commit as readers see it: every event upcast to its current version. An item that is not a
 * whole commit, or whose events are not readable JSON, throws DamagedCommitError naming it.
 */
export const commitOf = (
  stored: Pick<StoredCommit, 'streamId' | 'version' | 'commitId' | 'committedAt' | 'events'>,
): Commit => {
  const damage = damageOf(stored as unknown as Record<string, unknown>);
  if (damage) throw new DamagedCommitError(stored.streamId, stored.version, damage);
  let envelopes: Envelope[];
  try {
    envelopes = JSON.parse(stored.events) as Envelope[];
  } catch {
    throw new DamagedCommitError(stored.streamId, stored.version, 'its events are not valid JSON');
  }
  if (!Array.isArray(envelopes) || envelopes.length === 0)
    throw new DamagedCommitError(stored.streamId, stored.version, 'it holds no events');
  return {
    streamId: stored.streamId,
    version: stored.version,
    commitId: stored.commitId,
    committedAt: stored.committedAt,
    events: envelopes.map(upcast),
  };
};

/** The state of a stream after `commits`, read from their tail. */
export const streamStateOf = (commits: readonly Commit[], from: StreamState = EMPTY_STREAM): StreamState => {
  const last = commits.at(-1);
  return last ? { version: last.version, eventCount: last.events.at(-1)?.streamVersion ?? 0 } : from;
};

/** Checks an appendMany request: at least one commit, each stream once. */
export const assertDistinctStreams = (commits: readonly NewCommit[]): void => {
  const seen = new Set<string>();
  for (const c of commits) {
    if (seen.has(c.streamId)) throw new Error(`appendMany got two commits for stream ${c.streamId}`);
    seen.add(c.streamId);
  }
};

/** Appends facts that hold whatever came before (sign-in attempts, say), retrying on a concurrent append. */
export const appendRecordedTo = async (
  store: EventStore,
  streamId: string,
  events: readonly DomainEvent[],
  meta: CommitMeta,
): Promise<Commit> => {
  for (let attempt = 0; ; attempt++) {
    try {
      return await store.append(streamId, await store.readStreamState(streamId), events, meta);
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= 20) throw error;
    }
  }
};

/** Normalises ReadAllOptions' bounds to ISO strings. */
export const boundsOf = (options: ReadAllOptions) => ({
  until: (options.until === undefined
    ? new Date(Date.now() + 60_000)
    : typeof options.until === 'string'
      ? new Date(options.until)
      : options.until
  ).toISOString(),
  since: options.since,
});
