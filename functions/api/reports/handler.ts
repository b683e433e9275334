import type { CampaignState } from '../../../domain/marketing/campaigns.ts';
import * as reports from '../../../domain/reports/overview.ts';
import { aggregates } from '../../application/aggregates.ts';
import { httpHandler, implement } from '../../http/adapter.ts';
import {
  allRows,
  items,
  latestActivity,
  leads,
  openPurchases,
  orders,
  sinceMonths,
  thisMonth,
} from '../../reports/figures.ts';
import { overview } from '../../reports/snapshot.ts';
import * as api from './contract.ts';

export const handler = httpHandler('reports', [
  implement(api.overview, async ({ query }) => ({
    body: await overview(query.months, query.refresh === 'true'),
  })),
  implement(api.revenue, async ({ query }) => ({
    body: { items: reports.revenueByMonth(await orders(), reports.monthsEnding(thisMonth(), query.months)) },
  })),
  implement(api.ordersByStage, async () => ({ body: { items: reports.ordersByStage(await orders()) } })),
  implement(api.leadsByChannel, async ({ query }) => {
    const since = sinceMonths(query.months);
    return { body: { since, items: reports.leadsByChannel(await leads(since), since) } };
  }),
  implement(api.lowStock, async () => {
    const [itemRows, onOrder] = await Promise.all([items(), openPurchases()]);
    return { body: { items: reports.lowStock(itemRows, onOrder) } };
  }),
  implement(api.activity, async ({ query }) => ({ body: { items: await latestActivity(query.limit) } })),
  implement(api.campaigns, async () => {
    const [campaignRows, leadRows, orderRows] = await Promise.all([
      allRows<CampaignState>(aggregates.campaign.view, [
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
