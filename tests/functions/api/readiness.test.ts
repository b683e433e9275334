import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markReady, markSeeding } from '../../../functions/api/system/readiness.ts';
import { request, startTestCloud, type TestCloud } from '../../support/cloud.ts';

/** Liveness and readiness apart: the API answers before a first start has seeded its data. */
let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(() => cloud?.stop());

describe('GET /api/health/ready', () => {
  it('is ready where nothing is being seeded (a deployment in AWS)', async () => {
    const res = await request(cloud.url, 'GET', '/api/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ready' });
  });

  it('answers 503 while the first start seeds, though liveness is 200, then 200 once seeded', async () => {
    await markSeeding('Seeding the demo data on the first start');
    const starting = await request(cloud.url, 'GET', '/api/health/ready');
    expect(starting.status).toBe(503);
    expect(starting.headers.get('retry-after')).toBe('5');
    expect(starting.body).toMatchObject({
      status: 'starting',
      detail: 'Seeding the demo data on the first start',
    });
    expect((await request(cloud.url, 'GET', '/api/health')).status).toBe(200);
    await markReady();
    expect((await request(cloud.url, 'GET', '/api/health/ready')).status).toBe(200);
  });
});
