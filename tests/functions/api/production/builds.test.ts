import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../../../../functions/api/production/contract.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../../support/cloud.ts';
import { conforms, created, customer, ifMatch, item, model, paidOrder } from '../fixtures.ts';

let cloud: TestCloud;
let manager: Api;
let analyst: Api;
let lumber: Json;
let battery: Json;
let nest: Json;

beforeAll(async () => {
  cloud = await startTestCloud();
  [manager, analyst] = await Promise.all([signedIn(cloud, 'manager'), signedIn(cloud, 'analyst')]);
  [lumber, battery] = await Promise.all([item(manager, { onHand: 10 }), item(manager, { onHand: 4 })]);
  nest = await model(manager, [{ itemId: String(lumber.id), quantity: 8 }], {
    options: [
      { code: 'solar', name: 'Solar', priceCents: 800_000, materials: [{ itemId: battery.id, quantity: 2 }] },
    ],
  });
});
afterAll(() => cloud?.stop());

const stock = async (id: unknown) => (await manager.get(`/api/items/${id}`)).body;
const slot = { bay: 'Bay 1', startOn: '2026-03-02', dueOn: '2026-04-06' };

describe('production through the API', () => {
  it('books a slot, consumes stock at the start and walks the stages to a ready order', async () => {
    const order = await paidOrder(manager, String(nest.id), ['solar']);
    const build = created(await manager.post('/api/builds', { orderId: order.id, ...slot }));
    conforms(api.scheduleBuild, build);
    expect(build.materials).toEqual(
      [
        { itemId: battery.id, quantity: 2 },
        { itemId: lumber.id, quantity: 8 },
      ].sort((a, b) => String(a.itemId).localeCompare(String(b.itemId))),
    );
    expect(await stock(lumber.id)).toMatchObject({ onHand: 10, reserved: 8 });

    let current = created(
      await manager.post(`/api/builds/${order.id}/start`, { on: '2026-03-02' }, ifMatch(build)),
      200,
    );
    expect(current).toMatchObject({ status: 'in_progress', stage: 'framing', startedOn: '2026-03-02' });
    expect(await stock(lumber.id)).toMatchObject({ onHand: 2, reserved: 0, consumedTotal: 8 });
    expect((await manager.get(`/api/orders/${order.id}`)).body.stage).toBe('in_build');

    const wrong = await manager.post(
      `/api/builds/${order.id}/complete-stage`,
      { stage: 'finish' },
      ifMatch(current),
    );
    expect(wrong.status).toBe(409);
    const delayed = created(
      await manager.post(
        `/api/builds/${order.id}/delay`,
        { reason: 'weather', days: 5, note: 'Snow' },
        ifMatch(current),
      ),
      200,
    );
    expect(delayed).toMatchObject({ dueOn: '2026-04-11', originalDueOn: '2026-04-06', delayDays: 5 });
    current = delayed;
    for (const [stage, on] of [
      ['framing', '2026-03-10'],
      ['systems', '2026-03-20'],
      ['finish', '2026-04-01'],
      ['inspection', '2026-04-08'],
    ]) {
      current = created(
        await manager.post(`/api/builds/${order.id}/complete-stage`, { stage, on }, ifMatch(current)),
        200,
      );
    }
    expect(current).toMatchObject({ status: 'complete', completedOn: '2026-04-08', late: true });
    expect((await manager.get(`/api/orders/${order.id}`)).body.stage).toBe('ready');
    const history = await manager.get(`/api/builds/${order.id}/events`);
    expect(history.body.items?.at(-1)?.type).toBe('ProductionCompleted');
  });

  it('refuses to start a build the yard cannot supply, writing nothing, and starts it once stock arrives', async () => {
    const order = await paidOrder(manager, String(nest.id));
    const build = created(await manager.post('/api/builds', { orderId: order.id, ...slot }));
    const before = await stock(lumber.id);
    expect(before).toMatchObject({ onHand: 2, reserved: 8 });
    const short = await manager.post(`/api/builds/${order.id}/start`, {}, ifMatch(build));
    expect(short.status).toBe(409);
    expect(short.body).toMatchObject({ type: 'https://firefly.example/problems/insufficient-stock' });
    expect(await stock(lumber.id)).toMatchObject({ onHand: 2, reserved: 8, version: before.version });
    expect((await manager.get(`/api/orders/${order.id}`)).body.stage).toBe('deposit_paid');
    expect((await manager.get(`/api/builds/${order.id}`)).body).toMatchObject({
      status: 'scheduled',
      version: 1,
    });

    await manager.post(`/api/items/${lumber.id}/receipts`, { quantity: 20 });
    const started = created(await manager.post(`/api/builds/${order.id}/start`, {}, ifMatch(build)), 200);
    expect(started.status).toBe('in_progress');
    expect(await stock(lumber.id)).toMatchObject({ onHand: 14, reserved: 0 });
  });

  it('gives slots only to orders with a paid deposit, one build per order', async () => {
    const buyer = await customer(manager);
    const unpaid = created(await manager.post('/api/orders', { customerId: buyer.id, modelId: nest.id }));
    const refused = await manager.post('/api/builds', { orderId: unpaid.id, ...slot });
    expect(refused.body).toMatchObject({
      status: 409,
      type: 'https://firefly.example/problems/deposit-required',
    });
    const order = await paidOrder(manager, String(nest.id));
    created(await manager.post('/api/builds', { orderId: order.id, ...slot }));
    expect((await manager.post('/api/builds', { orderId: order.id, ...slot })).status).toBe(409);
    expect(
      (
        await manager.post('/api/builds', {
          orderId: order.id,
          bay: 'B',
          startOn: '2026-13-01',
          dueOn: '2026-04-01',
        })
      ).status,
    ).toBe(400);
    expect((await analyst.post('/api/builds', { orderId: order.id, ...slot })).status).toBe(403);
    await cloud.settle();
    const scheduled = await analyst.get('/api/builds?status=scheduled&limit=100');
    expect(scheduled.body.items?.map((b) => b.id)).toContain(order.id);
  });
});
