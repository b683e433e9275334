import { describe, expect, it } from 'vitest';
import type { Attempt } from '../../../domain/integrations/outbound-deliveries.ts';
import { outboundStats, outboundStatus } from '../../../domain/integrations/outbound-sync.ts';

const now = new Date('2026-12-02T10:30:00.000Z');
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
const attempt = (minutesAgo: number, ok: boolean, extra: Partial<Attempt> = {}): Attempt => ({
  attempt: 1,
  at: ago(minutesAgo),
  ok,
  latencyMs: ok ? 40 : 900,
  ...(ok ? { statusCode: 200 } : {}),
  ...extra,
});

describe('outbound sync figures', () => {
  const stats = outboundStats(
    [
      // Delivered at once.
      { occurredAt: ago(10), status: 'delivered', attempts: [attempt(10, true)] },
      // Failed twice (a 503, then no answer), delivered on the third try 50 minutes later.
      {
        occurredAt: ago(120),
        status: 'delivered',
        attempts: [
          attempt(120, false, { statusCode: 503 }),
          attempt(115, false, { error: 'The receiver did not answer within 15 s' }),
          attempt(70, true),
        ],
      },
      // Made before the window, retried within it, still waiting.
      {
        occurredAt: ago(25 * 60),
        status: 'pending',
        attempts: [attempt(25 * 60, false, { statusCode: 500 }), attempt(20, false, { statusCode: 500 })],
      },
    ],
    now,
  );

  it('counts attempts by the hour they were made, and deliveries by their event', () => {
    expect(stats.totals).toEqual({
      deliveries: 2,
      delivered: 2,
      pending: 0,
      failed: 0,
      attempts: 5,
      failedAttempts: 3,
    });
    expect(stats.hours.at(-1)).toEqual({ hour: '2026-12-02T10:00:00.000Z', delivered: 1, failedAttempts: 1 });
    expect(stats.hours.at(-2)).toEqual({ hour: '2026-12-02T09:00:00.000Z', delivered: 1, failedAttempts: 0 });
    expect(stats.errorRate).toBeCloseTo(3 / 5);
  });

  it('measures lag from the event to the 2xx, and the receiver latency of every attempt', () => {
    expect(stats.lagMs).toEqual({ p50: 0, p95: 50 * 60_000, max: 50 * 60_000 });
    expect(stats.latencyMs).toEqual({ p50: 900, p95: 900 });
    expect(stats.lastSuccessAt).toBe(ago(10));
  });

  it('names the errors by reason', () => {
    expect(stats.errors).toEqual(
      expect.arrayContaining([
        { reason: 'The receiver answered 500', count: 1 },
        { reason: 'The receiver answered 503', count: 1 },
        { reason: 'The receiver did not answer within 15 s', count: 1 },
      ]),
    );
  });
});

describe('outbound endpoint status', () => {
  const quiet = outboundStats([], now);
  it('is healthy when nothing failed, disabled when switched off, failing while every delivery fails', () => {
    expect(outboundStatus({ endpointStatus: 'active', stats: quiet })).toEqual({
      status: 'healthy',
      reasons: [],
    });
    expect(
      outboundStatus({ endpointStatus: 'disabled', disabledReason: 'Receiver retired', stats: quiet }).status,
    ).toBe('disabled');
    expect(
      outboundStatus({ endpointStatus: 'active', failingSince: '2026-12-01T08:00:00.000Z', stats: quiet })
        .status,
    ).toBe('failing');
  });

  it('is degraded by failed attempts beyond 5%, waiting retries or deliveries that failed every retry', () => {
    const retrying = outboundStats(
      [{ occurredAt: ago(5), status: 'pending', attempts: [attempt(5, false, { statusCode: 500 })] }],
      now,
    );
    expect(outboundStatus({ endpointStatus: 'active', stats: retrying })).toEqual({
      status: 'degraded',
      reasons: ['100.0% of attempts in the window failed', '1 deliveries waiting for a retry'],
    });
    const gaveUp = outboundStats([{ occurredAt: ago(5), status: 'failed', attempts: [] }], now);
    expect(outboundStatus({ endpointStatus: 'active', stats: gaveUp }).reasons).toEqual([
      '1 deliveries failed every retry',
    ]);
  });
});
