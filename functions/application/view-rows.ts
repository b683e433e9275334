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
  return {
    state,
    row: rowOf(fold, streamId, state, {
      version: last.version,
      eventCount: events.at(-1)?.streamVersion ?? previous?.eventCount ?? 0,
      createdAt: previous?.createdAt ?? commits[0]?.committedAt ?? last.committedAt,
      updatedAt: last.committedAt,
      lastEventId: events.at(-1)?.id ?? '',
    }),
  };
};

type RowMeta = Pick<ViewRow, 'version' | 'eventCount' | 'createdAt' | 'updatedAt' | 'lastEventId'>;

const rowOf = <S>(fold: RowFold<S>, streamId: string, state: S, meta: RowMeta): ViewRow => {
  const stored = fold.toRow ? fold.toRow(state) : state;
  return {
    ...listKeysOf(fold, stored),
    view: fold.view,
    id: idOf(streamId),
    ...meta,
    state: stored as Record<string, unknown>,
    search: fold.searchText(state),
  };
};

/**
 * A rebuild's fold: every business record's state is folded commit by commit (each stream's commits in
 * order), and its row (list keys, search text) is made once at the end rather than after every commit.
 * Gives the same rows as `aggregateRowAfter` applied commit by commit.
 */
export const createRowFolder = () => {
  const open = new Map<
    string,
    { fold: RowFold<{ exists: boolean }>; state: { exists: boolean }; meta: RowMeta }
  >();
  const folds = new Map<AnyAggregate, RowFold<{ exists: boolean }>>();
  return {
    /** Folds a commit into its stream's state; false for a stream that is no business record's. */
    add: (commit: Commit): boolean => {
      let entry = open.get(commit.streamId);
      if (!entry) {
        const aggregate = aggregateOfStream(commit.streamId);
        if (!aggregate) return false;
        let fold = folds.get(aggregate);
        if (!fold) {
          fold = aggregateRowFold(aggregate);
          folds.set(aggregate, fold);
        }
        entry = {
          fold,
          state: fold.initialState,
          meta: { version: 0, eventCount: 0, createdAt: commit.committedAt, updatedAt: '', lastEventId: '' },
        };
        open.set(commit.streamId, entry);
      }
      for (const event of commit.events) entry.state = entry.fold.evolve(entry.state, event);
      const last = commit.events.at(-1);
      entry.meta.version = commit.version;
      entry.meta.eventCount = last?.streamVersion ?? entry.meta.eventCount;
      entry.meta.updatedAt = commit.committedAt;
      entry.meta.lastEventId = last?.id ?? '';
      return true;
    },
    /** Every record's row, by stream id. */
    rows: (): Map<string, ViewRow> =>
      new Map(
        [...open].map(([streamId, { fold, state, meta }]) => [streamId, rowOf(fold, streamId, state, meta)]),
      ),
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
