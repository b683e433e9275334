import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../../../../functions/api/monitoring/contract.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../../support/cloud.ts';
import { conforms } from '../fixtures.ts';

/**
 * Metrics, logs and traces on the in-process local cloud: requests made through the gateway show in
 * the metrics by route (a 4xx among them), a function's log line is found by its text and by its
 * correlation id, and one command's timeline lists the API, the commit and the consumers.
 */
let cloud: TestCloud;
let owner: Api;
let viewer: Api;

beforeAll(async () => {
  cloud = await startTestCloud({ telemetryCapacity: 2000 });
  [owner, viewer] = await Promise.all([signedIn(cloud, 'owner'), signedIn(cloud, 'viewer')]);
});
afterAll(() => cloud?.stop());

type Series = {
  labels: Record<string, string>;
  points: (Json & { count: number; value: number; p99?: number })[];
};
const total = (series: Series[] | undefined, route: string) =>
  (series ?? [])
    .filter((s) => s.labels.route === route)
    .flatMap((s) => s.points)
    .reduce((sum, p) => sum + p.value, 0);

describe('monitoring: metrics, logs and traces', () => {
  it('counts requests per route with their latency and 4xx rate', async () => {
    for (let i = 0; i < 3; i++) expect((await owner.get('/api/customers')).status).toBe(200);
    expect((await owner.post('/api/customers', { name: '' })).status).toBe(400);
    cloud.telemetry.flush();
    const requests = await owner.get<{ series: Series[] }>('/api/monitoring/metrics?metric=api.requests');
    expect(requests.status, JSON.stringify(requests.body)).toBe(200);
    conforms(api.getMetrics, requests.body);
    expect(total(requests.body.series, 'GET /api/customers')).toBeGreaterThanOrEqual(3);
    const latency = await owner.get<{ series: Series[] }>(
      `/api/monitoring/metrics?metric=api.latency&route=${encodeURIComponent('GET /api/customers')}&step=5m`,
    );
    expect(latency.body.series).toHaveLength(1);
    expect(latency.body.series[0]!.points.some((p) => (p.p99 ?? 0) > 0)).toBe(true);
    const rate = await owner.get<{ series: Series[] }>('/api/monitoring/metrics?metric=api.4xxRate');
    expect(total(rate.body.series, 'POST /api/customers')).toBeGreaterThan(0);
    expect(total(rate.body.series, 'GET /api/customers')).toBe(0);
    const fiveXX = await owner.get<{ series: Series[] }>('/api/monitoring/metrics?metric=api.5xx');
    expect(total(fiveXX.body.series, 'GET /api/customers')).toBe(0);
    const invocations = await owner.get<{ series: Series[] }>(
      '/api/monitoring/metrics?metric=function.invocations&function=api-customers',
    );
    expect(invocations.body.series[0]!.points.reduce((s, p) => s + p.value, 0)).toBeGreaterThanOrEqual(4);
  });

  it('lists the catalog and the resources; viewers may not read them', async () => {
    const catalog = await owner.get<{ cloud: string; items: { metric: string }[] }>(
      '/api/monitoring/metrics/catalog',
    );
    conforms(api.metricsCatalog, catalog.body);
    expect(catalog.body.cloud).toBe('local');
    expect(catalog.body.items.map((m) => m.metric)).toEqual(
      expect.arrayContaining(['api.requests', 'api.latency', 'function.duration', 'business.orders']),
    );
    cloud.telemetry.flush();
    const resources = await owner.get('/api/monitoring/resources');
    expect(resources.status).toBe(200);
    conforms(api.getResources, resources.body);
    expect((await viewer.get('/api/monitoring/logs')).status).toBe(403);
  });

  it('coarsens the step of a range that would exceed the points bound; refuses a reversed range; 404 for an unknown metric', async () => {
    const days = await owner.get<{ stepMinutes: number }>(
      '/api/monitoring/metrics?metric=api.requests&from=2026-01-01T00:00:00Z&to=2026-01-03T00:00:00Z&step=1m',
    );
    expect(days.status).toBe(200);
    expect(days.body.stepMinutes).toBe(2);
    expect((await owner.get('/api/monitoring/metrics?metric=no.such')).status).toBe(404);
    const reversed = await owner.get<{ errors?: { message: string }[] }>(
      '/api/monitoring/logs?from=2026-01-03T00:00:00Z&to=2026-01-01T00:00:00Z',
    );
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors?.[0]?.message).toMatch(/must not be after/);
  });

  it("finds a command's log lines by text and correlation id, and its timeline: API, commit, consumers", async () => {
    const correlationId = `trace-${Date.now()}`;
    const created = await owner.post(
      '/api/customers',
      { name: 'Timeline Customer', email: 'timeline@example.com' },
      { 'x-correlation-id': correlationId },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await cloud.settle();
    cloud.telemetry.flush();
    const byId = await owner.get<{ items: Json[] }>(`/api/monitoring/logs?correlationId=${correlationId}`);
    expect(byId.status, JSON.stringify(byId.body)).toBe(200);
    conforms(api.listLogs, byId.body);
    expect(byId.body.items.length).toBeGreaterThanOrEqual(3);
    const byText = await owner.get<{ items: (Json & { correlationId?: string })[] }>(
      `/api/monitoring/logs?text=${encodeURIComponent('chained into the audit log')}&function=audit`,
    );
    expect(byText.body.items.map((r) => r.correlationId)).toContain(correlationId);
    const trace = await owner.get<{ steps: { stage: string; function: string }[] }>(
      `/api/monitoring/traces/${correlationId}`,
    );
    conforms(api.getTrace, trace.body);
    const stages = trace.body.steps.map((s) => s.stage);
    expect(stages[0]).toBe('api');
    expect(stages).toEqual(expect.arrayContaining(['api', 'commit', 'projection', 'audit']));
  });

  it("keeps the API's pace through a flood of log lines: the oldest are dropped and counted", async () => {
    const before = cloud.telemetry.dropped();
    const flood = Array.from({ length: 40 }, () => owner.get('/api/customers?limit=5'));
    // Far more lines than the buffer holds, between flushes.
    for (let i = 0; i < 5000; i++) cloud.telemetry.sample('test.flood', i);
    const answers = await Promise.all(flood);
    expect(answers.every((r) => r.status === 200)).toBe(true);
    expect(cloud.telemetry.dropped()).toBeGreaterThan(before);
    cloud.telemetry.flush();
    const dropped = await owner.get<{ series: Series[] }>('/api/monitoring/metrics?metric=telemetry.dropped');
    expect(dropped.body.series[0]!.points.reduce((s, p) => s + p.value, 0)).toBeGreaterThan(0);
  });
});
