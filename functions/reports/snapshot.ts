import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../adapters/clients.ts';
import { config } from '../runtime/config.ts';
import { type OverviewFigures, overviewFigures } from './figures.ts';

/**
 * The overview folds over every order, lead and item, which takes about a second on 1,500 orders and
 * 10,000 leads: too slow for the page everyone opens first. A schedule computes it every minute into
 * one row of the views table, and the overview reads that row. The row is operational, not business
 * state: rebuilds drop it and the backup digest leaves it out.
 */
const KEY = { view: 'reports', id: 'overview' } as const;

/** The months the scheduled snapshot covers; other spans are computed on request. */
export const SNAPSHOT_MONTHS = 12;

/** Older than this (the schedule stopped?), a snapshot is not served; the figures are computed anew. */
export const SNAPSHOT_MAX_AGE_MS = 5 * 60_000;

interface SnapshotRow {
  view: string;
  id: string;
  months: number;
  figures: OverviewFigures;
}

export const refreshSnapshot = async (): Promise<OverviewFigures> => {
  const figures = await overviewFigures(SNAPSHOT_MONTHS);
  const row: SnapshotRow = { ...KEY, months: SNAPSHOT_MONTHS, figures };
  await dynamo().send(new PutCommand({ TableName: config.viewsTable, Item: row }));
  return figures;
};

const readSnapshot = async (): Promise<OverviewFigures | undefined> => {
  const result = await dynamo().send(new GetCommand({ TableName: config.viewsTable, Key: KEY }));
  const row = result.Item as SnapshotRow | undefined;
  if (!row || row.months !== SNAPSHOT_MONTHS) return undefined;
  return Date.now() - Date.parse(row.figures.asOf) <= SNAPSHOT_MAX_AGE_MS ? row.figures : undefined;
};

/**
 * The overview for a span of months: the scheduled snapshot when it covers the span and is recent,
 * otherwise (or when asked to refresh) computed now, and kept as the snapshot when it covers its span.
 */
export const overview = async (months: number, refresh = false): Promise<OverviewFigures> => {
  if (months !== SNAPSHOT_MONTHS) return overviewFigures(months);
  if (!refresh) {
    const snapshot = await readSnapshot();
    if (snapshot) return snapshot;
  }
  return refreshSnapshot();
};
