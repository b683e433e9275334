import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../../../../functions/api/inventory/contract.ts';
import { type Api, signedIn, startTestCloud, type TestCloud } from '../../../support/cloud.ts';
import { conforms, created, ifMatch, item, supplier } from '../fixtures.ts';

let cloud: TestCloud;
let manager: Api;
let analyst: Api;
let viewer: Api;

beforeAll(async () => {
  cloud = await startTestCloud();
  [manager, analyst, viewer] = await Promise.all([
    signedIn(cloud, 'manager'),
    signedIn(cloud, 'analyst'),
    signedIn(cloud, 'viewer'),
  ]);
});
afterAll(() => cloud?.stop());

describe('inventory through the API', () => {
  it('registers an item with its supplier, receives and adjusts stock, and keeps every change as events', async () => {
    const from = await supplier(manager);
    const registered = await item(manager, { supplierId: String(from.id) });
    conforms(api.registerItem, registered);
    expect(registered).toMatchObject({ onHand: 0, reserved: 0, supplierId: from.id });
    const received = created(
      await manager.post(`/api/items/${registered.id}/receipts`, { quantity: 12 }),
      200,
    );
    expect(received).toMatchObject({ onHand: 12, receivedTotal: 12 });
    const counted = created(
      await manager.post(
        `/api/items/${registered.id}/adjustments`,
        { delta: -3, reason: 'damage', note: 'Forklift' },
        ifMatch(received),
      ),
      200,
    );
    const costed = created(
      await manager.post(`/api/items/${registered.id}/cost`, { unitCostCents: 12_500 }, ifMatch(counted)),
      200,
    );
    const policy = created(
      await manager.post(
        `/api/items/${registered.id}/reorder-policy`,
        { reorderPoint: 5, reorderQuantity: 20, leadTimeDays: 14 },
        ifMatch(costed),
      ),
      200,
    );
    conforms(api.getItem, policy);
    expect(policy).toMatchObject({ onHand: 9, unitCostCents: 12_500, reorderPoint: 5, leadTimeDays: 14 });
    const history = await viewer.get(`/api/items/${registered.id}`);
    expect(history.status).toBe(200);
    const events = await manager.get(`/api/items/${registered.id}/events`);
    expect(events.body.items?.map((e) => e.type)).toEqual([
      'ItemRegistered',
      'StockReceived',
      'StockAdjusted',
      'ItemCostChanged',
      'ItemReorderPolicySet',
    ]);
  });

  it('never lets stock go below zero, and writes nothing when it refuses', async () => {
    const registered = await item(manager, { onHand: 3 });
    const refused = await manager.post(
      `/api/items/${registered.id}/adjustments`,
      { delta: -4, reason: 'loss' },
      ifMatch(registered),
    );
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: 'https://firefly.example/problems/negative-stock' });
    expect((await manager.get(`/api/items/${registered.id}`)).body).toMatchObject({
      onHand: 3,
      version: registered.version,
    });
    const zero = await manager.post(
      `/api/items/${registered.id}/adjustments`,
      { delta: 0, reason: 'count' },
      ifMatch(registered),
    );
    expect(zero.status).toBe(400);
  });

  it('refuses unknown suppliers, bad SKUs and writes by roles that may only read', async () => {
    const unknown = await manager.post('/api/items', {
      sku: 'X-1',
      name: 'X',
      unit: 'each',
      unitCostCents: 1,
      reorderPoint: 1,
      reorderQuantity: 1,
      leadTimeDays: 1,
      supplierId: 'no-such-supplier',
    });
    expect(unknown.body).toMatchObject({
      status: 422,
      type: 'https://firefly.example/problems/supplier-not-found',
    });
    const badSku = await manager.post('/api/items', {
      sku: 'has spaces',
      name: 'X',
      unit: 'each',
      unitCostCents: 1,
      reorderPoint: 1,
      reorderQuantity: 1,
      leadTimeDays: 1,
    });
    expect(badSku.status).toBe(400);
    expect(
      (
        await analyst.post('/api/items', {
          sku: 'A',
          name: 'A',
          unit: 'each',
          unitCostCents: 1,
          reorderPoint: 0,
          reorderQuantity: 1,
          leadTimeDays: 1,
        })
      ).status,
    ).toBe(403);
    await cloud.settle();
    const listed = await analyst.get('/api/items?limit=100');
    conforms(api.listItems, listed.body);
    expect(listed.body.items?.length).toBeGreaterThanOrEqual(2);
  });
});
