import type { StoredEvent } from '../../events/catalog.ts';
import { idOf } from '../../events/envelope.ts';
import type { Commit } from '../adapters/event-store.ts';
import { listKeysOf } from '../adapters/list-index.ts';
import type { ViewRow } from '../adapters/views.ts';
import { type AnyAggregate, aggregateOfStream } from './aggregates.ts';

/**
 * How a stream's state becomes one view row: the fold, the view, the search text, and what the row
 * stores of the state (all of it unless `toRow`/`fromRow` say otherwise).
 */
export interface RowFold<S> {
  readonly view: string;
  readonly initialState: S;
  readonly evolve: (state: S, event: StoredEvent) => S;
  readonly searchText: (state: S) => string;
  /** The exact-match filters its list offers (fields of the stored state), each answered by an index. */
  readonly filters: readonly string[];
  readonly toRow?: (state: S) => unknown;
  readonly fromRow?: (stored: unknown) => S;
}

/** An aggregate's row: its decider's whole state, as the registry defines it. */
export const aggregateRowFold = (aggregate: AnyAggregate): RowFold<{ exists: boolean }> => ({
  view: aggregate.view,
  initialState: aggregate.decider.initialState,
  evolve: (state, event) => aggregate.decider.evolve(state, event),
  searchText: aggregate.searchText,
  filters: aggregate.filters,
});

/**
 * The one fold from commits to a view row, used by the live projector, rebuilds, the views digest of
 * backups and restores, and the security events read model: the row after `commits` (which follow
 * `previous`), with its state, or undefined when there is nothing to apply.
 */
export const foldRow = <S>(
  fold: RowFold<S>,
  streamId: string,
  previous: ViewRow<unknown> | undefined,
  commits: readonly Commit[],
): { row: ViewRow; state: S } | undefined => {
  const last = commits.at(-1);
  if (!last) return undefined;
  const events = commits.flatMap((c) => c.events);
  const before = previous ? (fold.fromRow ? fold.fromRow(previous.state) : (previous.state as S)) : undefined;
  const state = events.reduce(fold.evolve, before ?? fold.initialState);
  const stored = fold.toRow ? fold.toRow(state) : state;
  return {
    state,
    row: {
      ...listKeysOf(fold, stored),
      view: fold.view,
      id: idOf(streamId),
      version: last.version,
      eventCount: events.at(-1)?.streamVersion ?? previous?.eventCount ?? 0,
      state: stored as Record<string, unknown>,
      search: fold.searchText(state),
      createdAt: previous?.createdAt ?? commits[0]?.committedAt ?? last.committedAt,
      updatedAt: last.committedAt,
      lastEventId: events.at(-1)?.id ?? '',
    },
  };
};

/** The view row of a business record's stream after `commits`; undefined for other streams. */
export const aggregateRowAfter = (
  streamId: string,
  previous: ViewRow | undefined,
  commits: readonly Commit[],
): ViewRow | undefined => {
  const aggregate = aggregateOfStream(streamId);
  return aggregate && foldRow(aggregateRowFold(aggregate), streamId, previous, commits)?.row;
};
