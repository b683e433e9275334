import { aggregateOf, idOf } from '../../events/envelope.ts';
import { type Commit, readAll, readStream } from '../adapters/event-store.ts';
import { deleteViews, getRow, putRowIfAt, putRows, type ViewRow } from '../adapters/views.ts';
import { aggregates, aggregateViews, evolveAll } from '../application/aggregates.ts';

const rowAfter = (
  streamId: string,
  previous: ViewRow | undefined,
  commits: readonly Commit[],
): ViewRow | undefined => {
  const kind = aggregates[aggregateOf(streamId)];
  const last = commits.at(-1);
  if (!kind || !last) return undefined;
  const events = commits.flatMap((c) => c.events);
  const state = evolveAll(kind, previous?.state ?? kind.decider.initialState, events) as Record<
    string,
    unknown
  >;
  return {
    view: kind.view,
    id: idOf(streamId),
    version: last.version,
    eventCount: events.at(-1)?.streamVersion ?? previous?.eventCount ?? 0,
    state,
    search: kind.searchText(state),
    createdAt: previous?.createdAt ?? commits[0]?.committedAt ?? last.committedAt,
    updatedAt: last.committedAt,
    lastEventId: events.at(-1)?.id ?? '',
  };
};

/**
 * Brings a stream's view row up to date by reading the stream after the row's version. Events arrive
 * at least once and in any order; catching up from the store makes every delivery idempotent and
 * order-independent: a duplicate or late event finds nothing new to apply.
 */
export const projectStream = async (streamId: string): Promise<'updated' | 'current' | 'ignored'> => {
  const kind = aggregates[aggregateOf(streamId)];
  if (!kind) return 'ignored';
  for (let attempt = 0; attempt < 5; attempt++) {
    const previous = await getRow<Record<string, unknown>>(kind.view, idOf(streamId));
    const commits = await readStream(streamId, previous?.version ?? 0);
    const row = rowAfter(streamId, previous, commits);
    if (!row) return 'current';
    if (await putRowIfAt(row, previous?.version)) return 'updated';
  }
  throw new Error(`Projection of ${streamId} kept losing races`);
};

/**
 * Replays every commit in time order into fresh rows. Rows are built in memory per stream and written
 * in batches, so the cost is one write per record rather than one per event.
 */
export const rebuildViews = async (
  onProgress?: (progress: { events: number; commits: number }) => void,
): Promise<{ events: number; commits: number; rows: number }> => {
  const rows = new Map<string, ViewRow>();
  let events = 0;
  let commits = 0;
  for await (const page of readAll()) {
    for (const commit of page) {
      const row = rowAfter(commit.streamId, rows.get(commit.streamId), [commit]);
      if (row) rows.set(commit.streamId, row);
      events += commit.events.length;
      commits += 1;
    }
    onProgress?.({ events, commits });
  }
  await putRows([...rows.values()]);
  return { events, commits, rows: rows.size };
};

/**
 * Empties the read models the event store rebuilds, and only those: rows the table also holds for
 * operations (backup and export runs, the overview snapshot) are not derived from the store and would
 * be lost for good.
 */
export const dropReadModels = (): Promise<number> => deleteViews(aggregateViews());
