import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markReady, markSeeding } from '../../../functions/api/system/readiness.ts';
import { request, startTestCloud, type TestCloud } from '../../support/cloud.ts';
import { conformance } from '../../support/openapi-conformance.ts';
import type { OpenApiDocument } from '../../support/openapi-fuzz.ts';

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
    // The 503 is as described (status and body), as the conformance test checks every other answer.
    const document = (await request<OpenApiDocument>(cloud.url, 'GET', '/api/openapi.json')).body;
    const text = JSON.stringify(starting.body);
    const contentType = starting.headers.get('content-type') ?? '';
    expect(
      conformance(document).check('GET', '/api/health/ready', { status: 503, contentType, text }),
    ).toEqual([]);
    await markReady();
    expect((await request(cloud.url, 'GET', '/api/health/ready')).status).toBe(200);
  });
});
