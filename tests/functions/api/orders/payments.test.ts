import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../../../../functions/api/orders/contract.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../../support/cloud.ts';
import { conforms, created, customer, ifMatch, item, model, paidOrder } from '../fixtures.ts';

let cloud: TestCloud;
let manager: Api;
let owner: Api;
let nest: Json;
let lumber: Json;

beforeAll(async () => {
  cloud = await startTestCloud();
  [manager, owner] = await Promise.all([signedIn(cloud, 'manager'), signedIn(cloud, 'owner')]);
  lumber = await item(owner, { onHand: 100 });
  nest = await model(owner, [{ itemId: String(lumber.id), quantity: 8 }]);
});
afterAll(() => cloud?.stop());

describe('payments on orders', () => {
  it('takes deposits, progress and final payments, and records failed attempts', async () => {
    const deposited = await paidOrder(manager, String(nest.id));
    conforms(api.payDeposit, deposited);
    expect(deposited).toMatchObject({
      stage: 'deposit_paid',
      paidCents: 600_000,
      payments: [{ kind: 'deposit', method: 'wire', status: 'received' }],
    });
    const failed = created(
      await manager.post(
        `/api/orders/${deposited.id}/failed-payments`,
        { amountCents: 1_000_000, method: 'card', reason: 'Declined' },
        ifMatch(deposited),
      ),
    );
    const progress = created(
      await manager.post(
        `/api/orders/${deposited.id}/payments`,
        { amountCents: 2_000_000, method: 'ach', kind: 'progress' },
        ifMatch(failed),
      ),
    );
    const over = await manager.post(
      `/api/orders/${deposited.id}/payments`,
      { amountCents: 3_400_001, method: 'wire', kind: 'final' },
      ifMatch(progress),
    );
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ type: 'https://firefly.example/problems/overpayment' });
    const paidUp = created(
      await manager.post(
        `/api/orders/${deposited.id}/payments`,
        { amountCents: 3_400_000, method: 'wire', kind: 'final' },
        ifMatch(progress),
      ),
    );
    conforms(api.recordPayment, paidUp);
    expect(paidUp).toMatchObject({ paidCents: 6_000_000, totalCents: 6_000_000, refundedCents: 0 });
    expect((paidUp.payments as Json[]).map((p) => p.status)).toEqual([
      'received',
      'failed',
      'received',
      'received',
    ]);
  });

  it('lets only owners and admins refund, and never more than was paid', async () => {
    const order = await paidOrder(manager, String(nest.id));
    const deposit = (order.payments as Json[])[0]!;
    const path = `/api/orders/${order.id}/payments/${deposit.paymentId}/refund`;
    expect((await manager.post(path, { amountCents: 100, reason: 'Goodwill' }, ifMatch(order))).status).toBe(
      403,
    );
    const tooMuch = await owner.post(path, { amountCents: 600_001, reason: 'x' }, ifMatch(order));
    expect(tooMuch.body).toMatchObject({
      status: 422,
      type: 'https://firefly.example/problems/refund-too-large',
    });
    const refunded = created(
      await owner.post(path, { amountCents: 100_000, reason: 'Goodwill' }, ifMatch(order)),
      200,
    );
    expect(refunded).toMatchObject({
      refundedCents: 100_000,
      refunds: [{ amountCents: 100_000, reason: 'Goodwill' }],
    });
    const unknown = await owner.post(
      `/api/orders/${order.id}/payments/nope/refund`,
      { amountCents: 1, reason: 'x' },
      ifMatch(refunded),
    );
    expect(unknown.status).toBe(404);
  });

  it('cancels an order together with its build, giving back the reserved stock', async () => {
    const order = await paidOrder(manager, String(nest.id));
    const build = created(
      await manager.post('/api/builds', {
        orderId: order.id,
        bay: 'Bay 2',
        startOn: '2030-01-07',
        dueOn: '2030-02-11',
      }),
    );
    expect(build.status).toBe('scheduled');
    expect(
      ((await manager.get(`/api/items/${lumber.id}`)).body.reservations as Record<string, number>)[
        String(order.id)
      ],
    ).toBe(8);
    const cancelled = created(
      await manager.post(`/api/orders/${order.id}/cancel`, { reason: 'Moved abroad' }, ifMatch(order)),
      200,
    );
    expect(cancelled).toMatchObject({ stage: 'cancelled', cancelledFrom: 'deposit_paid' });
    expect((await manager.get(`/api/builds/${order.id}`)).body).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Moved abroad',
    });
    expect(
      ((await manager.get(`/api/items/${lumber.id}`)).body.reservations as Record<string, number>)[
        String(order.id)
      ],
    ).toBeUndefined();
  });

  it('still places orders directly from the catalog', async () => {
    const buyer = await customer(manager);
    const order = created(
      await manager.post('/api/orders', { customerId: buyer.id, modelId: nest.id, optionCodes: ['solar'] }),
    );
    expect(order).toMatchObject({ totalCents: 6_800_000, quoteId: null, feesCents: 0, discountCents: 0 });
    conforms(api.placeOrder, order);
  });
});
