import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStream } from '../../../functions/adapters/event-store.ts';
import { listRows } from '../../../functions/adapters/views.ts';
import { getRecord, OPS_VIEWS, putRecord } from '../../../functions/backup/records.ts';
import { httpRoutes } from '../../../functions/manifest.ts';
import { dropReadModels, rebuildViews } from '../../../functions/projections/project.ts';
import {
  type Api,
  type Json,
  request,
  signedIn,
  signIn,
  startTestCloud,
  type TestCloud,
} from '../../support/cloud.ts';

let cloud: TestCloud;
let owner: Api;
let viewer: Api;
let model: Json;
let customer: Json;

beforeAll(async () => {
  cloud = await startTestCloud();
  owner = await signedIn(cloud, 'owner');
  viewer = await signedIn(cloud, 'viewer');
  model = (
    await owner.post('/api/models', {
      name: 'Nest 20',
      basePriceCents: 5_000_000,
      options: [
        { code: 'solar', name: 'Solar', priceCents: 800_000 },
        { code: 'loft', name: 'Loft', priceCents: 300_000 },
      ],
    })
  ).body;
  customer = (await owner.post('/api/customers', { name: 'Ada Lovelace', email: 'Ada@Example.com' })).body;
});
afterAll(() => cloud?.stop());

const placeOrder = async (optionCodes = ['solar']) => {
  const res = await owner.post('/api/orders', { customerId: customer.id, modelId: model.id, optionCodes });
  expect(res.status).toBe(201);
  return res.body;
};

const eventsOf = async (stream: string) => (await readStream(stream)).flatMap((c) => c.events);

