import type { Attempt } from './outbound-deliveries.ts';
import { SYNC_THRESHOLDS, type SyncStatus } from './sync-health.ts';

/**
 * How an outbound endpoint's deliveries are doing: attempts per hour by result, delivery lag (from the
 * event to the receiver's 2xx) and attempt latency, errors by reason. Pure: the caller reads the
 * endpoint's deliveries of the window.
 */
export interface OutboundDeliveryFact {
  occurredAt: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: readonly Attempt[];
}

export interface OutboundHour {
  hour: string;
  delivered: number;
  failedAttempts: number;
}

export interface OutboundStats {
  from: string;
  to: string;
  hours: OutboundHour[];
  totals: {
    deliveries: number;
    delivered: number;
    pending: number;
    failed: number;
    attempts: number;
    failedAttempts: number;
  };
  /** Failed attempts / attempts in the window; 0 when nothing was attempted. */
  errorRate: number;
  /** From the event to the receiver's 2xx. */
  lagMs: { p50: number; p95: number; max: number } | undefined;
  /** The receiver's answer time per attempt. */
  latencyMs: { p50: number; p95: number } | undefined;
  errors: { reason: string; count: number }[];
  lastSuccessAt?: string;
}

const HOUR_MS = 3_600_000;
const hourOf = (time: number) => Math.floor(time / HOUR_MS) * HOUR_MS;
const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;

const reasonOf = (attempt: Attempt) =>
  attempt.statusCode !== undefined
    ? `The receiver answered ${attempt.statusCode}`
    : (attempt.error ?? 'No answer');

export const outboundStats = (
  deliveries: readonly OutboundDeliveryFact[],
  now: Date,
  hours = 24,
): OutboundStats => {
  const last = hourOf(now.getTime());
  const first = last - (hours - 1) * HOUR_MS;
  const buckets = new Map<number, OutboundHour>();
  for (let h = first; h <= last; h += HOUR_MS)
    buckets.set(h, { hour: new Date(h).toISOString(), delivered: 0, failedAttempts: 0 });
  const totals = { deliveries: 0, delivered: 0, pending: 0, failed: 0, attempts: 0, failedAttempts: 0 };
  const errors = new Map<string, number>();
  const lags: number[] = [];
  const latencies: number[] = [];
  let lastSuccessAt: string | undefined;
  for (const delivery of deliveries) {
    if (Date.parse(delivery.occurredAt) >= first) {
      totals.deliveries += 1;
      totals[delivery.status] += 1;
    }
    for (const attempt of delivery.attempts) {
      const bucket = buckets.get(hourOf(Date.parse(attempt.at)));
      if (!bucket) continue;
      totals.attempts += 1;
      latencies.push(attempt.latencyMs);
      if (attempt.ok) {
        bucket.delivered += 1;
        lags.push(Math.max(0, Date.parse(attempt.at) - Date.parse(delivery.occurredAt)));
        if (!lastSuccessAt || attempt.at > lastSuccessAt) lastSuccessAt = attempt.at;
      } else {
        bucket.failedAttempts += 1;
        totals.failedAttempts += 1;
        const reason = reasonOf(attempt);
        errors.set(reason, (errors.get(reason) ?? 0) + 1);
      }
    }
  }
  lags.sort((a, b) => a - b);
  latencies.sort((a, b) => a - b);
  return {
    from: new Date(first).toISOString(),
    to: now.toISOString(),
    hours: [...buckets.values()],
    totals,
    errorRate: totals.attempts === 0 ? 0 : totals.failedAttempts / totals.attempts,
    lagMs: lags.length
      ? { p50: percentile(lags, 0.5), p95: percentile(lags, 0.95), max: lags.at(-1)! }
      : undefined,
    latencyMs: latencies.length
      ? { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) }
      : undefined,
    errors: [...errors].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
    ...(lastSuccessAt ? { lastSuccessAt } : {}),
  };
};

/** The endpoint's status with its reasons, judged as an integration's sync is (see sync-health.ts). */
export const outboundStatus = (input: {
  endpointStatus: 'active' | 'disabled';
  disabledReason?: string;
  failingSince?: string;
  stats: OutboundStats;
}): { status: SyncStatus; reasons: string[] } => {
  if (input.endpointStatus === 'disabled')
    return {
      status: 'disabled',
      reasons: [input.disabledReason ? `Disabled: ${input.disabledReason}` : 'Disabled'],
    };
  const { stats } = input;
  const degraded: string[] = [];
  if (stats.errorRate > SYNC_THRESHOLDS.degradedErrorRate)
    degraded.push(`${(stats.errorRate * 100).toFixed(1)}% of attempts in the window failed`);
  if (stats.totals.pending > 0) degraded.push(`${stats.totals.pending} deliveries waiting for a retry`);
  if (stats.lagMs && stats.lagMs.p95 > SYNC_THRESHOLDS.slowLagMs)
    degraded.push(`Slow: p95 ${Math.round(stats.lagMs.p95 / 1000)} s from event to delivery`);
  if (input.failingSince)
    return {
      status: 'failing',
      reasons: [
        `Every delivery has failed since ${input.failingSince} (disabled after 5 days of failure)`,
        ...degraded,
      ],
    };
  if (stats.totals.failed > 0) degraded.unshift(`${stats.totals.failed} deliveries failed every retry`);
  return degraded.length ? { status: 'degraded', reasons: degraded } : { status: 'healthy', reasons: [] };
};
