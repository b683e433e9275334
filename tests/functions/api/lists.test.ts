import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropReadModels, rebuildViews } from '../../../functions/projections/project.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../support/cloud.ts';
import { created, customer, ifMatch, model } from './fixtures.ts';

/**
 * Lists through the API: a filter or a search answers with full pages (the bug was a page of none while
 * 76 orders were in build, because the filter ran after DynamoDB's page limit), each match once, a record
 * that changes stage moves between lists, and a rebuild of the read models gives the same lists.
 */
let cloud: TestCloud;
let owner: Api;
let orders: Json[];
let models: [Json, Json];

/** The words of a model's name that are its own ("Model <unique>"). */
const ownWord = (m: Json) => String(m.name).split(' ')[1]!.toLowerCase();

beforeAll(async () => {
  cloud = await startTestCloud();
  owner = await signedIn(cloud, 'owner');
  models = [await model(owner), await model(owner)];
  const buyer = await customer(owner);
  orders = [];
  // Eighteen orders, every third with its deposit paid: the stages interleave in id order.
  for (let i = 0; i < 18; i++) {
    const modelId = String(models[i % 2]!.id);
    const order = created(
      await owner.post('/api/orders', { customerId: buyer.id, modelId, optionCodes: [] }),
    );
    orders.push(
      i % 3 === 0
        ? created(
            await owner.post(
              `/api/orders/${order.id}/deposit`,
              { amountCents: 600_000, method: 'wire' },
              ifMatch(order),
            ),
            200,
          )
        : order,
    );
  }
  await cloud.settle();
});
afterAll(() => cloud?.stop());

/** Every page of a list route: the page sizes and the ids in order. */
const pages = async (path: string) => {
  const sizes: number[] = [];
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const res = await owner.get(`${path}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const items = (res.body as Json).items ?? [];
    sizes.push(items.length);
    ids.push(...items.map((o) => String(o.id)));
    cursor = (res.body as Json).nextCursor as string | undefined;
  } while (cursor && sizes.length < 50);
  return { sizes, ids };
};

const idsWhere = (test: (order: Json, index: number) => boolean) =>
  orders.filter(test).map((o) => String(o.id));

const expectFullPages = (sizes: number[], limit: number, total: number) => {
  expect(sizes).toEqual([
    ...Array.from({ length: Math.floor(total / limit) }, () => limit),
    ...(total % limit ? [total % limit] : []),
  ]);
};

describe('list filters and search through the API', () => {
  it('a stage filter gives full pages holding each order at that stage once, newest first', async () => {
    const expected = idsWhere((o) => o.stage === 'deposit_paid');
    expect(expected).toHaveLength(6);
    const { sizes, ids } = await pages('/api/orders?stage=deposit_paid&limit=2');
    expectFullPages(sizes, 2, 6);
    expect(ids).toEqual(expected.toReversed());
    const oldest = await pages('/api/orders?stage=quote&limit=5&order=oldest');
    expectFullPages(oldest.sizes, 5, 12);
    expect(oldest.ids).toEqual(idsWhere((o) => o.stage === 'quote'));
  });

  it('a search gives full pages holding each match once, alone and with a filter', async () => {
    const word = ownWord(models[1]);
    const expected = idsWhere((_, i) => i % 2 === 1);
    const searched = await pages(`/api/orders?search=${word}&limit=4`);
    expectFullPages(searched.sizes, 4, expected.length);
    expect(searched.ids.toSorted()).toEqual(expected.toSorted());
    // A word's start finds it too, case aside: every order's model name starts with "Model".
    const prefix = await pages('/api/orders?search=MODE&limit=4');
    expectFullPages(prefix.sizes, 4, 18);
    expect(prefix.ids.toSorted()).toEqual(orders.map((o) => String(o.id)).toSorted());
    const both = idsWhere((o, i) => i % 2 === 1 && o.stage === 'deposit_paid');
    expect(both).toHaveLength(3);
    const filtered = await pages(`/api/orders?search=${word}&stage=deposit_paid&limit=2`);
    expectFullPages(filtered.sizes, 2, 3);
    expect(filtered.ids.toSorted()).toEqual(both.toSorted());
  });

  it('a cursor of another list or a forged one is a 400', async () => {
    const first = await owner.get('/api/orders?stage=deposit_paid&limit=2');
    const cursor = encodeURIComponent(String((first.body as Json).nextCursor));
    for (const path of [
      `/api/orders?stage=quote&limit=2&cursor=${cursor}`,
      `/api/orders?limit=2&cursor=${cursor}`,
      `/api/orders?search=${ownWord(models[0])}&limit=2&cursor=${cursor}`,
      `/api/customers?limit=2&cursor=${cursor}`,
    ]) {
      const res = await owner.get(path);
      expect(res.status, path).toBe(400);
      expect(res.body).toMatchObject({ detail: expect.stringMatching(/cursor is not valid/) });
    }
  });

  it('an order that changes stage moves from one filtered list to the other', async () => {
    const paid = orders.find((o) => o.stage === 'deposit_paid')!;
    const cancelled = created(
      await owner.post(`/api/orders/${paid.id}/cancel`, { reason: 'Changed plans' }, ifMatch(paid)),
      200,
    );
    expect(cancelled.stage).toBe('cancelled');
    await cloud.settle();
    orders = orders.map((o) => (o.id === paid.id ? cancelled : o));
    expect((await pages('/api/orders?stage=deposit_paid&limit=100')).ids).not.toContain(paid.id);
    expect((await pages('/api/orders?stage=cancelled&limit=100')).ids).toEqual([paid.id]);
  });

  it('a rebuild of the read models gives the same filtered lists and searches', async () => {
    const paths = [
      '/api/orders?stage=deposit_paid&limit=3',
      '/api/orders?stage=cancelled&limit=3',
      `/api/orders?search=${ownWord(models[0])}&limit=3`,
      `/api/orders?search=${ownWord(models[1])}&stage=quote&limit=3`,
      '/api/orders?limit=7',
    ];
    const before = await Promise.all(paths.map(pages));
    await dropReadModels();
    expect((await pages(paths[0]!)).ids).toEqual([]);
    await rebuildViews();
    expect(await Promise.all(paths.map(pages))).toEqual(before);
  });
});
