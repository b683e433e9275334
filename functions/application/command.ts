import type { Decider } from '../../domain/shared/decider.ts';
import type { DomainEvent, StoredEvent } from '../../events/catalog.ts';
import { eventStore } from '../adapters/event-store.ts';
import { StaleVersionError } from '../errors.ts';
import type { Aggregate } from './aggregates.ts';
import {
  type CommitMeta,
  ConcurrencyError,
  type EventStore,
  type StreamState,
  streamStateOf,
} from './event-store-port.ts';

export interface Loaded<S> extends StreamState {
  state: S;
  /** When the stream began and last changed; empty for a stream with no commits. */
  createdAt: string;
  updatedAt: string;
}

/** Rebuilds an aggregate's state from its stream: the system of record, never a view. */
export const load = async <C, S, E extends DomainEvent>(
  decider: Decider<C, S, E>,
  streamId: string,
  store: EventStore = eventStore,
): Promise<Loaded<S>> => {
  const commits = await store.readStream(streamId);
  const state = commits
    .flatMap((c) => c.events)
    .reduce((s, e) => decider.evolve(s, e as unknown as E), decider.initialState);
  return {
    state,
    ...streamStateOf(commits),
    createdAt: commits[0]?.committedAt ?? '',
    updatedAt: commits.at(-1)?.committedAt ?? '',
  };
};

/** Loads a record of an aggregate from the registry by its id. */
export const loadRecord = <C, S, E extends DomainEvent>(
  aggregate: { readonly decider: Decider<C, S, E>; readonly stream: Aggregate['stream'] },
  id: string,
): Promise<Loaded<S>> => load(aggregate.decider, aggregate.stream(id));

export interface Executed<S> extends Loaded<S> {
  events: StoredEvent[];
}

/** How many times a command without a caller's version is decided again after a concurrent change. */
const ATTEMPTS = 6;
const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** Math.min(attempt, 4)));

/**
 * Load, check the caller's version, decide, append. The append is conditional on the version that was
 * loaded, so a writer racing between load and append gets a ConcurrencyError and nothing is written.
 * A caller's stale version is a StaleVersionError carrying the current version (409 at the edge).
 * Without a caller's version a concurrent change is no conflict (as in the Store): the command is
 * decided again on the new state, so a person cancelling a run as its own step lands gets an answer
 * from the run as it now is, not a 409 about a version they never named.
 */
export const execute = async <C, S, E extends DomainEvent>(
  decider: Decider<C, S, E>,
  streamId: string,
  command: C,
  meta: CommitMeta & { expectedVersion?: number },
  store: EventStore = eventStore,
): Promise<Executed<S>> => {
  for (let attempt = 0; ; attempt++) {
    try {
      return await executeOnce(decider, streamId, command, meta, store);
    } catch (error) {
      const retry =
        error instanceof ConcurrencyError && meta.expectedVersion === undefined && attempt < ATTEMPTS;
      if (!retry) throw error;
      await pause(attempt);
    }
  }
};

const executeOnce = async <C, S, E extends DomainEvent>(
  decider: Decider<C, S, E>,
  streamId: string,
  command: C,
  meta: CommitMeta & { expectedVersion?: number },
  store: EventStore = eventStore,
): Promise<Executed<S>> => {
  const loaded = await load(decider, streamId, store);
  if (meta.expectedVersion !== undefined && meta.expectedVersion !== loaded.version) {
    throw new StaleVersionError(loaded.version);
  }
  const events = decider.decide(command, loaded.state);
  if (events.length === 0) return { ...loaded, events: [] };
  const commit = await store.append(streamId, loaded, events, meta);
  return {
    state: events.reduce(decider.evolve, loaded.state),
    ...streamStateOf([commit]),
    createdAt: loaded.createdAt || commit.committedAt,
    updatedAt: commit.committedAt,
    events: commit.events,
  };
};
