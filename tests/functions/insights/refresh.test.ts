import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ItemCommand, itemDecider } from '../../../domain/inventory/items.ts';
import { SYSTEM_ACTOR } from '../../../events/envelope.ts';
import { aggregates } from '../../../functions/application/aggregates.ts';
import { execute } from '../../../functions/application/command.ts';
import { claimKey } from '../../../functions/insights/open-keys.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../support/cloud.ts';

/**
 * Events that change the picture refresh the insights without waiting for the nightly run: on the
 * in-process local cloud (bus, rule, consumer, state machine), stock falling sharply leads to fresh
 * inventory advice and a reorder recommendation within a minute, and a burst of movements never runs
 * two refreshes at once.
 */
let cloud: TestCloud;
let viewer: Api;
const ITEM = `refresh-item-${Date.now()}`;
const DAY = 86_400_000;

const stock = (command: ItemCommand, at = Date.now()) =>
  execute(itemDecider, aggregates.item.stream(ITEM), command, {
    actor: SYSTEM_ACTOR,
    correlationId: `refresh-test-${at}-${Math.random()}`,
    at: new Date(at),
  });

/** Every refresh done, including one a run started for events that came in while it ran. */
const quiet = async () => {
  for (let i = 0; i < 3; i++) {
    await cloud.settle();
    await cloud.stepFunctions.idle();
  }
};

const eventRuns = async () =>
  ((await viewer.get('/api/insights/runs?limit=100')).body as Json).items!.filter(
    (r) => r.trigger === 'event',
  );

/** Never two at once: each run began after the one before it completed. */
const expectOneAtATime = (runs: Json[]) => {
  const ordered = [...runs].sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
  for (let i = 1; i < ordered.length; i++)
    expect(String(ordered[i]!.createdAt) >= String(ordered[i - 1]!.updatedAt), JSON.stringify(ordered)).toBe(
      true,
    );
};

const adviceFor = async () =>
  ((await viewer.get('/api/insights/inventory')).body as Json).items?.find((i) => i.itemId === ITEM);

beforeAll(async () => {
  cloud = await startTestCloud();
  viewer = await signedIn(cloud, 'viewer');
  // 30 weeks of 10 a week from 600: 300 on hand, far above any reorder point.
  const start = Date.now() - 30 * 7 * DAY;
  await stock(
    {
      type: 'RegisterItem',
      itemId: ITEM,
      sku: 'REF-1',
      name: 'Refresh test cladding',
      unit: 'sheet',
      unitCostCents: 2_000,
      reorderPoint: 5,
      reorderQuantity: 10,
      leadTimeDays: 14,
    },
    start,
  );
  await stock({ type: 'ReceiveStock', quantity: 600, unitCostCents: 2_000 }, start + 1000);
  for (let week = 1; week <= 30; week++)
    await stock({ type: 'ConsumeStock', buildId: `b${week}`, quantity: 10 }, start + week * 7 * DAY);
  await quiet();
}, 240_000);
afterAll(() => cloud?.stop());

describe('insights refresh on events', () => {
  it('refreshes the inventory advice within a minute of stock falling, one run at a time', async () => {
    // The setup's own consumption refreshed the advice already (no nightly run here): stock is plenty.
    const before = await adviceFor();
    expect(before, 'advice from the refreshes the setup started').toMatchObject({
      onHand: 300,
      needsOrder: false,
    });
    const runsBefore = await eventRuns();
    expect(runsBefore.length).toBeGreaterThanOrEqual(1);
    expect(runsBefore.length, '30 movements, at most a run each').toBeLessThanOrEqual(30);
    expectOneAtATime(runsBefore);

    // A large build takes 290 sheets: 10 left.
    const t0 = Date.now();
    await stock({ type: 'ConsumeStock', buildId: 'big-build', quantity: 290 });
    let after: Json | undefined;
    while (Date.now() - t0 < 60_000) {
      await cloud.settle();
      after = await adviceFor();
      if (after?.onHand === 10) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(after, 'advice refreshed within a minute').toMatchObject({ onHand: 10, needsOrder: true });
    expect(Date.now() - t0).toBeLessThan(60_000);
    await quiet();
    const runs = await eventRuns();
    expect(runs[0]).toMatchObject({ status: 'completed', trigger: 'event', scope: 'inventory' });
    expect(String(runs[0]!.cause)).toContain(`StockConsumed on ${ITEM}`);
    const proposed = (await viewer.get('/api/recommendations?category=inventory&status=proposed'))
      .body as Json;
    expect(proposed.items!.some((r) => r.key === `reorder:${ITEM}`)).toBe(true);
    // The item's demand forecast is among the refreshed series.
    const forecasts = (await viewer.get('/api/insights/forecasts?kind=demand')).body as Json;
    expect(forecasts.items!.find((s) => s.id === `demand-${ITEM}`)?.runId).toBe(runs[0]!.id);

    // Five adjustments in a row: one refresh, and at most one more for those that came during it.
    const t1 = new Date().toISOString();
    for (let i = 0; i < 5; i++) await stock({ type: 'AdjustStock', delta: -1, reason: 'damage' });
    await quiet();
    const burst = (await eventRuns()).filter((r) => String(r.createdAt) >= t1);
    expect(burst.length).toBeGreaterThanOrEqual(1);
    // The writes conflict and retry one by one, so they reach the bus spread out: at most a run each.
    expect(burst.length).toBeLessThanOrEqual(5);
    expect(burst.every((r) => r.status === 'completed')).toBe(true);
    expectOneAtATime(burst);
    expect(await adviceFor()).toMatchObject({ onHand: 5 });
  }, 180_000);

  it('lets only one of two overlapping runs raise a key while its recommendation is open', async () => {
    const key = `test-key:${Date.now()}`;
    const both = await Promise.all([claimKey(key, 'rec-a'), claimKey(key, 'rec-b')]);
    expect(both.filter(Boolean)).toHaveLength(1);
    // Held by a recommendation being proposed this moment: refused too.
    expect(await claimKey(key, 'rec-c')).toBe(false);
    // Held by the open reorder recommendation the refresh proposed: refused.
    expect(await claimKey(`reorder:${ITEM}`, 'rec-d')).toBe(false);
    const all = (await viewer.get('/api/recommendations?limit=100')).body as Json;
    expect(all.items!.filter((r) => r.key === `reorder:${ITEM}`)).toHaveLength(1);
  }, 60_000);
});