describe('orders through the API', () => {
  it('creates an order priced from the model and moves it through every stage', async () => {
    const order = await placeOrder(['solar', 'loft']);
    expect(order).toMatchObject({
      stage: 'quote',
      totalCents: 6_100_000,
      version: 1,
      customerId: customer.id,
    });
    const steps: [string, unknown, string][] = [
      ['deposit', { amountCents: 1_000_000, reference: 'wire-1' }, 'deposit_paid'],
      ['start-build', undefined, 'in_build'],
      ['complete-build', undefined, 'ready'],
      ['deliver', undefined, 'delivered'],
    ];
    let version = 1;
    for (const [step, body, stage] of steps) {
      const res = await owner.post(`/api/orders/${order.id}/${step}`, body, { 'if-match': `"${version}"` });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.stage).toBe(stage);
      version += 1;
      expect(res.headers.get('etag')).toBe(`"${version}"`);
    }
    const history = await owner.get(`/api/orders/${order.id}/events`);
    expect(history.body.items?.map((e) => e.type)).toEqual([
      'OrderPlaced',
      'DepositPaid',
      'BuildStarted',
      'BuildCompleted',
      'OrderDelivered',
    ]);
    expect(history.body.items?.[0]).toMatchObject({
      actor: { email: 'owner@firefly.example', role: 'owner' },
    });
    await cloud.settle();
    const listed = await owner.get(`/api/orders?stage=delivered`);
    expect(listed.body.items?.map((o) => o.id)).toContain(order.id);
  });

  it('refuses delivery before the build completes with a clear 409, writing nothing', async () => {
    const order = await placeOrder();
    const res = await owner.post(`/api/orders/${order.id}/deliver`, undefined, { 'if-match': '1' });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({ type: 'https://firefly.example/problems/invalid-stage', status: 409 });
    expect(await eventsOf(`order-${order.id}`)).toHaveLength(1);
  });

  it('answers a stale version with 409 and the current version', async () => {
    const order = await placeOrder();
    await owner.post(`/api/orders/${order.id}/deposit`, { amountCents: 100 }, { 'if-match': '1' });
    const stale = await owner.post(`/api/orders/${order.id}/cancel`, { reason: 'late' }, { 'if-match': '1' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      type: 'https://firefly.example/problems/version-conflict',
      currentVersion: 2,
    });
    const missing = await owner.post(`/api/orders/${order.id}/cancel`, { reason: 'late' });
    expect(missing.status).toBe(428);
    expect(await eventsOf(`order-${order.id}`)).toHaveLength(2);
  });

  it('lets exactly one of 64 concurrent stage changes with the same If-Match win', async () => {
    const order = await placeOrder();
    await owner.post(`/api/orders/${order.id}/deposit`, { amountCents: 100 }, { 'if-match': '1' });
    const results = await Promise.all(
      Array.from({ length: 64 }, () =>
        owner.post(`/api/orders/${order.id}/start-build`, undefined, { 'if-match': '2' }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(63);
    const versions = (await eventsOf(`order-${order.id}`)).map((e) => e.streamVersion);
    expect(versions).toEqual([1, 2, 3]);
  });

  it('replays a POST with the same Idempotency-Key instead of repeating it', async () => {
    const headers = { 'idempotency-key': 'place-once-1' };
    const body = { customerId: customer.id, modelId: model.id, optionCodes: [] };
    const first = await owner.post('/api/orders', body, headers);
    const second = await owner.post('/api/orders', body, headers);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const reused = await owner.post('/api/orders', { ...body, optionCodes: ['solar'] }, headers);
    expect(reused.status).toBe(422);
  });

  it('pages through lists with an opaque cursor', async () => {
    await cloud.settle();
    const seen = new Set<unknown>();
    let cursor: string | undefined;
    do {
      const page = await owner.get(
        `/api/orders?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      for (const item of page.body.items ?? []) seen.add(item.id);
      cursor = page.body.nextCursor as string | undefined;
    } while (cursor);
    const all = await owner.get('/api/orders?limit=100');
    expect(seen.size).toBe(all.body.items?.length);
    expect((await owner.get('/api/orders?cursor=not-a-cursor')).status).toBe(400);
  });

  it('sorts lists newest or oldest first, and refuses any other order', async () => {
    await cloud.settle();
    const ids = (page: { body: { items?: { id: string }[] } }) => (page.body.items ?? []).map((o) => o.id);
    const newest = ids(await owner.get('/api/orders?limit=100'));
    const oldest = ids(await owner.get('/api/orders?limit=100&order=oldest'));
    expect(newest.length).toBeGreaterThan(1);
    expect(oldest).toEqual([...newest].reverse());
    expect((await owner.get('/api/orders?order=sideways')).status).toBe(400);
  });
});

describe('bad input', () => {
  it('answers malformed JSON, unknown fields and wrong types with 400 problems', async () => {
    const malformed = await request(cloud.url, 'POST', '/api/customers', {
      token: owner.token,
      rawBody: '{"name":',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ type: 'https://firefly.example/problems/malformed-json' });
    const wrong = await owner.post('/api/customers', { name: 42, email: 'nope', extra: true });
    expect(wrong.status).toBe(400);
    expect((wrong.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      'body',
      'body.email',
      'body.name',
    ]);
  });

  it('refuses bodies over 256 KB with 413 and wrong media types with 415', async () => {
    const big = await owner.post('/api/customers', { name: 'x'.repeat(300_000), email: 'a@b.co' });
    expect(big.status).toBe(413);
    const text = await request(cloud.url, 'POST', '/api/customers', {
      token: owner.token,
      rawBody: 'name=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
  });

  it('answers unknown ids with 404 and malformed ids with 400', async () => {
    expect((await owner.get('/api/orders/01NOSUCHORDER000000000000000')).status).toBe(404);
    expect((await owner.get('/api/orders/..%2Fetc')).status).toBe(400);
    expect((await owner.get('/api/customers/nobody/events')).status).toBe(404);
    expect((await owner.get('/api/nothing-here')).status).toBe(404);
    expect((await owner.delete('/api/orders')).status).toBe(405);
  });

  it('refuses missing, forged and expired tokens, and roles without the permission', async () => {
    expect((await request(cloud.url, 'GET', '/api/orders')).status).toBe(401);
    const forged = await new SignJWT({ sub: 'x', 'cognito:groups': ['owner'] })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('not-the-key'));
    expect((await request(cloud.url, 'GET', '/api/orders', { token: forged })).status).toBe(401);
    const tampered = `${owner.token.slice(0, -4)}AAAA`;
    expect((await request(cloud.url, 'GET', '/api/orders', { token: tampered })).status).toBe(401);
    const denied = await viewer.post('/api/customers', { name: 'Eve', email: 'eve@example.com' });
    expect(denied.status).toBe(403);
    expect((await viewer.get('/api/orders')).status).toBe(200);
  });

  it('refuses a wrong password with 401 and records the attempt', async () => {
    await expect(signIn(cloud, 'owner', 'wrong-password')).rejects.toThrow(/401/);
    const attempts = await eventsOf('account-owner@firefly.example');
    expect(attempts.map((e) => e.type)).toContain('SignInFailed');
    expect(attempts.map((e) => e.type)).toContain('SignInSucceeded');
  });
});

describe('the API description and projections', () => {
  it('serves OpenAPI 3.1 covering every route in the manifest', async () => {
    const res = await request<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
      cloud.url,
      'GET',
      '/api/openapi.json',
    );
    expect(res.body.openapi).toBe('3.1.0');
    for (const { route } of httpRoutes()) {
      expect(
        res.body.paths[route.path]?.[route.method.toLowerCase()],
        `${route.method} ${route.path}`,
      ).toBeDefined();
    }
    const docs = await request<string>(cloud.url, 'GET', '/api/docs');
    expect(docs.headers.get('content-type')).toMatch(/text\/html/);
    expect(docs.body).toContain('/api/openapi.json');
  });

  it('rebuilds views from the store to exactly the state the live projections reached', async () => {
    await cloud.settle();
    const snapshot = async () => {
      const rows = [];
      for (const view of ['orders', 'customers', 'models'])
        rows.push(...(await listRows(view, { limit: 1000 })).items);
      return rows
        .map(({ view, id, version, state }) => ({ view, id, version, state }))
        .sort((a, b) => a.id.localeCompare(b.id));
    };
    const live = await snapshot();
    // Dropping the read models leaves operational rows (a backup run's record) in place.
    await putRecord(OPS_VIEWS.backups, 'rebuild-test', { status: 'completed' });
    expect(await dropReadModels()).toBeGreaterThanOrEqual(live.length);
    expect(await snapshot()).toEqual([]);
    const result = await rebuildViews();
    expect(await getRecord(OPS_VIEWS.backups, 'rebuild-test')).toEqual({ status: 'completed' });
    expect(result.rows).toBe(live.length);
    expect(await snapshot()).toEqual(live);
  });
});
