import { expect } from 'vitest';
import type * as z from 'zod';
import type { RouteContract } from '../../../functions/http/route.ts';
import type { Api, Json } from '../../support/cloud.ts';

/**
 * Records the business API tests build on, created through the API itself. Each helper checks the
 * response, so a broken fixture fails where it is made rather than three steps later.
 */
let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export const created = <T = Json>(res: { status: number; body: unknown }, status = 201): T => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body as T;
};

/**
 * The response matches what the route documents in OpenAPI, with nothing beside it: zod drops keys its
 * objects do not name, so a parse that changes the body means the body holds undocumented fields.
 */
export const conforms = (route: RouteContract, body: unknown) => {
  const result = (route.response as z.ZodType).safeParse(body);
  expect(result.success, JSON.stringify(result.error?.issues?.slice(0, 3))).toBe(true);
  expect(body, 'fields the description does not name').toEqual(result.data);
};

export const ifMatch = (record: Record<string, unknown>) => ({ 'if-match': `"${record.version}"` });

export const supplier = (api: Api, leadTimeDays = 10) =>
  api
    .post('/api/suppliers', {
      name: `Supplier ${unique()}`,
      email: `orders-${unique()}@supplier.example`,
      leadTimeDays,
    })
    .then(created);

export const item = async (
  api: Api,
  options: { onHand?: number; reorderPoint?: number; supplierId?: string } = {},
) => {
  const registered = created(
    await api.post('/api/items', {
      sku: `SKU-${unique()}`.toUpperCase().slice(0, 40),
      name: `Item ${unique()}`,
      unit: 'each',
      unitCostCents: 10_000,
      reorderPoint: options.reorderPoint ?? 2,
      reorderQuantity: 10,
      // Long enough for builds to reserve the item when booked.
      leadTimeDays: 21,
      ...(options.supplierId ? { supplierId: options.supplierId } : {}),
    }),
  );
  if (!options.onHand) return registered;
  return created(await api.post(`/api/items/${registered.id}/receipts`, { quantity: options.onHand }), 200);
};

export const model = (
  api: Api,
  materials: { itemId: string; quantity: number }[] = [],
  extra: Record<string, unknown> = {},
) =>
  api
    .post('/api/models', {
      name: `Model ${unique()}`,
      basePriceCents: 6_000_000,
      sizeSqFt: 180,
      sleeps: 2,
      mount: 'trailer',
      materials,
      options: [
        { code: 'solar', name: 'Solar', priceCents: 800_000 },
        { code: 'heat-pump', name: 'Heat pump', priceCents: 480_000, kind: 'upgrade' },
      ],
      ...extra,
    })
    .then(created);

export const customer = (api: Api) =>
  api
    .post('/api/customers', { name: `Customer ${unique()}`, email: `c-${unique()}@example.com` })
    .then(created);

/** An order for a customer with its deposit paid: ready for a build slot. */
export const paidOrder = async (api: Api, modelId: string, optionCodes: string[] = []) => {
  const buyer = await customer(api);
  const order = created(await api.post('/api/orders', { customerId: buyer.id, modelId, optionCodes }));
  return created(
    await api.post(
      `/api/orders/${order.id}/deposit`,
      { amountCents: 600_000, method: 'wire' },
      ifMatch(order),
    ),
    200,
  );
};

/** An order built through production: ready to ship, its build completed on 2026-04-08. */
export const builtOrder = async (api: Api, modelId: string) => {
  const order = await paidOrder(api, modelId);
  let build = created(
    await api.post('/api/builds', {
      orderId: order.id,
      bay: 'Bay 3',
      startOn: '2026-03-02',
      dueOn: '2026-04-06',
    }),
  );
  build = created(await api.post(`/api/builds/${order.id}/start`, { on: '2026-03-02' }, ifMatch(build)), 200);
  for (const [stage, on] of [
    ['framing', '2026-03-10'],
    ['systems', '2026-03-20'],
    ['finish', '2026-04-01'],
    ['inspection', '2026-04-08'],
  ])
    build = created(
      await api.post(`/api/builds/${order.id}/complete-stage`, { stage, on }, ifMatch(build)),
      200,
    );
  return order;
};
