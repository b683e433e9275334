import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { localTelemetry } from '../../../functions/monitoring/telemetry-local.ts';
import { observability } from '../../../functions/runtime/observability.ts';
import { startTelemetry, type Telemetry } from '../../../infra/local/telemetry.ts';

let telemetry: Telemetry | undefined;
afterEach(() => {
  telemetry?.stop();
  telemetry = undefined;
});

const fresh = (capacity?: number) => {
  const file = join(mkdtempSync(join(tmpdir(), 'firefly-telemetry-')), 'telemetry.sqlite');
  telemetry = startTelemetry({ file, terminalLevel: 'SILENT', flushMs: 60_000, capacity });
  return { telemetry, port: localTelemetry(file) };
};

const HOUR = 3_600_000;
const window = () => ({ from: new Date(Date.now() - HOUR), to: new Date(Date.now() + 60_000) });

describe('local telemetry collector', () => {
  it('drops the oldest entries when its buffer is full and counts them as a metric', async () => {
    const { telemetry, port } = fresh(100);
    for (let i = 0; i < 250; i++) telemetry.sample('test.flood', i);
    expect(telemetry.buffered()).toBe(100);
    expect(telemetry.dropped()).toBe(150);
    telemetry.flush();
    const kept = await port.metrics({ metric: 'test.flood', ...window(), stepMinutes: 60 });
    const point = kept.series[0]!.points[0]!;
    // The newest 100 survive: 150…249.
    expect(point.count).toBe(100);
    expect(point.min).toBe(150);
    const dropped = await port.metrics({ metric: 'telemetry.dropped', ...window(), stepMinutes: 60 });
    expect(dropped.series[0]!.points[0]!.value).toBe(150);
  });

  it('rolls requests up per route and minute, with rates and percentiles, across flushes', async () => {
    const { telemetry, port } = fresh();
    const request = (route: string, status: number, latencyMs: number) =>
      telemetry.request({ route, status, latencyMs, correlationId: 'c', requestId: 'r' });
    for (let i = 0; i < 90; i++) request('GET /api/orders', 200, 10);
    telemetry.flush();
    for (let i = 0; i < 10; i++) request('GET /api/orders', 500, 400);
    request('POST /api/orders', 422, 5);
    telemetry.flush();
    const step = { ...window(), stepMinutes: 60 };
    const requests = await port.metrics({ metric: 'api.requests', ...step, route: 'GET /api/orders' });
    expect(requests.series).toHaveLength(1);
    expect(requests.series[0]!.points.reduce((s, p) => s + p.value, 0)).toBe(100);
    const latency = await port.metrics({ metric: 'api.latency', ...step, route: 'GET /api/orders' });
    const points = latency.series[0]!.points;
    expect(points.reduce((s, p) => s + p.count, 0)).toBe(100);
    expect(Math.max(...points.map((p) => p.p99 ?? 0))).toBeGreaterThan(390);
    const rate = await port.metrics({ metric: 'api.5xxRate', ...step });
    const orders = rate.series.find((s) => s.labels.route === 'GET /api/orders')!;
    expect(orders.points.reduce((s, p) => s + p.count, 0)).toBe(100);
    expect(orders.points.some((p) => p.value > 0)).toBe(true);
    const clientErrors = await port.metrics({ metric: 'api.4xxRate', ...step, route: 'POST /api/orders' });
    expect(clientErrors.series[0]!.points[0]!.value).toBe(100);
  });

  it("takes functions' Powertools log records and EMF metrics through the tap, attributed to the invocation", async () => {
    const { telemetry, port } = fresh();
    const { logger, metrics } = observability('tap-test');
    await telemetry.scoped({ fn: 'api-tap', requestId: 'req-1' }, async () => {
      logger.appendKeys({ correlationId: 'corr-1', actorId: 'user-9' });
      logger.info('the needle in the haystack', { orderId: 'o-1' });
      metrics.addMetric('tapCount', 'Count', 2);
      metrics.publishStoredMetrics();
    });
    logger.removeKeys(['correlationId', 'actorId']);
    telemetry.flush();
    const byText = await port.logs({ ...window(), text: 'needle', limit: 10 });
    expect(byText.items).toHaveLength(1);
    expect(byText.items[0]).toMatchObject({
      level: 'INFO',
      message: 'the needle in the haystack',
      correlationId: 'corr-1',
      actor: 'user-9',
      requestId: 'req-1',
      fields: { orderId: 'o-1' },
    });
    expect((await port.trace('corr-1', 10)).map((r) => r.message)).toEqual(['the needle in the haystack']);
    const emf = await port.metrics({ metric: 'tapCount', ...window(), stepMinutes: 60 });
    expect(emf.series[0]).toMatchObject({ labels: { service: 'tap-test' } });
    expect(emf.series[0]!.points[0]!.value).toBe(2);
    expect(await port.discovered()).toContain('tapCount');
  });

  it('pages logs newest first, filters by level, function and actor, and treats % in text literally', async () => {
    const { telemetry, port } = fresh();
    const { logger } = observability('paging');
    for (let i = 0; i < 25; i++) logger.info(`line ${i}`);
    logger.warn('100% odd');
    telemetry.flush();
    const first = await port.logs({ ...window(), function: 'paging', limit: 10 });
    expect(first.items.map((r) => r.message)[0]).toBe('100% odd');
    const second = await port.logs({ ...window(), function: 'paging', limit: 10, cursor: first.nextCursor });
    const third = await port.logs({ ...window(), function: 'paging', limit: 10, cursor: second.nextCursor });
    expect(third.nextCursor).toBeUndefined();
    const all = [...first.items, ...second.items, ...third.items].map((r) => r.message);
    expect(new Set(all).size).toBe(26);
    expect((await port.logs({ ...window(), level: 'WARN', limit: 10 })).items).toHaveLength(1);
    expect((await port.logs({ ...window(), text: '0%', limit: 10 })).items).toHaveLength(1);
    expect((await port.logs({ ...window(), text: '%', limit: 50 })).items).toHaveLength(1);
  });

  it('keeps raw logs and rollups for their own retention', async () => {
    const { telemetry, port } = fresh();
    const now = Date.now();
    const day = 86_400_000;
    telemetry.store.writeLogs([
      { at: now - 8 * day, level: 'INFO', fn: 'f', message: 'old', body: '{}' },
      { at: now - day, level: 'INFO', fn: 'f', message: 'recent', body: '{}' },
    ]);
    telemetry.sample('test.kept', 1, {}, now - 8 * day);
    telemetry.sample('test.kept', 1, {}, now - 31 * day);
    telemetry.flush();
    expect(telemetry.store.prune(now, { logDays: 7, rollupDays: 30 })).toEqual({ logs: 1, rollups: 1 });
    const logs = await port.logs({ from: new Date(now - 40 * day), to: new Date(now), limit: 10 });
    expect(logs.items.map((r) => r.message)).toEqual(['recent']);
    const kept = await port.metrics({
      metric: 'test.kept',
      from: new Date(now - 40 * day),
      to: new Date(now),
      stepMinutes: 1440,
    });
    expect(kept.series[0]!.points).toHaveLength(1);
  });
});

describe('the local cloud’s own cost per invocation (issue 17)', () => {
  it('does not read the resident size from the kernel on every invocation', () => {
    const { telemetry: collector } = fresh(1_000);
    const rss = vi.spyOn(process.memoryUsage, 'rss');
    try {
      for (let i = 0; i < 200; i++)
        collector.invocation({ fn: 'api-orders', durationMs: 3, error: false, coldStart: false });
      expect(rss.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      rss.mockRestore();
    }
  });
});
