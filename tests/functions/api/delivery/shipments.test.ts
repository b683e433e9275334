import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../../../../functions/api/delivery/contract.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../../support/cloud.ts';
import { builtOrder, conforms, created, ifMatch, item, model, paidOrder } from '../fixtures.ts';

let cloud: TestCloud;
let manager: Api;
let nest: Json;

beforeAll(async () => {
  cloud = await startTestCloud();
  manager = await signedIn(cloud, 'manager');
  const lumber = await item(manager, { onHand: 100 });
  nest = await model(manager, [{ itemId: String(lumber.id), quantity: 2 }]);
});
afterAll(() => cloud?.stop());

const readyOrder = () => builtOrder(manager, String(nest.id));

const book = (orderId: unknown, scheduledFor = '2026-04-15') =>
  manager.post('/api/shipments', {
    orderId,
    carrier: 'Cascade Freight',
    destination: 'Bend, OR',
    scheduledFor,
  });

describe('delivery through the API', () => {
  it('ships a finished home and delivers it together with its order, then handles a damage claim', async () => {
    const order = await readyOrder();
    const shipment = created(await book(order.id));
    conforms(api.scheduleShipment, shipment);
    expect(shipment).toMatchObject({
      readyOn: '2026-04-08',
      status: 'scheduled',
      customerId: order.customerId,
    });
    expect((await book(order.id)).body).toMatchObject({
      status: 409,
      type: 'https://firefly.example/problems/shipment-exists',
    });
    const early = await manager.post(
      `/api/shipments/${order.id}/deliver`,
      { on: '2026-04-15' },
      ifMatch(shipment),
    );
    expect(early.status).toBe(409);
    const dispatched = created(
      await manager.post(
        `/api/shipments/${order.id}/dispatch`,
        { trackingRef: 'CF-123', on: '2026-04-15' },
        ifMatch(shipment),
      ),
      200,
    );
    const delivered = created(
      await manager.post(`/api/shipments/${order.id}/deliver`, { on: '2026-04-17' }, ifMatch(dispatched)),
      200,
    );
    expect(delivered).toMatchObject({ status: 'delivered', deliveredOn: '2026-04-17' });
    expect((await manager.get(`/api/orders/${order.id}`)).body).toMatchObject({
      stage: 'delivered',
      deliveredOn: '2026-04-17',
    });

    const claimed = created(
      await manager.post(
        `/api/shipments/${order.id}/claims`,
        { description: 'Cracked window', amountCents: 90_000 },
        ifMatch(delivered),
      ),
    );
    const claim = (claimed.claims as Json[])[0]!;
    const tooMuch = await manager.post(
      `/api/shipments/${order.id}/claims/${claim.claimId}/resolve`,
      { outcome: 'paid', paidCents: 90_001 },
      ifMatch(claimed),
    );
    expect(tooMuch.status).toBe(422);
    const resolved = created(
      await manager.post(
        `/api/shipments/${order.id}/claims/${claim.claimId}/resolve`,
        { outcome: 'paid', paidCents: 70_000 },
        ifMatch(claimed),
      ),
      200,
    );
    expect(resolved.claims).toEqual([expect.objectContaining({ status: 'paid', paidCents: 70_000 })]);
    const history = await manager.get(`/api/shipments/${order.id}/events`);
    expect(history.body.items?.map((e) => e.type)).toEqual([
      'ShipmentScheduled',
      'ShipmentDispatched',
      'ShipmentDelivered',
      'DamageClaimFiled',
      'DamageClaimResolved',
    ]);
  });

  it('never books or delivers before the build is complete', async () => {
    const order = await paidOrder(manager, String(nest.id));
    const refused = await book(order.id);
    expect(refused.body).toMatchObject({
      status: 409,
      type: 'https://firefly.example/problems/build-not-complete',
    });
    const ready = await readyOrder();
    const before = await book(ready.id, '2026-04-01');
    expect(before.body).toMatchObject({
      status: 422,
      type: 'https://firefly.example/problems/before-build-complete',
    });
    const shipment = created(await book(ready.id, '2026-04-20'));
    const moved = created(
      await manager.post(
        `/api/shipments/${ready.id}/reschedule`,
        { scheduledFor: '2026-04-25', reason: 'Wind' },
        ifMatch(shipment),
      ),
      200,
    );
    expect(moved).toMatchObject({ scheduledFor: '2026-04-25', reschedules: 1 });
    const cancelled = created(
      await manager.post(`/api/shipments/${ready.id}/cancel`, { reason: 'Site not ready' }, ifMatch(moved)),
      200,
    );
    expect(cancelled.status).toBe('cancelled');
    await cloud.settle();
    const listed = await manager.get('/api/shipments?status=cancelled');
    expect(listed.body.items?.map((s) => s.id)).toContain(ready.id);
  });
  it('books delivery a week after the build completed when no day is given', async () => {
    const order = await readyOrder();
    const shipment = created(
      await manager.post('/api/shipments', {
        orderId: order.id,
        carrier: 'Cascade Freight',
        destination: 'Bend, OR',
      }),
    );
    expect(shipment).toMatchObject({
      readyOn: '2026-04-08',
      scheduledFor: '2026-04-15',
      status: 'scheduled',
    });
  });
});
