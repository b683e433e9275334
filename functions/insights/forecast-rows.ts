import { BatchWriteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ForecastKind, ForecastSeries } from '../../domain/insights/forecasts.ts';
import { dynamo } from '../adapters/clients.ts';
import { config } from '../runtime/config.ts';

/**
 * The latest run's forecasts, one row of the views table per series (a series with three years of
 * history and its bands is a few kilobytes; all of them together would crowd the snapshot row).
 */
const VIEW = 'insights-forecast';

export type StoredForecast = ForecastSeries & { runId: string; asOf: string };

const batches = <T>(xs: readonly T[], size: number) =>
  Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));

const write = async (requests: Record<string, unknown>[]) => {
  for (const batch of batches(requests, 25)) {
    let items: Record<string, unknown>[] | undefined = batch;
    for (let attempt = 0; items?.length && attempt < 8; attempt++) {
      const result = await dynamo().send(
        new BatchWriteCommand({ RequestItems: { [config.viewsTable]: items as never } }),
      );
      items = result.UnprocessedItems?.[config.viewsTable] as Record<string, unknown>[] | undefined;
      if (items?.length) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
};

/** Every stored series, or those of the given kinds. */
export const readForecasts = async (kinds?: readonly ForecastKind[]): Promise<StoredForecast[]> => {
  const rows: StoredForecast[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: config.viewsTable,
        KeyConditionExpression: '#view = :view',
        ExpressionAttributeNames: { '#view': 'view' },
        ExpressionAttributeValues: { ':view': VIEW },
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) rows.push((item as { forecast: StoredForecast }).forecast);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return kinds ? rows.filter((r) => kinds.includes(r.kind)) : rows;
};

export const readForecast = async (seriesId: string): Promise<StoredForecast | undefined> => {
  const result = await dynamo().send(
    new GetCommand({ TableName: config.viewsTable, Key: { view: VIEW, id: seriesId } }),
  );
  return (result.Item as { forecast?: StoredForecast } | undefined)?.forecast;
};

/**
 * Replaces the stored series of the kinds a run forecast: writes its series and deletes those of the
 * same kinds it no longer has (a retired model, a removed item).
 */
export const replaceForecasts = async (
  kinds: readonly ForecastKind[],
  series: readonly ForecastSeries[],
  run: { runId: string; asOf: string },
) => {
  const keep = new Set(series.map((s) => s.seriesId));
  const stale = (await readForecasts(kinds)).filter((s) => !keep.has(s.seriesId));
  await write([
    ...series.map((s) => ({
      PutRequest: { Item: { view: VIEW, id: s.seriesId, forecast: { ...s, ...run } } },
    })),
    ...stale.map((s) => ({ DeleteRequest: { Key: { view: VIEW, id: s.seriesId } } })),
  ]);
};
