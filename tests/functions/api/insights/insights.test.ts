import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ItemCommand, itemDecider } from '../../../../domain/inventory/items.ts';
import { SYSTEM_ACTOR } from '../../../../events/envelope.ts';
import * as api from '../../../../functions/api/insights/contract.ts';
import { aggregates } from '../../../../functions/application/aggregates.ts';
import { execute } from '../../../../functions/application/command.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../../support/cloud.ts';
import { conforms, created, ifMatch, model } from '../fixtures.ts';

/**
 * Insights end to end on the in-process local cloud: an item used steadily for 30 weeks and never
 * replenished, the insights state machine run on it (as its schedule runs it), a reorder recommendation
 * with its evidence, accepted and implemented through the API, and measured by a run after its horizon
 * (the run's `asOf` is the clock the test moves).
 */
let cloud: TestCloud;
let owner: Api;
let manager: Api;
let viewer: Api;
const ITEM = `insights-item-${Date.now()}`;
const DAY = 86_400_000;

const runInsights = async (asOf: Date) => {
  const execution = cloud.stepFunctions.start(cloud.stepFunctions.arnOf('insights'), {
    asOf: asOf.toISOString(),
    trigger: 'schedule',
  });
  const ended = await cloud.stepFunctions.wait(execution.executionArn);
  expect(ended.status, JSON.stringify(ended.error ?? ended.cause ?? '')).toBe('SUCCEEDED');
  await cloud.settle();
};

beforeAll(async () => {
  cloud = await startTestCloud();
  owner = await signedIn(cloud, 'owner');
  manager = await signedIn(cloud, 'manager');
  viewer = await signedIn(cloud, 'viewer');
  // 30 weeks ago: 320 received; then 10 a week for 30 weeks, the last today: 20 left, at its reorder point.
  const start = Date.now() - 30 * 7 * DAY;
  const run = (command: ItemCommand, at: number) =>
    execute(itemDecider, aggregates.item.stream(ITEM), command, {
      actor: SYSTEM_ACTOR,
      correlationId: `insights-test-${at}`,
      at: new Date(at),
    });
  await run(
    {
      type: 'RegisterItem',
      itemId: ITEM,
      sku: 'INS-1',
      name: 'Insights test lumber',
      unit: 'bundle',
      unitCostCents: 1_000,
      reorderPoint: 5,
      reorderQuantity: 10,
      leadTimeDays: 14,
    },
    start,
  );
  // A model that uses it, so a missing unit has a value (before any stock moves: each movement
  // refreshes the insights at once).
  await model(owner, [{ itemId: ITEM, quantity: 5 }]);
  await run({ type: 'ReceiveStock', quantity: 320, unitCostCents: 1_000 }, start + 1000);
  for (let week = 1; week <= 30; week++)
    await run({ type: 'ConsumeStock', buildId: `b${week}`, quantity: 10 }, start + week * 7 * DAY);
  await cloud.settle();
}, 120_000);
afterAll(() => cloud?.stop());

