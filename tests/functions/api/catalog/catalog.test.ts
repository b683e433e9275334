import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../../../../functions/api/catalog/contract.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../../support/cloud.ts';
import { conforms, created, ifMatch, item } from '../fixtures.ts';

let cloud: TestCloud;
let owner: Api;
let viewer: Api;
let lumber: Json;
let battery: Json;

beforeAll(async () => {
  cloud = await startTestCloud();
  [owner, viewer] = await Promise.all([signedIn(cloud, 'owner'), signedIn(cloud, 'viewer')]);
  [lumber, battery] = await Promise.all([item(owner), item(owner)]);
});
afterAll(() => cloud?.stop());

describe('the catalog through the API', () => {
  it('keeps specs, bills of materials, options and upgrades, and the price history', async () => {
    const model = created(
      await owner.post('/api/models', {
        name: 'Lantern 28',
        basePriceCents: 11_500_000,
        sizeSqFt: 260,
        sleeps: 4,
        mount: 'foundation',
        materials: [{ itemId: lumber.id, quantity: 13 }],
        options: [
          {
            code: 'solar',
            name: 'Solar',
            priceCents: 850_000,
            materials: [{ itemId: battery.id, quantity: 2 }],
          },
        ],
      }),
    );
    conforms(api.createModel, model);
    expect(model).toMatchObject({
      mount: 'foundation',
      sleeps: 4,
      options: [{ code: 'solar', kind: 'option' }],
    });
    let current = created(
      await owner.post(`/api/models/${model.id}/price`, { basePriceCents: 11_900_000 }, ifMatch(model)),
      200,
    );
    current = created(
      await owner.post(
        `/api/models/${model.id}/options`,
        { code: 'heat-pump', name: 'Heat pump', priceCents: 480_000, kind: 'upgrade' },
        ifMatch(current),
      ),
      200,
    );
    current = created(
      await owner.patch(`/api/models/${model.id}`, { sleeps: 5, sizeSqFt: 268 }, ifMatch(current)),
      200,
    );
    current = created(
      await owner.put(
        `/api/models/${model.id}/materials`,
        { materials: [{ itemId: lumber.id, quantity: 12 }] },
        ifMatch(current),
      ),
      200,
    );
    current = created(
      await owner.delete(`/api/models/${model.id}/options/solar`, undefined, ifMatch(current)),
      200,
    );
    conforms(api.getModel, current);
    expect(current).toMatchObject({
      sleeps: 5,
      sizeSqFt: 268,
      materials: [{ itemId: lumber.id, quantity: 12 }],
      options: [{ code: 'heat-pump', kind: 'upgrade' }],
    });
    const prices = await viewer.get(`/api/models/${model.id}/prices`);
    conforms(api.modelPrices, prices.body);
    expect((prices.body.items as Json[]).map((p) => p.basePriceCents)).toEqual([
      11_500_000, 11_900_000, 11_900_000, 11_900_000,
    ]);
    expect((prices.body.items as Json[]).at(-1)?.options).toEqual([
      { code: 'heat-pump', priceCents: 480_000 },
    ]);
    const history = await owner.get(`/api/models/${model.id}/events`);
    expect(history.body.items?.map((e) => e.type)).toEqual([
      'ModelCreated',
      'ModelRepriced',
      'ModelOptionSet',
      'ModelSpecsChanged',
      'ModelMaterialsSet',
      'ModelOptionRemoved',
    ]);
  });

  it('refuses bills of materials naming unknown items, and bad specs', async () => {
    const unknown = await owner.post('/api/models', {
      name: 'X',
      basePriceCents: 1,
      materials: [{ itemId: 'unobtainium', quantity: 1 }],
    });
    expect(unknown.body).toMatchObject({
      status: 422,
      type: 'https://firefly.example/problems/unknown-item',
    });
    const bad = await owner.post('/api/models', { name: 'X', basePriceCents: 1, mount: 'boat', sleeps: 0 });
    expect(bad.status).toBe(400);
    expect((await viewer.post('/api/models', { name: 'X', basePriceCents: 1 })).status).toBe(403);
  });
});
