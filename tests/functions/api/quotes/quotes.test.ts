import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../../../../functions/api/quotes/contract.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../../support/cloud.ts';
import { conforms, created, customer, ifMatch, model } from '../fixtures.ts';

let cloud: TestCloud;
let manager: Api;
let admin: Api;
let owner: Api;
let nest: Json;
let buyer: Json;

beforeAll(async () => {
  cloud = await startTestCloud();
  [manager, admin, owner] = await Promise.all([
    signedIn(cloud, 'manager'),
    signedIn(cloud, 'admin'),
    signedIn(cloud, 'owner'),
  ]);
  nest = await model(owner);
  buyer = await customer(owner);
});
afterAll(() => cloud?.stop());

// 6,000,000 base + 800,000 solar + 480,000 heat pump + 250,000 delivery.
const SUBTOTAL = 7_530_000;

const draft = (by: Api = manager) =>
  by
    .post('/api/quotes', {
      customerId: buyer.id,
      modelId: nest.id,
      optionCodes: ['solar', 'heat-pump'],
      fees: [{ code: 'delivery', description: 'Delivery and setup', priceCents: 250_000 }],
    })
    .then(created);

describe('quotes through the API', () => {
  it('drafts a quote from list prices, and places an order at exactly the quoted price when accepted', async () => {
    const quote = await draft();
    conforms(api.draftQuote, quote);
    expect(quote).toMatchObject({
      subtotalCents: SUBTOTAL,
      totalCents: SUBTOTAL,
      status: 'draft',
      discountStatus: 'none',
    });
    const discounted = created(
      await manager.post(
        `/api/quotes/${quote.id}/discount`,
        { discountCents: 300_000, reason: 'Show special' },
        ifMatch(quote),
      ),
      200,
    );
    expect(discounted).toMatchObject({ discountStatus: 'none', totalCents: SUBTOTAL - 300_000 });
    const sent = created(await manager.post(`/api/quotes/${quote.id}/send`, {}, ifMatch(discounted)), 200);
    const accepted = created(await manager.post(`/api/quotes/${quote.id}/accept`, {}, ifMatch(sent)));
    conforms(api.acceptQuote, accepted);
    const order = accepted.order as Json;
    expect(accepted.quote).toMatchObject({ status: 'accepted', orderId: order.id });
    expect(order).toMatchObject({
      quoteId: quote.id,
      totalCents: SUBTOTAL - 300_000,
      discountCents: 300_000,
      feesCents: 250_000,
      stage: 'quote',
      options: [
        { code: 'solar', priceCents: 800_000 },
        { code: 'heat-pump', priceCents: 480_000 },
      ],
    });
    const orderHistory = await manager.get(`/api/orders/${order.id}/events`);
    expect(orderHistory.body.items?.map((e) => e.type)).toEqual(['OrderPlaced']);
  });

  it('holds a large discount for approval by someone other than who asked, with the approve permission', async () => {
    const quote = await draft();
    const pending = created(
      await manager.post(
        `/api/quotes/${quote.id}/discount`,
        { discountCents: 750_000, reason: 'Price match' },
        ifMatch(quote),
      ),
      200,
    );
    expect(pending).toMatchObject({ discountStatus: 'pending' });
    const early = await manager.post(`/api/quotes/${quote.id}/send`, {}, ifMatch(pending));
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ type: 'https://firefly.example/problems/discount-not-approved' });
    expect(
      (await manager.post(`/api/quotes/${quote.id}/approve-discount`, undefined, ifMatch(pending))).status,
    ).toBe(403);
    const approved = created(
      await admin.post(`/api/quotes/${quote.id}/approve-discount`, undefined, ifMatch(pending)),
      200,
    );
    expect(approved).toMatchObject({ discountStatus: 'approved' });
    expect((approved as { discountApprovedBy?: string }).discountApprovedBy).not.toBe(
      approved.discountRequestedBy,
    );

    const own = await draft(owner);
    const ownPending = created(
      await owner.post(
        `/api/quotes/${own.id}/discount`,
        { discountCents: 750_000, reason: 'Friend' },
        ifMatch(own),
      ),
      200,
    );
    const selfApproval = await owner.post(
      `/api/quotes/${own.id}/approve-discount`,
      undefined,
      ifMatch(ownPending),
    );
    expect(selfApproval.status).toBe(422);
    expect(selfApproval.body).toMatchObject({ type: 'https://firefly.example/problems/four-eyes' });
    const tooBig = await owner.post(
      `/api/quotes/${own.id}/discount`,
      { discountCents: 2_000_000, reason: 'x' },
      ifMatch(ownPending),
    );
    expect(tooBig.body).toMatchObject({ type: 'https://firefly.example/problems/discount-too-large' });
  });

  it('declines, refuses to expire a valid quote, and refuses unknown options and models', async () => {
    const quote = await draft();
    expect((await manager.post(`/api/quotes/${quote.id}/expire`, {}, ifMatch(quote))).status).toBe(409);
    const declined = created(
      await manager.post(`/api/quotes/${quote.id}/decline`, { reason: 'Over budget' }, ifMatch(quote)),
      200,
    );
    expect(declined).toMatchObject({ status: 'declined', declineReason: 'Over budget' });
    const unknown = await manager.post('/api/quotes', {
      customerId: buyer.id,
      modelId: nest.id,
      optionCodes: ['hot-tub'],
    });
    expect(unknown.status).toBe(422);
    const noModel = await manager.post('/api/quotes', { customerId: buyer.id, modelId: 'no-such-model' });
    expect(noModel.body).toMatchObject({ type: 'https://firefly.example/problems/model-not-found' });
    await cloud.settle();
    const listed = await manager.get(`/api/quotes?customerId=${buyer.id}&status=declined`);
    expect(listed.body.items?.map((q) => q.id)).toContain(quote.id);
  });
});
