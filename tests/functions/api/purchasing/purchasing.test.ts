import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayOf } from '../../../../domain/shared/days.ts';
import * as api from '../../../../functions/api/purchasing/contract.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../../support/cloud.ts';
import { conforms, created, ifMatch, item, supplier } from '../fixtures.ts';

let cloud: TestCloud;
let manager: Api;
let viewer: Api;
let from: Json;

beforeAll(async () => {
  cloud = await startTestCloud();
  [manager, viewer] = await Promise.all([signedIn(cloud, 'manager'), signedIn(cloud, 'viewer')]);
  from = await supplier(manager, 12);
});
afterAll(() => cloud?.stop());

describe('purchasing through the API', () => {
  it('changes supplier details and keeps their history', async () => {
    conforms(api.registerSupplier, from);
    const changed = created(
      await manager.patch(
        `/api/suppliers/${from.id}`,
        { leadTimeDays: 14, phone: '+1 503 555 0100' },
        ifMatch(from),
      ),
      200,
    );
    expect(changed).toMatchObject({ leadTimeDays: 14, phone: '+1 503 555 0100' });
    from = changed;
    const history = await manager.get(`/api/suppliers/${from.id}/events`);
    expect(history.body.items?.map((e) => e.type)).toEqual(['SupplierRegistered', 'SupplierDetailsChanged']);
  });

  it("orders stock, expects it after the supplier's lead time, and receives it in parts into stock", async () => {
    const [lumber, decking] = await Promise.all([item(manager), item(manager)]);
    const po = created(
      await manager.post('/api/purchase-orders', {
        supplierId: from.id,
        lines: [
          { itemId: lumber.id, quantity: 100, unitCostCents: 1_150 },
          { itemId: decking.id, quantity: 20, unitCostCents: 640 },
        ],
      }),
    );
    conforms(api.placePurchaseOrder, po);
    expect(po).toMatchObject({
      status: 'placed',
      totalCents: 127_800,
      expectedOn: addDays(dayOf(new Date()), 14),
    });
    const over = await manager.post(
      `/api/purchase-orders/${po.id}/receipts`,
      { lines: [{ itemId: lumber.id, quantity: 101 }] },
      ifMatch(po),
    );
    expect(over.body).toMatchObject({ status: 422, type: 'https://firefly.example/problems/over-receipt' });
    expect((await manager.get(`/api/items/${lumber.id}`)).body.onHand).toBe(0);
    const partly = created(
      await manager.post(
        `/api/purchase-orders/${po.id}/receipts`,
        { lines: [{ itemId: lumber.id, quantity: 60 }] },
        ifMatch(po),
      ),
      200,
    );
    expect(partly.status).toBe('partially_received');
    expect((await manager.get(`/api/items/${lumber.id}`)).body).toMatchObject({
      onHand: 60,
      receivedTotal: 60,
    });
    const done = created(
      await manager.post(
        `/api/purchase-orders/${po.id}/receipts`,
        {
          lines: [
            { itemId: lumber.id, quantity: 40 },
            { itemId: decking.id, quantity: 20 },
          ],
        },
        ifMatch(partly),
      ),
      200,
    );
    expect(done).toMatchObject({ status: 'received' });
    expect((await manager.get(`/api/items/${decking.id}`)).body.onHand).toBe(20);
    const lumberEvents = await manager.get(`/api/items/${lumber.id}/events`);
    expect(
      lumberEvents.body.items
        ?.filter((e) => e.type === 'StockReceived')
        .map((e) => (e.data as Json).purchaseOrderId),
    ).toEqual([po.id, po.id]);
    expect(
      (await manager.post(`/api/purchase-orders/${po.id}/cancel`, { reason: 'x' }, ifMatch(done))).status,
    ).toBe(409);
  });

  it('refuses unknown items and suppliers, and cancels what is outstanding', async () => {
    const unknown = await manager.post('/api/purchase-orders', {
      supplierId: from.id,
      lines: [{ itemId: 'nope', quantity: 1, unitCostCents: 1 }],
    });
    expect(unknown.body).toMatchObject({
      status: 422,
      type: 'https://firefly.example/problems/item-not-found',
    });
    const stock = await item(manager);
    const noSupplier = await manager.post('/api/purchase-orders', {
      supplierId: 'nope',
      lines: [{ itemId: stock.id, quantity: 1, unitCostCents: 1 }],
    });
    expect(noSupplier.body).toMatchObject({ type: 'https://firefly.example/problems/supplier-not-found' });
    const po = created(
      await manager.post('/api/purchase-orders', {
        supplierId: from.id,
        lines: [{ itemId: stock.id, quantity: 5, unitCostCents: 100 }],
        expectedOn: '2030-01-15',
      }),
    );
    const cancelled = created(
      await manager.post(
        `/api/purchase-orders/${po.id}/cancel`,
        { reason: 'Found a cheaper source' },
        ifMatch(po),
      ),
      200,
    );
    expect(cancelled).toMatchObject({ status: 'cancelled', expectedOn: '2030-01-15' });
    expect(
      (await viewer.post(`/api/purchase-orders/${po.id}/cancel`, { reason: 'x' }, ifMatch(cancelled))).status,
    ).toBe(403);
    await cloud.settle();
    const listed = await viewer.get(`/api/purchase-orders?supplierId=${from.id}&status=cancelled`);
    expect(listed.body.items?.map((p) => p.id)).toEqual([po.id]);
  });
  it('reorders an item from its preferred supplier: its reorder quantity at its unit cost', async () => {
    const preferred = await item(manager, { onHand: 3, reorderPoint: 4, supplierId: String(from.id) });
    expect(preferred).toMatchObject({ available: 3, needsReorder: true });
    const po = created(await manager.post(`/api/items/${preferred.id}/reorder`, {}));
    conforms(api.reorderItem, po);
    expect(po).toMatchObject({
      supplierId: from.id,
      status: 'placed',
      lines: [{ itemId: preferred.id, quantity: 10, unitCostCents: 10_000, receivedQuantity: 0 }],
      expectedOn: addDays(dayOf(new Date()), Number(from.leadTimeDays)),
    });
    // While that order is open, a second reorder (a workflow on every adjustment) orders nothing.
    await cloud.settle();
    const again = await manager.post(`/api/items/${preferred.id}/reorder`, {});
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ type: 'https://firefly.example/problems/already-on-order' });
    expect(String(again.body.detail)).toContain(String(po.id));
    const orphan = await item(manager, { onHand: 1 });
    const refused = await manager.post(`/api/items/${orphan.id}/reorder`, {});
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ type: 'https://firefly.example/problems/no-preferred-supplier' });
    expect((await manager.post('/api/items/no-such-item/reorder', {})).status).toBe(404);
    expect((await viewer.post(`/api/items/${preferred.id}/reorder`, {})).status).toBe(403);
  });
});
