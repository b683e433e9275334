import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeadState } from '../../../domain/customers/leads.ts';
import type { ItemState } from '../../../domain/inventory/items.ts';
import type { CampaignState } from '../../../domain/marketing/campaigns.ts';
import type { PurchaseOrderState } from '../../../domain/purchasing/purchase-orders.ts';
import * as reports from '../../../domain/reports/overview.ts';
import type { OrderState } from '../../../domain/sales/orders.ts';
import { dynamo as documentClient } from '../../../functions/adapters/clients.ts';
import { eventStore } from '../../../functions/adapters/event-store.ts';
import type { ViewRow } from '../../../functions/adapters/views.ts';
import { aggregates } from '../../../functions/application/aggregates.ts';
import type { StoredCommit } from '../../../functions/application/event-store-port.ts';
import { aggregateRowAfter } from '../../../functions/application/view-rows.ts';
import { projectStream, rebuildViews } from '../../../functions/projections/project.ts';
import * as figures from '../../../functions/reports/figures.ts';
import { env } from '../../../functions/runtime/env.ts';
import { tables } from '../../../functions/tables.ts';
import { generateHistory } from '../../../infra/local/demo/history.ts';
import { importHistory } from '../../../infra/local/demo/import.ts';
import { type Service, startDynamo } from '../../../infra/local/services.ts';
import { ensureTable } from '../../../infra/local/tables.ts';

/**
 * The kept report figures (domain/reports/kept.ts) against a recomputation from the events: the
 * generated history is folded in memory into rows, the overview's pure functions compute every report
 * from all of them, and the kept figures, after a rebuild and after the projector took every commit one
 * at a time (with repeated and late deliveries), must say the same.
 */
let dynamo: Service;
let commits: StoredCommit[];

beforeAll(async () => {
  dynamo = await startDynamo(undefined);
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    [env.EVENTS_TABLE]: 'kept-events',
    [env.VIEWS_TABLE]: 'kept-views',
  });
  const client = new DynamoDBClient({});
  await ensureTable(client, 'kept-events', tables.events);
  await ensureTable(client, 'kept-views', tables.views);
  const history = await generateHistory({ seed: 'kept', end: new Date(), years: 2, scale: 0.03 });
  commits = history.commits;
  await importHistory(commits);
}, 120_000);
afterAll(() => dynamo?.stop());

const viewItems = async (view: string) => {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: process.env[env.VIEWS_TABLE],
        KeyConditionExpression: '#view = :view',
        ExpressionAttributeNames: { '#view': 'view' },
        ExpressionAttributeValues: { ':view': view },
        ExclusiveStartKey,
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
};

/** Every record's row, folded in memory from the events the store holds. */
const recomputedRows = async () => {
  const rows = new Map<string, ViewRow>();
  for await (const page of eventStore.readAll())
    for (const commit of page) {
      const row = aggregateRowAfter(commit.streamId, rows.get(commit.streamId), [commit]);
      if (row) rows.set(commit.streamId, row);
    }
  const of = <S>(view: string) =>
    [...rows.values()].filter((r) => r.view === view) as unknown as reports.Row<S>[];
  return {
    orders: of<OrderState>(aggregates.order.view),
    leads: of<LeadState>(aggregates.lead.view),
    items: of<ItemState>(aggregates.item.view),
    purchases: of<PurchaseOrderState>(aggregates.purchaseOrder.view),
    campaigns: of<CampaignState>(aggregates.campaign.view),
  };
};

const expected = async () => {
  const rows = await recomputedRows();
  const thisMonth = new Date().toISOString().slice(0, 7);
  const span = reports.monthsEnding(thisMonth, 24);
  const since = `${reports.monthsEnding(thisMonth, 12)[0]}-01`;
  return {
    revenue: reports.revenueByMonth(rows.orders, span),
    stages: reports.ordersByStage(rows.orders),
    channels: reports.leadsByChannel(rows.leads, since),
    lowStock: reports.lowStock(rows.items, reports.onOrderByItem(rows.purchases)),
    campaigns: reports.campaignReturns(rows.campaigns, rows.leads, rows.orders),
  };
};

const kept = async () => ({
  revenue: await figures.revenue(24),
  stages: await figures.ordersByStage(),
  channels: (await figures.leadsByChannel(12)).items,
  lowStock: await figures.lowStock(),
  campaigns: await figures.campaigns(),
});

describe('kept report figures', () => {
  it('equal a recomputation from the events after a rebuild', async () => {
    await rebuildViews();
    const want = await expected();
    expect(want.stages.reduce((n, s) => n + s.orders, 0)).toBeGreaterThan(10);
    expect(want.campaigns.some((c) => c.orders > 0)).toBe(true);
    expect(want.revenue.some((m) => m.revenueCents > 0 && m.priorYear.collectedCents > 0)).toBe(true);
    expect(await kept()).toEqual(want);
  }, 120_000);

  it('equal it when the projector takes every commit as it is written, some twice and some late', async () => {
    // Fresh tables: the store grows commit by commit, and the projector sees each stream as it stood.
    const client = new DynamoDBClient({});
    await ensureTable(client, 'kept-events-live', tables.events);
    await ensureTable(client, 'kept-views-live', tables.views);
    process.env[env.EVENTS_TABLE] = 'kept-events-live';
    process.env[env.VIEWS_TABLE] = 'kept-views-live';
    const ordered = [...commits].sort((a, b) => a.commitId.localeCompare(b.commitId));
    // Every seventh delivery is held back and made after up to thirty later ones: late, out of order.
    const late: string[] = [];
    for (const [i, commit] of ordered.entries()) {
      await eventStore.importCommits([commit]);
      if (i % 7 === 3) late.push(commit.streamId);
      else await projectStream(commit.streamId);
      if (i % 30 === 29) for (const streamId of late.splice(0).reverse()) await projectStream(streamId);
    }
    for (const streamId of late) await projectStream(streamId);
    // Repeated deliveries change nothing.
    for (const commit of ordered.filter((_, i) => i % 11 === 0)) await projectStream(commit.streamId);
    expect(await kept()).toEqual(await expected());
    // Reports read a small copy of each partition's totals, never the entries: it matches its partition.
    const partitions = await viewItems('figures');
    const copies = new Map((await viewItems('figures-totals')).map((c) => [c.id, c]));
    expect(partitions.length).toBeGreaterThan(50);
    for (const partition of partitions)
      expect(copies.get(partition.id), String(partition.id)).toEqual({
        view: 'figures-totals',
        id: partition.id,
        t: partition.t,
        rev: partition.rev,
      });
  }, 300_000);
});
