import type { DomainEvent, StoredEvent } from '../../events/catalog.ts';
import type { Envelope } from '../../events/envelope.ts';
import {
  assertDistinctStreams,
  boundsOf,
  type Commit,
  type CommitMeta,
  ConcurrencyError,
  commitOf,
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
  writtenAtOf,
} from '../application/event-store-port.ts';

interface Entry {
  stored: StoredCommit;
  commit: Commit;
  pending: boolean;
}

/**
 * The event-store port in memory, for unit tests and the demo history generator. It keeps the same
 * promises as the DynamoDB adapter (conditional appends, all-or-nothing `appendMany`, time order,
 * outbox), and builds every commit with the same code (envelopes, schema validation, size limit).
 * Everything happens synchronously inside each call, so concurrent callers in one process interleave
 * only between calls, as with a real store.
 */
export class MemoryEventStore implements EventStore {
  private readonly streams = new Map<string, Entry[]>();
  /** Every commit in the order written (imports included). */
  readonly commits: StoredCommit[] = [];
  eventCount = 0;

  /** `onCommit` sees each commit as it is written, so a writer can copy it elsewhere as it goes. */
  constructor(private readonly options: { onCommit?: (commit: StoredCommit) => void } = {}) {}

  get streamCount(): number {
    return this.streams.size;
  }

  private stateOf(streamId: string): StreamState {
    const last = this.streams.get(streamId)?.at(-1)?.stored;
    return last ? { version: last.version, eventCount: last.eventCount } : EMPTY_STREAM;
  }

  private write(stored: StoredCommit, commit: Commit, pending: boolean) {
    const entries = this.streams.get(stored.streamId) ?? [];
    entries.push({ stored, commit, pending });
    this.streams.set(stored.streamId, entries);
    this.commits.push(stored);
    this.eventCount += commit.events.length;
    this.options.onCommit?.(stored);
  }

  async readStream(streamId: string, afterVersion = 0): Promise<Commit[]> {
    return (this.streams.get(streamId) ?? [])
      .filter((e) => e.stored.version > afterVersion)
      .map((e) => e.commit);
  }

  async readStreamState(streamId: string): Promise<StreamState> {
    return this.stateOf(streamId);
  }

  async readLastCommit(streamId: string): Promise<Commit | undefined> {
    return this.streams.get(streamId)?.at(-1)?.commit;
  }

  async findEvent(
    event: Pick<Envelope, 'id' | 'streamId' | 'streamVersion'>,
  ): Promise<StoredEvent | undefined> {
    for (const entry of this.streams.get(event.streamId) ?? []) {
      const found = entry.commit.events.find(
        (e) => e.id === event.id && e.streamVersion === event.streamVersion,
      );
      if (found) return found;
    }
    return undefined;
  }

  async append(
    streamId: string,
    expected: StreamState,
    events: readonly DomainEvent[],
    meta: CommitMeta,
  ): Promise<Commit> {
    const [commit] = await this.appendMany([{ streamId, expected, events }], meta);
    return commit!;
  }

  async appendMany(requests: readonly NewCommit[], meta: CommitMeta): Promise<Commit[]> {
    assertDistinctStreams(requests);
    // Everything is checked and built before anything is written: all or nothing.
    for (const r of requests) {
      const current = this.stateOf(r.streamId);
      if (current.version !== r.expected.version) throw new ConcurrencyError(r.streamId, r.expected.version);
    }
    const prepared = requests.map((r) => prepareCommit(r.streamId, r.expected, r.events, meta));
    for (const { stored, commit } of prepared) this.write(stored, commit, true);
    return prepared.map((p) => p.commit);
  }

  /** All commits in time order (commit id), within the options' bounds. */
  private inTimeOrder(options: ReadAllOptions): Entry[] {
    const { until, since } = boundsOf(options);
    const entries = [...this.streams.values()]
      .flat()
      .filter(
        (e) =>
          e.stored.committedAt <= until &&
          (!since || e.stored.committedAt >= since) &&
          (!options.afterCommitId || e.stored.commitId > options.afterCommitId),
      )
      .sort((a, b) =>
        a.stored.commitId < b.stored.commitId ? -1 : a.stored.commitId > b.stored.commitId ? 1 : 0,
      );
    return options.newestFirst ? entries.reverse() : entries;
  }

  private *paged<T>(items: T[], size = 100): Generator<T[]> {
    for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<Commit[]> {
    yield* this.paged(
      this.inTimeOrder(options).map((e) => e.commit),
      options.pageSize,
    );
  }

  async *readWritten(options: ReadWrittenOptions): AsyncGenerator<StoredCommit[]> {
    const after = options.afterWriteId;
    const written = [...this.streams.values()]
      .flat()
      .map((e) => e.stored)
      .filter((c) => (!after || writeIdOf(c) > after) && writtenAtOf(c) <= options.until)
      .sort((a, b) => (writeIdOf(a) < writeIdOf(b) ? -1 : writeIdOf(a) > writeIdOf(b) ? 1 : 0));
    yield* this.paged(written);
  }

  async readPending(limit = 100): Promise<Commit[]> {
    return this.inTimeOrder({ until: '9999-12-31T23:59:59.999Z' })
      .filter((e) => e.pending)
      .slice(0, limit)
      .map((e) => e.commit);
  }

  async markPublished(streamId: string, version: number, commitId?: string): Promise<void> {
    const entry = this.streams.get(streamId)?.find((e) => e.stored.version === version);
    if (entry && (commitId === undefined || entry.stored.commitId === commitId)) entry.pending = false;
  }

  async importCommits(commits: readonly StoredCommit[]): Promise<void> {
    for (const imported of commits) {
      const stored = { ...imported, writeId: newWriteId() };
      const entries = this.streams.get(stored.streamId) ?? [];
      const at = entries.findIndex((e) => e.stored.version >= stored.version);
      const entry = { stored, commit: commitOf(stored), pending: false };
      // Unconditional, like a batch put: the same key is overwritten.
      if (at < 0) entries.push(entry);
      else if (entries[at]!.stored.version === stored.version) entries[at] = entry;
      else entries.splice(at, 0, entry);
      this.streams.set(stored.streamId, entries);
      this.commits.push(stored);
      this.eventCount += entry.commit.events.length;
    }
  }

  async isEmpty(): Promise<boolean> {
    return this.streams.size === 0;
  }
}
