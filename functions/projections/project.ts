import type { SavedReportState } from '../../domain/reports/saved.ts';
import { idOf } from '../../events/envelope.ts';
import { ACTIVITY, ACTIVITY_FROM, createFeedFolder, keepInFeed } from '../adapters/activity-feed.ts';
import { type Commit, readAll, readStream } from '../adapters/event-store.ts';
import { FIGURES_VIEWS } from '../adapters/kept-figures.ts';
import { accessItemsOf, keepReportAccess, REPORT_ACCESS } from '../adapters/report-access.ts';
import { deleteViews, getRow, putItems, putRowIfAt, putRows, type ViewRow } from '../adapters/views.ts';
import { aggregateOfStream, aggregates, aggregateViews } from '../application/aggregates.ts';
import { aggregateRowAfter, createRowFolder } from '../application/view-rows.ts';
import { INBOX, inboxRowsOf, isNotificationStream } from '../notifications/inbox.ts';
import { keepFigures, keptItemsOf } from './figures.ts';

type ReportRow = ViewRow<SavedReportState>;
const isReport = (row: ViewRow<unknown> | undefined): row is ReportRow =>
  row?.view === aggregates.savedReport.view;

/** What the projector keeps beside a row: the report figures, and who may find a saved report. */
const keepBeside = async (
  streamId: string,
  row: ViewRow<unknown> | undefined,
  previous?: ViewRow<unknown>,
) => {
  await keepFigures(streamId, row);
  if (isReport(row)) await keepReportAccess(row, isReport(previous) ? previous : undefined);
};

/**
 * Brings a stream's view row up to date by reading the stream after the row's version. Events arrive
 * at least once and in any order; catching up from the store makes every delivery idempotent and
 * order-independent: a duplicate or late event finds nothing new to apply.
 */
export const projectStream = async (streamId: string): Promise<'updated' | 'current' | 'ignored'> => {
  const kind = aggregateOfStream(streamId);
  if (!kind) return 'ignored';
  for (let attempt = 0; attempt < 5; attempt++) {
    const previous = await getRow<Record<string, unknown>>(kind.view, idOf(streamId));
    const commits = await readStream(streamId, previous?.version ?? 0);
    // Before the row: once the row has moved past these commits, no redelivery would bring them back.
    await keepInFeed(commits);
    const row = aggregateRowAfter(streamId, previous, commits);
    if (!row) {
      // A delivery after a crash between the row and what is kept beside it finishes those.
      await keepBeside(streamId, previous);
      return 'current';
    }
    if (await putRowIfAt(row, previous)) {
      await keepBeside(streamId, row, previous);
      return 'updated';
    }
  }
  throw new Error(`Projection of ${streamId} kept losing races`);
};

/**
 * Replays every commit in time order into fresh rows: a row per record (`rows`), and a row per
 * recipient of each notification (`inboxRows`, read marks included: they are events). Rows are built in memory per stream and written
 * in batches, so the cost is one write per record rather than one per event.
 */
export const rebuildViews = async (
  onProgress?: (progress: { events: number; commits: number }) => void,
): Promise<{ events: number; commits: number; rows: number; inboxRows: number }> => {
  const folder = createRowFolder();
  const feed = createFeedFolder();
  // Notifications fan out to a row per recipient: their (short) streams are folded whole at the end.
  const notifications = new Map<string, Commit[]>();
  let events = 0;
  let commits = 0;
  for await (const page of readAll()) {
    for (const commit of page) {
      if (!folder.add(commit) && isNotificationStream(commit.streamId))
        notifications.set(commit.streamId, [...(notifications.get(commit.streamId) ?? []), commit]);
      feed.add(commit);
      events += commit.events.length;
      commits += 1;
    }
    onProgress?.({ events, commits });
  }
  const rows = folder.rows();
  const inboxRows = [...notifications.values()].flatMap(inboxRowsOf);
  await putRows([...rows.values(), ...inboxRows]);
  await putItems([
    ...feed.items(),
    ...keptItemsOf(rows),
    ...[...rows.values()].filter(isReport).flatMap((row) => accessItemsOf(row)),
  ]);
  return { events, commits, rows: rows.size, inboxRows: inboxRows.length };
};

/**
 * Empties the read models the event store rebuilds (the kept report figures included), and only those:
 * rows the table also holds for operations (backup and export runs) are not derived from the store and
 * would be lost for good.
 */
export const dropReadModels = (): Promise<number> =>
  deleteViews([
    ...aggregateViews(),
    INBOX.view,
    ...FIGURES_VIEWS,
    REPORT_ACCESS.view,
    ACTIVITY,
    ACTIVITY_FROM,
  ]);