describe('insights', () => {
  it('runs on the history, proposes a reorder with evidence, and tracks it to its measured value', async () => {
    const empty = await viewer.get('/api/insights/inventory');
    conforms(api.getInventoryAdvice, empty.body);

    await runInsights(new Date());
    const listed = (await viewer.get('/api/recommendations?category=inventory&status=proposed')).body as Json;
    conforms(api.listRecommendations, listed);
    const found = listed.items!.find((r) => (r.subject as Json).id === ITEM)!;
    expect(found, JSON.stringify(listed.items?.map((r) => r.key))).toBeDefined();
    expect(found).toMatchObject({
      kind: 'reorder',
      key: `reorder:${ITEM}`,
      status: 'proposed',
      horizonDays: 21,
      actions: [],
    });
    expect(String(found.title)).toMatch(/^Order \d+ bundle of Insights test lumber$/);
    expect((found.estimatedValue as Json).cents).toBeGreaterThan(0);
    expect((found.confidence as Json).method).toMatch(/Backtest/);
    expect(((found.evidence as Json).series as Json).points).toHaveLength(26 + 12);

    // The figures of the latest run, as the console's pages read them.
    const advice = (await viewer.get('/api/insights/inventory')).body as Json;
    conforms(api.getInventoryAdvice, advice);
    const mine = advice.items!.find((i) => i.itemId === ITEM)!;
    expect(mine).toMatchObject({ onHand: 20, onOrder: 0, leadTimeDays: 14, needsOrder: true });
    // 10 in each of the 26 weeks up to today: the engine forecasts 10 a week.
    expect(mine.usagePerWeek).toBe(10);
    // The engine's forecast of its usage: the model it chose and the spread on held-out weeks.
    expect(mine.demandModel).toMatch(/\w/);
    expect(String(found.reason)).toContain(`(${mine.demandModel}; sd`);

    // The forecasts the run wrote, the item's demand among them, each with its accuracy.
    const forecasts = (await viewer.get('/api/insights/forecasts')).body as Json;
    conforms(api.listForecasts, forecasts);
    const demand = forecasts.items!.find((s) => s.id === `demand-${ITEM}`)!;
    expect(demand, JSON.stringify(forecasts.items?.map((s) => s.id))).toMatchObject({
      kind: 'demand',
      name: 'Demand: Insights test lumber',
      unit: 'bundle',
    });
    expect(forecasts.items!.map((s) => s.id)).toEqual(
      expect.arrayContaining(['revenue-booked', 'revenue-collected']),
    );
    const onlyDemand = (await viewer.get('/api/insights/forecasts?kind=demand')).body as Json;
    expect(new Set(onlyDemand.items!.map((s) => s.kind))).toEqual(new Set(['demand']));
    const series = (await viewer.get(`/api/insights/forecasts/demand-${ITEM}`)).body as Json;
    conforms(api.getForecast, series);
    expect((series.history as Json[]).length).toBeGreaterThanOrEqual(6);
    expect(series.forecast).toHaveLength(6);
    for (const f of series.forecast as Json[]) expect(Number(f.lo95)).toBeLessThanOrEqual(Number(f.hi95));
    expect((await viewer.get('/api/insights/forecasts/no-such-series')).status).toBe(404);
    expect((await viewer.get('/api/insights/forecasts/bad%20id')).status).toBe(400);
    expect((await viewer.get('/api/insights/forecasts?kind=weather')).status).toBe(400);

    for (const [path, route] of [
      ['/api/insights/sales', api.getSalesInsights],
      ['/api/insights/segments', api.getSegments],
      ['/api/insights/marketing', api.getMarketingReturn],
      ['/api/insights/roi', api.getRoi],
    ] as const) {
      const res = await viewer.get(path);
      expect(res.status).toBe(200);
      conforms(route, res.body);
    }

    // A second run does not propose it again while it is open.
    await runInsights(new Date());
    const again = (await viewer.get('/api/recommendations?search=insights%20test%20lumber')).body as Json;
    expect(again.items!.filter((r) => r.key === `reorder:${ITEM}`)).toHaveLength(1);
    const runs = (await viewer.get('/api/insights/runs')).body as Json;
    conforms(api.listInsightsRuns, runs);
    expect(runs.items![0]).toMatchObject({ status: 'completed', trigger: 'schedule' });
    expect((runs.items![0]!.figures as Json).alreadyOpen).toBeGreaterThanOrEqual(1);

    // A viewer may read but not act; a manager accepts, then links the purchase order placed.
    const id = String(found.id);
    const read = (await manager.get(`/api/recommendations/${id}`)).body as Json;
    expect(read.actions).toEqual(['accept', 'dismiss']);
    expect((await viewer.post(`/api/recommendations/${id}/accept`, {}, ifMatch(read))).status).toBe(403);
    const early = await manager.post(
      `/api/recommendations/${id}/implement`,
      { link: { kind: 'purchaseOrder', id: 'po-1' } },
      ifMatch(read),
    );
    expect(early.status).toBe(409);
    const accepted = created(await manager.post(`/api/recommendations/${id}/accept`, {}, ifMatch(read)), 200);
    conforms(api.acceptRecommendation, accepted);
    expect(accepted).toMatchObject({ status: 'accepted', acceptedBy: 'manager@firefly.example' });
    const noId = await manager.post(
      `/api/recommendations/${id}/implement`,
      { link: { kind: 'purchaseOrder' } },
      ifMatch(accepted),
    );
    expect(noId.status).toBe(422);
    const done = created(
      await manager.post(
        `/api/recommendations/${id}/implement`,
        { link: { kind: 'purchaseOrder', id: 'PO-2026-001' } },
        ifMatch(accepted),
      ),
      200,
    );
    expect(done).toMatchObject({ status: 'implemented', link: { kind: 'purchaseOrder', id: 'PO-2026-001' } });

    // Before its horizon a run leaves it be; after it, the run measures it.
    await runInsights(new Date(Date.now() + 5 * DAY));
    expect(((await viewer.get(`/api/recommendations/${id}`)).body as Json).status).toBe('implemented');
    await runInsights(new Date(Date.now() + 22 * DAY));
    const measured = (await viewer.get(`/api/recommendations/${id}`)).body as Json;
    conforms(api.getRecommendation, measured);
    expect(measured).toMatchObject({ status: 'measured', measuredFrom: 'implemented', realisedCents: 0 });
    // Nothing was used after the proposal: the stock would not have eaten into its safety stock.
    expect(measured).toMatchObject({ predictionHeld: false, counterfactualCents: 0 });
    const roi = (await viewer.get('/api/insights/roi')).body as Json;
    expect(roi).toMatchObject({ counts: { measured: 1, implemented: 1 } });
  }, 240_000);

  it('refuses bad input with problems, never a 5xx', async () => {
    const listed = (await viewer.get('/api/recommendations?status=nonsense')).status;
    expect(listed).toBe(400);
    expect((await manager.get('/api/recommendations/01JZZZZZZZZZZZZZZZZZZZZZZZ')).status).toBe(404);
    const started = await manager.post('/api/insights/runs', {});
    expect(started.status).toBe(202);
    expect((await viewer.post('/api/insights/runs', {})).status).toBe(403);
    await cloud.stepFunctions.idle();
  }, 120_000);
});
