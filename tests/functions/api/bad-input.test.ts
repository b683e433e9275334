import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Api,
  type Json,
  request,
  signedIn,
  startTestCloud,
  type TestCloud,
} from '../../support/cloud.ts';

/** Inputs that once reached a 5xx: each must get a 4xx problem and change nothing. */
let cloud: TestCloud;
let owner: Api;

beforeAll(async () => {
  cloud = await startTestCloud();
  owner = await signedIn(cloud, 'owner');
});
afterAll(() => cloud?.stop());

const expectProblem = (res: { status: number; headers: Headers; body: unknown }, status: number) => {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect((res.body as Json).title).toEqual(expect.any(String));
};

describe('malformed percent-encoding', () => {
  it('gets 400 in a path parameter, not a 500 from the gateway', async () => {
    expectProblem(await owner.get('/api/orders/%ZZ'), 400);
    expectProblem(await owner.get('/api/customers/abc%E0%A4%A'), 400);
  });

  it('gets 400 for a console path too', async () => {
    const res = await request(cloud.url, 'GET', '/orders/%ZZ');
    expectProblem(res, 400);
  });
});

describe('audit verification range', () => {
  it('refuses an end below its start with the field named', async () => {
    const res = await owner.get('/api/audit/verify?fromSeq=10&toSeq=2');
    expectProblem(res, 400);
    expect(JSON.stringify((res.body as Json).errors)).toContain('toSeq');
  });
});

describe('user ids that are names of Object.prototype members', () => {
  for (const id of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    it(`treats ${id} as an unknown user`, async () => {
      expectProblem(await owner.get(`/api/users/${id}`), 404);
      expectProblem(await owner.post(`/api/users/${id}/disable`, { reason: 'test' }), 404);
      expectProblem(await owner.put(`/api/users/${id}/role`, { role: 'viewer' }), 404);
    });
  }
});

describe('JSON bodies', () => {
  it('refuses an empty body declared as JSON with 400', async () => {
    const res = await request(cloud.url, 'POST', '/api/customers', {
      token: owner.token,
      rawBody: '',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 400);
    const list = await owner.get('/api/customers?limit=100');
    expect(list.body.items).toEqual([]);
  });
});

describe('oversized headers', () => {
  it('get a 431 problem from the gateway, not a bare status line', async () => {
    const res = await request(cloud.url, 'GET', '/api/me', {
      token: owner.token,
      headers: { 'x-oversized': 'h'.repeat(20 * 1024) },
    });
    expectProblem(res, 431);
  });
});

describe('forged cursors', () => {
  const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it('get 400 from the audit search, not a 500 from the table', async () => {
    for (const cursor of [
      { key: 'x' },
      { key: [] },
      { key: { pk: 'x' } },
      { key: { pk: 1, sk: {} } },
      { key: { pk: 'CHAIN', sk: 'S#000000000001', x: 'y' } },
      { day: 7 },
    ]) {
      for (const filter of ['', 'type=x&', 'who=x&', 'from=2026-01-01T00:00:00Z&']) {
        const res = await owner.get(`/api/audit/entries?${filter}cursor=${forged(cursor)}`);
        expectProblem(res, 400);
      }
    }
  });
});

describe('forged list cursors', () => {
  const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it('get 400 from a list, not a 500 from the table', async () => {
    for (const cursor of [
      { view: 'customers', id: '' },
      { view: 'customers', id: 'x'.repeat(1100) },
    ]) {
      const res = await owner.get(`/api/customers?limit=1&cursor=${forged(cursor)}`);
      expectProblem(res, 400);
    }
  });
});
