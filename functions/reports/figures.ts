import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ItemState } from '../../domain/inventory/items.ts';
import type { CampaignState } from '../../domain/marketing/campaigns.ts';
import * as kept from '../../domain/reports/kept.ts';
import * as reports from '../../domain/reports/overview.ts';
import { eventCatalog, type StoredEvent } from '../../events/catalog.ts';
import { isBusinessEvent, readFeed } from '../adapters/activity-feed.ts';
import { dynamo } from '../adapters/clients.ts';
import { eventStore } from '../adapters/event-store.ts';
import { readTotals, readTotalsFrom } from '../adapters/kept-figures.ts';
import { aggregates } from '../application/aggregates.ts';
import { config } from '../runtime/config.ts';

/**
 * The figures behind the fixed reports and the overview: kept partitions the projector maintains
 * (functions/adapters/kept-figures.ts), the stock items' and campaigns' rows, and the activity feed's
 * index (functions/adapters/activity-feed.ts).
 */

/**
 * Every row of a view, reading only the state fields a report needs: the reports fold over whole views,
 * and leaving the rest on the server keeps a 10,000-lead view quick to read.
 */
export const allRows = async <S>(
  view: string,
  fields: readonly string[],
  /** Only rows with ids from this one on: ids are ULIDs, so this reads just the records created since. */
  fromId?: string,
): Promise<reports.Row<S>[]> => {
  const names: Record<string, string> = {
    '#view': 'view',
    '#state': 'state',
    '#c': 'createdAt',
    '#u': 'updatedAt',
  };
  fields.forEach((field, i) => {
    names[`#f${i}`] = field;
  });
  const projection = ['#c', '#u', ...fields.map((_, i) => `#state.#f${i}`)].join(', ');
  const rows: reports.Row<S>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: config.viewsTable,
        KeyConditionExpression: fromId ? '#view = :view AND #id >= :from' : '#view = :view',
        ExpressionAttributeNames: fromId ? { ...names, '#id': 'id' } : names,
        ExpressionAttributeValues: fromId ? { ':view': view, ':from': fromId } : { ':view': view },
        ProjectionExpression: projection,
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const row = item as { state?: Record<string, unknown>; createdAt: string; updatedAt: string };
      rows.push({
        state: { exists: true, ...row.state } as S,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
      });
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return rows;
};

export const items = () =>
  allRows<ItemState>(aggregates.item.view, [
    'itemId',
    'sku',
    'name',
    'unit',
    'onHand',
    'reserved',
    'reorderPoint',
    'reorderQuantity',
    'supplierId',
  ]);

export const thisMonth = () => new Date().toISOString().slice(0, 7);

/**
 * The newest business events over the last three months, newest first: from the feed's own index
 * (functions/adapters/activity-feed.ts), or, where that cannot vouch for its answer (a store from
 * before it was kept), from a walk of the store's time index.
 */
export const latestActivity = async (limit: number) => {
  const since = `${reports.monthsEnding(thisMonth(), 3)[0]}-01`;
  const found = (await readFeed(since, limit)) ?? (await walkActivity(since, limit));
  return found.map((e) => {
    const definition = eventCatalog.get(e.type);
    return { ...e, summary: definition?.summary ?? e.type, context: definition?.context ?? 'unknown' };
  });
};

const walkActivity = async (since: string, limit: number): Promise<StoredEvent[]> => {
  const found: StoredEvent[] = [];
  // Most recent commits are business events: a page of twice the feed's length usually fills it.
  const pageSize = Math.min(100, Math.max(20, 2 * limit));
  for await (const page of eventStore.readAll({ newestFirst: true, since, pageSize })) {
    for (const commit of page) found.push(...commit.events.filter(isBusinessEvent).reverse());
    if (found.length >= limit) break;
  }
  return found.slice(0, limit);
};

// Each report below reads a fixed set of kept partitions (domain/reports/kept.ts), or views whose size
// does not grow with the business (stock items, campaigns): none folds every order or lead.

export const revenue = async (months: number) => {
  const span = reports.monthsEnding(thisMonth(), months);
  return kept.revenueFrom(await readTotals(kept.revenuePartitions(span)), span);
};

export const ordersByStage = async () => kept.stagesFrom(await readTotals(kept.partitions.stages()));

export const leadsByChannel = async (months: number) => {
  const span = reports.monthsEnding(thisMonth(), months);
  return {
    since: `${span[0]}-01`,
    items: kept.channelsFrom(await readTotals(kept.leadPartitions(span)), span),
  };
};

export const lowStock = async () => {
  const [itemRows, totals] = await Promise.all([items(), readTotals(kept.partitions.onOrder())]);
  return reports.lowStock(itemRows, kept.onOrderFrom(totals));
};

export const campaigns = async () => {
  const [rows, totals] = await Promise.all([
    allRows<CampaignState>(aggregates.campaign.view, [
      'campaignId',
      'name',
      'channel',
      'status',
      'startsOn',
      'budgetCents',
      'spentCents',
    ]),
    readTotalsFrom(kept.partitions.everyCampaign()),
  ]);
  return kept.campaignsFrom(rows, totals);
};

/** Everything the overview shows, read now from the kept figures. */
export const overviewFigures = async (months: number) => {
  const [revenueByMonth, stages, channels, low, activity] = await Promise.all([
    revenue(months),
    ordersByStage(),
    leadsByChannel(months),
    lowStock(),
    latestActivity(15),
  ]);
  return {
    asOf: new Date().toISOString(),
    revenueByMonth,
    ordersByStage: stages,
    leadsByChannel: channels.items,
    lowStock: low,
    latestActivity: activity,
  };
};

export type OverviewFigures = Awaited<ReturnType<typeof overviewFigures>>;
