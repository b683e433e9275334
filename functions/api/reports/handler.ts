import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LeadState } from '../../../domain/customers/leads.ts';
import type { ItemState } from '../../../domain/inventory/items.ts';
import type { CampaignState } from '../../../domain/marketing/campaigns.ts';
import * as reports from '../../../domain/reports/overview.ts';
import type { OrderState } from '../../../domain/sales/orders.ts';

import { eventCatalog } from '../../../events/catalog.ts';
import { dynamo } from '../../shared/clients.ts';
import { config } from '../../shared/config.ts';
import { fromItem } from '../../shared/event-store.ts';
import { httpHandler, implement } from '../../shared/http.ts';
import { TIME_INDEX } from '../../tables.ts';
import * as api from './contract.ts';

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
const allRows = async <S>(view: string, fields: readonly string[]): Promise<reports.Row<S>[]> => {
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
        KeyConditionExpression: '#view = :view',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':view': view },
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

const orders = () =>
  allRows<OrderState>('orders', ['stage', 'totalCents', 'customerId', 'deliveredOn', 'payments', 'refunds']);
const leads = () =>
  allRows<LeadState>('leads', ['channel', 'status', 'capturedOn', 'qualifiedOn', 'campaignId', 'customerId']);
const items = () =>
  allRows<ItemState>('items', [
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

const thisMonth = () => new Date().toISOString().slice(0, 7);
const sinceMonths = (months: number) => `${reports.monthsEnding(thisMonth(), months)[0]}-01`;

/** The newest business events, from the store's time index, month by month back until there are enough. */
const latestActivity = async (limit: number) => {
  const found: ReturnType<typeof fromItem>['events'] = [];
  for (const month of reports.monthsEnding(thisMonth(), 3).reverse()) {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await dynamo().send(
        new QueryCommand({
          TableName: config.eventsTable,
          IndexName: TIME_INDEX,
          KeyConditionExpression: '#bucket = :b',
          ExpressionAttributeNames: { '#bucket': 'bucket' },
          ExpressionAttributeValues: { ':b': month },
          ScanIndexForward: false,
          Limit: 100,
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const events = fromItem(item).events.filter((e) =>
          BUSINESS.has(eventCatalog.get(e.type)?.context ?? ''),
        );
        found.push(...events.reverse());
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey && found.length < limit);
    if (found.length >= limit) break;
  }
  return found.slice(0, limit).map((e) => {
    const definition = eventCatalog.get(e.type);
    return { ...e, summary: definition?.summary ?? e.type, context: definition?.context ?? 'unknown' };
  });
};

export const handler = httpHandler('reports', [
  implement(api.overview, async ({ query }) => {
    const [orderRows, leadRows, itemRows, activity] = await Promise.all([
      orders(),
      leads(),
      items(),
      latestActivity(15),
    ]);
    return {
      body: {
        asOf: new Date().toISOString(),
        revenueByMonth: reports.revenueByMonth(orderRows, reports.monthsEnding(thisMonth(), query.months)),
        ordersByStage: reports.ordersByStage(orderRows),
        leadsByChannel: reports.leadsByChannel(leadRows, sinceMonths(query.months)),
        lowStock: reports.lowStock(itemRows),
        latestActivity: activity,
      },
    };
  }),
  implement(api.revenue, async ({ query }) => ({
    body: { items: reports.revenueByMonth(await orders(), reports.monthsEnding(thisMonth(), query.months)) },
  })),
  implement(api.ordersByStage, async () => ({ body: { items: reports.ordersByStage(await orders()) } })),
  implement(api.leadsByChannel, async ({ query }) => {
    const since = sinceMonths(query.months);
    return { body: { since, items: reports.leadsByChannel(await leads(), since) } };
  }),
  implement(api.lowStock, async () => ({ body: { items: reports.lowStock(await items()) } })),
  implement(api.activity, async ({ query }) => ({ body: { items: await latestActivity(query.limit) } })),
  implement(api.campaigns, async () => {
    const [campaignRows, leadRows, orderRows] = await Promise.all([
      allRows<CampaignState>('campaigns', [
        'campaignId',
        'name',
        'channel',
        'status',
        'startsOn',
        'budgetCents',
        'spentCents',
      ]),
      leads(),
      orders(),
    ]);
    return { body: { items: reports.campaignReturns(campaignRows, leadRows, orderRows) } };
  }),
]);
