import type { Decider } from '../../domain/shared/decider.ts';
import type { DomainEvent } from '../../events/catalog.ts';
import { eventStore } from '../adapters/event-store.ts';
import { load } from './command.ts';
import {
  type CommitMeta,
  ConcurrencyError,
  type EventStore,
  type NewCommit,
  type StreamState,
} from './event-store-port.ts';

export interface Ran<S> {
  state: S;
  version: number;
}

interface Known extends StreamState {
  state: unknown;
}

/** How many times a unit of work is run again after a concurrent change to one of its streams. */
const ATTEMPTS = 6;
/** A short, growing, jittered pause before running again, so racing writers spread out. */
const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** Math.min(attempt, 4)));

/**
 * Where commands read and write aggregates: deciders run against an event store (the port). The API
 * runs commands against DynamoDB; the demo history generator runs the very same commands against the
 * in-memory store and bulk-imports what they wrote, so both go through the same deciders and the same
 * cross-aggregate steps.
 *
 * `atomically` groups the writes of a command that spans aggregates into one `appendMany`: everything
 * the work decides is written together or not at all, and a concurrent change to any stream it read
 * runs the whole work again on the new states (so every rule is checked again).
 */
export class Store {
  /** States by stream, for a store that is the only writer of its event store (the demo history). */
  private readonly cache?: Map<string, Known>;
  /** The writes of the unit of work in progress (only on the unit's own Store). */
  private staged?: Map<string, Known & { expected: StreamState; events: DomainEvent[] }>;

  constructor(
    readonly events: EventStore,
    private meta: CommitMeta,
    options: { cache?: boolean } = {},
    private readonly parent?: Store,
  ) {
    if (options.cache) this.cache = new Map();
  }

  /** Who acts, when, and under which correlation id, for the commits that follow. */
  as(meta: CommitMeta): void {
    this.meta = meta;
  }

  /** The cached state of a stream without reading the store (only for a store made with `cache`). */
  peek<S>(decider: { initialState: S }, streamId: string): S {
    if (!this.cache) throw new Error('peek needs a Store made with { cache: true }');
    return (this.cache.get(streamId)?.state as S | undefined) ?? decider.initialState;
  }

  private async known<C, S, E extends DomainEvent>(
    decider: Decider<C, S, E>,
    streamId: string,
  ): Promise<Known> {
    const staged = this.staged?.get(streamId);
    if (staged) return staged;
    if (this.parent) return this.parent.known(decider, streamId);
    const cached = this.cache?.get(streamId);
    if (cached) return cached;
    const loaded = await load(decider, streamId, this.events);
    const known = { state: loaded.state, version: loaded.version, eventCount: loaded.eventCount };
    this.cache?.set(streamId, known);
    return known;
  }

  async load<C, S, E extends DomainEvent>(decider: Decider<C, S, E>, streamId: string): Promise<Ran<S>> {
    const { state, version } = await this.known(decider, streamId);
    return { state: state as S, version };
  }

  /**
   * Decides a command on a stream and writes what it decided (or, inside `atomically`, stages it).
   * With `expectedVersion`, a stream at another version is a ConcurrencyError carrying the current one;
   * without, a concurrent change is no conflict: the command is decided again on the new state.
   */
  async run<C, S, E extends DomainEvent>(
    decider: Decider<C, S, E>,
    streamId: string,
    command: C,
    expectedVersion?: number,
  ): Promise<Ran<S>> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.runOnce(decider, streamId, command, expectedVersion);
      } catch (error) {
        const retry =
          error instanceof ConcurrencyError &&
          error.currentVersion === undefined &&
          expectedVersion === undefined &&
          !this.staged &&
          attempt < ATTEMPTS;
        if (!retry) throw error;
        this.cache?.delete(streamId);
        await pause(attempt);
      }
    }
  }

  private async runOnce<C, S, E extends DomainEvent>(
    decider: Decider<C, S, E>,
    streamId: string,
    command: C,
    expectedVersion?: number,
  ): Promise<Ran<S>> {
    const before = await this.known(decider, streamId);
    if (expectedVersion !== undefined && expectedVersion !== before.version)
      throw new ConcurrencyError(streamId, expectedVersion, before.version);
    const events = decider.decide(command, before.state as S);
    if (events.length === 0) return { state: before.state as S, version: before.version };
    if (this.staged) {
      const previous = this.staged.get(streamId);
      const state = events.reduce(decider.evolve, before.state as S);
      this.staged.set(streamId, {
        state,
        version: previous ? previous.version : before.version + 1,
        eventCount: before.eventCount + events.length,
        expected: previous ? previous.expected : { version: before.version, eventCount: before.eventCount },
        events: [...(previous?.events ?? []), ...events],
      });
      return { state, version: previous ? previous.version : before.version + 1 };
    }
    const commit = await this.events.append(streamId, before, events, this.meta);
    // Evolved from the stored events (validated, enveloped), exactly as a later load would see them.
    const state = commit.events.reduce((s, e) => decider.evolve(s, e as unknown as E), before.state as S);
    const version = commit.version;
    this.cache?.set(streamId, { state, version, eventCount: commit.events.at(-1)?.streamVersion ?? 0 });
    return { state, version };
  }

  /**
   * Runs `work` as one unit: its loads see its own writes, its writes are appended together at the end
   * with `appendMany` (all or nothing), and a concurrent change to a stream it writes runs it again.
   * Two writes to one stream in a unit become one commit.
   */
  async atomically<T>(work: (store: Store) => Promise<T>): Promise<T> {
    if (this.staged) return work(this);
    for (let attempt = 0; ; attempt++) {
      const unit = new Store(this.events, this.meta, {}, this);
      unit.staged = new Map();
      const result = await work(unit);
      const writes = [...unit.staged.entries()];
      const requests: NewCommit[] = writes.map(([streamId, w]) => ({
        streamId,
        expected: w.expected,
        events: w.events,
      }));
      try {
        const commits = await this.events.appendMany(requests, this.meta);
        if (this.cache)
          writes.forEach(([streamId, w], i) => {
            this.cache!.set(streamId, {
              state: w.state,
              version: commits[i]!.version,
              eventCount: commits[i]!.events.at(-1)?.streamVersion ?? w.eventCount,
            });
          });
        return result;
      } catch (error) {
        // A version the work itself held to (currentVersion set) is stale as before: no rerun.
        const raced = error instanceof ConcurrencyError && error.currentVersion === undefined;
        if (!raced || attempt >= ATTEMPTS) throw error;
        for (const [streamId] of writes) this.cache?.delete(streamId);
        await pause(attempt);
      }
    }
  }
}

/** The event store, for one request: every commit carries the request's actor and correlation id. */
export const liveStore = (meta: CommitMeta, events: EventStore = eventStore): Store =>
  new Store(events, meta);

/** Cross-aggregate commands as units of work: every write of one call is appended atomically. */
export const atomic =
  <I, T>(work: (store: Store, input: I) => Promise<T>) =>
  (store: Store, input: I): Promise<T> =>
    store.atomically((unit) => work(unit, input));

/**
 * Runs `decide` without recording anything: commands that touch several aggregates check every step
 * first, so a command that breaks a rule on any of them writes nothing at all.
 */
export const check = <C, S, E extends DomainEvent>(decider: Decider<C, S, E>, command: C, state: S): void => {
  decider.decide(command, state);
};
