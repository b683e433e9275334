import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../domain/integrations/integrations.ts';
import {
  alertTransition,
  type CheckRun,
  type DeliveryFact,
  syncStats,
  syncStatus,
} from '../../../domain/integrations/sync-health.ts';

const check = (outcome: CheckResult['outcome'], detail = 'ok'): CheckResult => ({
  check: 'credential',
  outcome,
  ms: 12,
  detail,
});
const run = (failed: boolean, minute: number): CheckRun => ({
  at: new Date(Date.UTC(2026, 11, 2, 10, minute)).toISOString(),
  checks: [check('passed'), ...(failed ? [check('failed', 'The API answered 503')] : [])],
});
const runs = (pattern: string) => [...pattern].map((c, i) => run(c === 'x', i * 15));

describe('the alert rule of scheduled checks: 3 of 5 to fire, 3 in a row to clear', () => {
  it('fires on the third failure among the last five, not before', () => {
    expect(alertTransition(runs('x.x..'), false)).toBeUndefined();
    expect(alertTransition(runs('x.x.x'), false)).toEqual({
      type: 'RaiseAlert',
      failed: 3,
      of: 5,
      reason: 'credential: The API answered 503',
    });
    // Failures that slid out of the window no longer count.
    expect(alertTransition(runs('xxx.....'), false)).toBeUndefined();
  });

  it('does not flap: a single pass while alerting clears nothing; three in a row do', () => {
    expect(alertTransition(runs('xxx.'), true)).toBeUndefined();
    expect(alertTransition(runs('xxx..x'), true)).toBeUndefined();
    expect(alertTransition(runs('xxx...'), true)).toEqual({ type: 'ClearAlert', passed: 3, of: 3 });
  });
});

const now = new Date('2026-12-02T10:30:00.000Z');
const delivery = (minutesAgo: number, status: DeliveryFact['status'], lagMs?: number): DeliveryFact => {
  const receivedAt = new Date(now.getTime() - minutesAgo * 60_000).toISOString();
  return {
    receivedAt,
    status,
    ...(lagMs === undefined ? {} : { processedAt: new Date(Date.parse(receivedAt) + lagMs).toISOString() }),
    ...(status === 'refused' ? { detail: 'Refused: The order is cancelled' } : {}),
  };
};

describe('sync figures', () => {
  it('counts by hour, with error rate, reasons, lag, stuck deliveries and last success', () => {
    const stats = syncStats(
      [
        delivery(5, 'applied', 200),
        delivery(10, 'ignored', 400),
        delivery(70, 'refused', 100),
        delivery(20, 'received'),
        delivery(2, 'received'),
        delivery(25 * 60, 'applied', 100),
      ],
      [{ at: new Date(now.getTime() - 3 * 60_000).toISOString(), reason: 'mismatch' }],
      now,
    );
    expect(stats.hours).toHaveLength(24);
    expect(stats.hours.at(-1)).toMatchObject({
      hour: '2026-12-02T10:00:00.000Z',
      received: 4,
      applied: 1,
      ignored: 1,
      rejected: 1,
    });
    expect(stats.hours.at(-2)).toMatchObject({ hour: '2026-12-02T09:00:00.000Z', refused: 1 });
    // The delivery of 25 hours ago is outside the window.
    expect(stats.totals).toEqual({ received: 5, applied: 1, ignored: 1, refused: 1, rejected: 1 });
    // One received 20 minutes ago and never processed is stuck; the one of 2 minutes ago is in flight.
    expect(stats.stuck).toBe(1);
    expect(stats.errorRate).toBeCloseTo(3 / 6);
    expect(stats.lagMs).toEqual({ p50: 200, p95: 400, max: 400 });
    expect(stats.errors).toEqual(
      expect.arrayContaining([
        { reason: 'Refused by a business rule: The order is cancelled', count: 1 },
        { reason: 'Signature mismatch', count: 1 },
        { reason: 'Received but not processed', count: 1 },
      ]),
    );
    expect(stats.lastSuccessAt).toBe(delivery(5, 'applied').receivedAt);
    expect(stats.lastDeliveryAt).toBe(delivery(2, 'received').receivedAt);
  });

  it('is empty and error-free when nothing arrived', () => {
    const stats = syncStats([], [], now);
    expect(stats.errorRate).toBe(0);
    expect(stats.lagMs).toBeUndefined();
    expect(stats.totals.received).toBe(0);
  });
});

describe('sync status', () => {
  const quiet = syncStats([], [], now);
  it('is healthy with nothing wrong, disabled when switched off', () => {
    expect(syncStatus({ integrationStatus: 'active', stats: quiet, now })).toEqual({
      status: 'healthy',
      reasons: [],
    });
    expect(
      syncStatus({ integrationStatus: 'disabled', disabledReason: 'Moving provider', stats: quiet, now }),
    ).toEqual({ status: 'disabled', reasons: ['Disabled: Moving provider'] });
  });

  it('is degraded after a failed check or errors beyond 5%, failing with an alert or a bad last hour', () => {
    expect(syncStatus({ integrationStatus: 'active', lastRun: run(true, 0), stats: quiet, now }).status).toBe(
      'degraded',
    );
    const someErrors = syncStats(
      [...Array.from({ length: 9 }, () => delivery(90, 'applied', 10)), delivery(90, 'refused', 10)],
      [],
      now,
    );
    expect(syncStatus({ integrationStatus: 'active', stats: someErrors, now })).toEqual({
      status: 'degraded',
      reasons: ['10.0% of deliveries in the last 24 hours failed'],
    });
    const alert = { since: '2026-12-02T09:45:00.000Z', reason: 'credential: 503' };
    expect(syncStatus({ integrationStatus: 'active', alert, stats: quiet, now }).status).toBe('failing');
    const rejectedHour = syncStats(
      [],
      Array.from({ length: 3 }, () => ({ at: now.toISOString(), reason: 'expired' })),
      now,
    );
    expect(syncStatus({ integrationStatus: 'active', stats: rejectedHour, now }).reasons[0]).toBe(
      '3 of 3 deliveries in the last hour were refused or rejected',
    );
  });
});
