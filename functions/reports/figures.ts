import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { encodeTime } from 'ulid';
import type { LeadState } from '../../domain/customers/leads.ts';
import type { ItemState } from '../../domain/inventory/items.ts';
import type { PurchaseOrderState } from '../../domain/purchasing/purchase-orders.ts';
import * as reports from '../../domain/reports/overview.ts';
import type { OrderState } from '../../domain/sales/orders.ts';
import { eventCatalog, type StoredEvent } from '../../events/catalog.ts';
import { dynamo } from '../adapters/clients.ts';
import { eventStore } from '../adapters/event-store.ts';
import { aggregates } from '../application/aggregates.ts';
import { config } from '../runtime/config.ts';

/**
 * The figures behind the reports, read from the views and the event store's time index. The reports
 * fold over whole views (domain/reports), so these read only the fields each one needs.
 */
/** Contexts whose events make the activity feed; sign-ins and operations have their own audit views. */
const BUSINESS = new Set([
  'catalog',
  'customers',
  'sales',
  'production',
  'delivery',
  'inventory',
  'purchasing',
  'marketing',
]);

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

export const orders = () =>
  allRows<OrderState>(aggregates.order.view, [
    'stage',
    'totalCents',
    'customerId',
    'deliveredOn',
    'payments',
    'refunds',
  ]);
/**
 * Leads, all of them or those captured since a day. Lead ids are ULIDs of when they were entered, so
 * a key range reads only recent rows; a month of slack covers leads entered after the fact.
 */
export const leads = (since?: string) =>
  allRows<LeadState>(
    aggregates.lead.view,
    ['channel', 'status', 'capturedOn', 'qualifiedOn', 'campaignId', 'customerId'],
    since
      ? `${encodeTime(new Date(`${since}T00:00:00Z`).getTime() - 31 * 86_400_000, 10)}${'0'.repeat(16)}`
      : undefined,
  );
export const openPurchases = async () =>
  reports.onOrderByItem(
    await allRows<PurchaseOrderState>(aggregates.purchaseOrder.view, ['status', 'lines']),
  );
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
export const sinceMonths = (months: number) => `${reports.monthsEnding(thisMonth(), months)[0]}-01`;

/** The newest business events, from the store's time walk, newest first, over the last three months. */
export const latestActivity = async (limit: number) => {
  const found: StoredEvent[] = [];
  const since = `${reports.monthsEnding(thisMonth(), 3)[0]}-01`;
  for await (const page of eventStore.readAll({ newestFirst: true, since, pageSize: 100 })) {
    for (const commit of page) {
      const events = commit.events.filter((e) => BUSINESS.has(eventCatalog.get(e.type)?.context ?? ''));
      found.push(...events.reverse());
    }
    if (found.length >= limit) break;
  }
  return found.slice(0, limit).map((e) => {
    const definition = eventCatalog.get(e.type);
    return { ...e, summary: definition?.summary ?? e.type, context: definition?.context ?? 'unknown' };
  });
};

/** Everything the overview shows, computed now from the views. */
export const overviewFigures = async (months: number) => {
  const since = sinceMonths(months);
  const [orderRows, leadRows, itemRows, onOrder, activity] = await Promise.all([
    orders(),
    leads(since),
    items(),
    openPurchases(),
    latestActivity(15),
  ]);
  return {
    asOf: new Date().toISOString(),
    revenueByMonth: reports.revenueByMonth(orderRows, reports.monthsEnding(thisMonth(), months)),
    ordersByStage: reports.ordersByStage(orderRows),
    leadsByChannel: reports.leadsByChannel(leadRows, since),
    lowStock: reports.lowStock(itemRows, onOrder),
    latestActivity: activity,
  };
};

export type OverviewFigures = Awaited<ReturnType<typeof overviewFigures>>;
