import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTIVITY,
  ACTIVITY_FROM,
  isBusinessEvent,
  readFeed,
} from '../../../../functions/adapters/activity-feed.ts';
import { eventStore } from '../../../../functions/adapters/event-store.ts';
import { deleteViews } from '../../../../functions/adapters/views.ts';
import * as api from '../../../../functions/api/reports/contract.ts';
import { recordSensitiveRead } from '../../../../functions/audit/access-log.ts';
import { rebuildViews } from '../../../../functions/projections/project.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../../support/cloud.ts';
import { conforms, created, customer, ifMatch, item } from '../fixtures.ts';
import { yearOfHistory } from './history.ts';

let cloud: TestCloud;
let owner: Api;
let viewer: Api;

beforeAll(async () => {
  cloud = await startTestCloud();
  // A year of a small business behind the reports, as `npm start` would seed it.
  await yearOfHistory('reports', { dataset: false });
  [owner, viewer] = await Promise.all([signedIn(cloud, 'owner'), signedIn(cloud, 'viewer')]);
});
afterAll(() => cloud?.stop());

const thisMonth = () => new Date().toISOString().slice(0, 7);

describe('reports through the API', () => {
  it('serves the overview: revenue by month beside last year, orders by stage, leads by channel, low stock, activity', async () => {
    const low = await item(owner, { onHand: 1, reorderPoint: 5 });
    const lead = created(
      await owner.post('/api/leads', { name: 'Newest', email: 'newest@example.com', channel: 'web_form' }),
    );
    await cloud.settle();
    const res = await viewer.get('/api/reports/overview');
    expect(res.status).toBe(200);
    conforms(api.overview, res.body);
    const overview = res.body as unknown as {
      revenueByMonth: { month: string; orders: number; priorYear: Json }[];
      ordersByStage: { stage: string; orders: number }[];
      leadsByChannel: { channel: string; leads: number }[];
      lowStock: { itemId: string; available: number }[];
      latestActivity: { type: string; streamId: string; occurredAt: string }[];
    };
    expect(overview.revenueByMonth).toHaveLength(12);
    expect(overview.revenueByMonth.at(-1)?.month).toBe(thisMonth());
    const orders = await owner.get('/api/orders?limit=100');
    const totalOrders = overview.ordersByStage.reduce((sum, s) => sum + s.orders, 0);
    expect(totalOrders).toBeGreaterThan(0);
    if (!orders.body.nextCursor) expect(totalOrders).toBe(orders.body.items?.length);
    expect(overview.leadsByChannel.map((c) => c.channel).sort()).toEqual([
      'paid_social',
      'referral',
      'search',
      'show',
      'web_form',
    ]);
    expect(overview.leadsByChannel.find((c) => c.channel === 'web_form')!.leads).toBeGreaterThan(0);
    expect(overview.lowStock.map((i) => i.itemId)).toContain(low.id);
    expect(overview.latestActivity[0]).toMatchObject({ type: 'LeadCaptured', streamId: `lead-${lead.id}` });
    const times = overview.latestActivity.map((a) => a.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('serves the overview as current as the projector: a new lead is in it at once', async () => {
    const before = (await viewer.get('/api/reports/overview')).body;
    const lead = created(
      await owner.post('/api/leads', { name: 'Later', email: 'later@example.com', channel: 'referral' }),
    );
    await cloud.settle();
    const after = (await viewer.get('/api/reports/overview')).body;
    const newest = (body: Json) => (body.latestActivity as { streamId: string }[])[0]?.streamId;
    expect(newest(after)).toBe(`lead-${lead.id}`);
    const referrals = (body: Json) =>
      (body.leadsByChannel as { channel: string; leads: number }[]).find((c) => c.channel === 'referral')!
        .leads;
    expect(referrals(after)).toBe(referrals(before) + 1);
    expect(Date.parse(after.asOf as string)).toBeGreaterThan(Date.parse(before.asOf as string));
    // `refresh` is still accepted; other spans come from the same kept figures.
    expect((await viewer.get('/api/reports/overview?refresh=true')).status).toBe(200);
    const span = await viewer.get('/api/reports/overview?months=3');
    expect(span.body.revenueByMonth).toHaveLength(3);
    expect((await viewer.get('/api/reports/overview?refresh=yes')).status).toBe(400);
  });

  it('finds the latest business activity behind a long run of other events', async () => {
    const lead = created(
      await owner.post('/api/leads', { name: 'Before', email: 'before@example.com', channel: 'show' }),
    );
    // Reads of the audit log are events too, of the access context, which the feed leaves out: 70 of
    // them are more than the feed's first pages hold (20 commits, then 40 for a feed of five).
    const actor = { id: 'owner', role: 'owner', email: 'owner@example.com' };
    for (let i = 0; i < 70; i++)
      await recordSensitiveRead(actor, `run-${i}`, { resource: 'audit-log', action: 'queried', detail: 'x' });
    await cloud.settle();
    const res = await viewer.get('/api/reports/activity?limit=5');
    expect(res.status).toBe(200);
    const items = res.body.items as { streamId: string; context: string }[];
    expect(items).toHaveLength(5);
    expect(items[0]!.streamId).toBe(`lead-${lead.id}`);
    expect(items.every((a) => a.context !== 'access')).toBe(true);
  });

  it("serves the same activity from the feed's index, from a walk of the store and after a rebuild", async () => {
    await owner.post('/api/leads', { name: 'Fed', email: 'fed@example.com', channel: 'web_form' });
    await cloud.settle();
    const since = `${new Date(Date.now() - 80 * 86_400_000).toISOString().slice(0, 10)}`;
    expect(await readFeed(since, 30)).toHaveLength(30);
    const fromFeed = (await viewer.get('/api/reports/activity?limit=30')).body;
    // Without the index (a store from before it was kept) the store's time index is walked instead.
    await deleteViews([ACTIVITY, ACTIVITY_FROM]);
    expect(await readFeed(since, 30)).toBeUndefined();
    const fromWalk = (await viewer.get('/api/reports/activity?limit=30')).body;
    expect(fromWalk.items).toHaveLength(30);
    expect(fromWalk).toEqual(fromFeed);
    await rebuildViews();
    expect(await readFeed(since, 30)).toHaveLength(30);
    expect((await viewer.get('/api/reports/activity?limit=30')).body).toEqual(fromFeed);
    // A window with fewer events than asked for: after a rebuild the feed knows it holds all of them.
    const recent = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const walked: string[] = [];
    for await (const page of eventStore.readAll({ newestFirst: true, since: recent }))
      for (const commit of page)
        walked.push(
          ...commit.events
            .filter(isBusinessEvent)
            .map((e) => e.id)
            .reverse(),
        );
    expect(walked.length).toBeGreaterThan(0);
    expect((await readFeed(recent, 100_000))?.map((e) => e.id)).toEqual(walked);
  });

  it('serves each report on its own, to every role that may read reports', async () => {
    for (const path of [
      'revenue?months=24',
      'orders-by-stage',
      'leads-by-channel?months=3',
      'low-stock',
      'activity?limit=5',
      'campaigns',
    ]) {
      const res = await viewer.get(`/api/reports/${path}`);
      expect(res.status, path).toBe(200);
    }
    const revenue = await viewer.get('/api/reports/revenue?months=24');
    conforms(api.revenue, revenue.body);
    expect(revenue.body.items).toHaveLength(24);
    const [first, , , , , , , , , , , , thirteenth] = revenue.body.items as {
      bookedCents: number;
      priorYear: { bookedCents: number };
    }[];
    expect(thirteenth!.priorYear.bookedCents).toBe(first!.bookedCents);
    const campaigns = await viewer.get('/api/reports/campaigns');
    conforms(api.campaigns, campaigns.body);
    expect((campaigns.body.items as Json[]).some((c) => (c.leads as number) > 0)).toBe(true);
    expect((await viewer.get('/api/reports/revenue?months=99')).status).toBe(400);
  });

  it('moves with the business: a delivery shows up as revenue this month', async () => {
    const before = (await owner.get('/api/reports/revenue?months=1')).body.items as {
      revenueCents: number;
    }[];
    const buyer = await customer(owner);
    let order = created(await owner.post('/api/orders', { customerId: buyer.id, modelId: 'nest-20' }));
    order = created(
      await owner.post(`/api/orders/${order.id}/deposit`, { amountCents: 100_000 }, ifMatch(order)),
      200,
    );
    for (const step of ['start-build', 'complete-build', 'deliver'])
      order = created(await owner.post(`/api/orders/${order.id}/${step}`, undefined, ifMatch(order)), 200);
    await cloud.settle();
    const after = (await owner.get('/api/reports/revenue?months=1')).body.items as { revenueCents: number }[];
    expect(after[0]!.revenueCents - before[0]!.revenueCents).toBe(order.totalCents);
  });

  it('documents every business route in OpenAPI', async () => {
    const doc = (await viewer.get('/api/openapi.json')).body as { paths: Record<string, unknown> };
    for (const path of [
      '/api/leads/{id}/convert',
      '/api/quotes/{id}/accept',
      '/api/orders/{id}/payments/{paymentId}/refund',
      '/api/builds/{id}/start',
      '/api/shipments/{id}/claims/{claimId}/resolve',
      '/api/items/{id}/adjustments',
      '/api/purchase-orders/{id}/receipts',
      '/api/campaigns/{id}/spend',
      '/api/reports/overview',
      '/api/models/{id}/prices',
    ])
      expect(doc.paths, path).toHaveProperty([path]);
  });
});
