import { type AlertPolicy, evaluate } from '../monitoring/evaluator.ts';
import type { CheckResult } from './integrations.ts';

/**
 * How an integration's sync is doing, from what it delivered and what its scheduled checks found. Pure:
 * the caller reads deliveries, refusals and check runs, this module counts and judges.
 */

/**
 * The alert rule of scheduled checks, M of N both ways so one bad minute neither fires nor clears it:
 * fire when 3 of the last 5 runs failed, clear once the last 3 passed.
 */
export const ALERT_RULE = { fire: { failed: 3, of: 5 }, clear: { passed: 3, of: 3 } } as const;

export interface CheckRun {
  at: string;
  checks: CheckResult[];
}

export const runFailed = (run: CheckRun): boolean => run.checks.some((c) => c.outcome === 'failed');

/** The rule as the shared evaluator (domain/monitoring/evaluator.ts) counts it. */
const POLICY: AlertPolicy = {
  fire: { m: ALERT_RULE.fire.failed, n: ALERT_RULE.fire.of },
  recover: { m: ALERT_RULE.clear.passed, n: ALERT_RULE.clear.of },
};

/** What the latest runs (oldest first) mean for the alert: the command that raises or clears it, or none. */
export const alertTransition = (
  runs: readonly CheckRun[],
  alerting: boolean,
):
  | { type: 'RaiseAlert'; failed: number; of: number; reason: string }
  | { type: 'ClearAlert'; passed: number; of: number }
  | undefined => {
  const verdict = evaluate(POLICY, runs.map(runFailed), alerting ? 'ALARM' : 'OK');
  if (!alerting && verdict.state === 'ALARM') {
    const last = runs.filter(runFailed).at(-1)!;
    const reason = last.checks
      .filter((c) => c.outcome === 'failed')
      .map((c) => `${c.check}: ${c.detail}`)
      .join('; ');
    return { type: 'RaiseAlert', failed: verdict.count, of: verdict.of, reason };
  }
  if (alerting && verdict.state === 'OK')
    return { type: 'ClearAlert', passed: verdict.count, of: verdict.of };
  return undefined;
};

/** One delivery as the sync view counts it. */
export interface DeliveryFact {
  receivedAt: string;
  status: 'received' | 'applied' | 'ignored' | 'refused';
  /** When it was processed (the outcome recorded); absent while it is still only received. */
  processedAt?: string;
  detail?: string;
}

/** A delivery refused before it was accepted (bad signature, stale timestamp, replay). */
export interface RejectionFact {
  at: string;
  reason: string;
}

export interface HourCounts {
  /** The hour's start, ISO. */
  hour: string;
  received: number;
  applied: number;
  ignored: number;
  refused: number;
  rejected: number;
}

export interface SyncStats {
  from: string;
  to: string;
  hours: HourCounts[];
  totals: Omit<HourCounts, 'hour'>;
  /** (refused + rejected + stuck) / (received + rejected); 0 when nothing arrived. */
  errorRate: number;
  /** Received but not processed after STUCK_MS: processing stopped part-way and needs a look. */
  stuck: number;
  lagMs: { p50: number; p95: number; max: number } | undefined;
  errors: { reason: string; count: number }[];
  lastDeliveryAt?: string;
  lastSuccessAt?: string;
}

const HOUR_MS = 3_600_000;
export const STUCK_MS = 5 * 60_000;

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;

const hourOf = (time: number) => Math.floor(time / HOUR_MS) * HOUR_MS;

/** Counts a window of deliveries and refusals by hour, with error rate, reasons and processing lag. */
export const syncStats = (
  deliveries: readonly DeliveryFact[],
  rejections: readonly RejectionFact[],
  now: Date,
  hours = 24,
): SyncStats => {
  const last = hourOf(now.getTime());
  const first = last - (hours - 1) * HOUR_MS;
  const buckets = new Map<number, HourCounts>();
  for (let h = first; h <= last; h += HOUR_MS)
    buckets.set(h, {
      hour: new Date(h).toISOString(),
      received: 0,
      applied: 0,
      ignored: 0,
      refused: 0,
      rejected: 0,
    });
  const bucket = (at: string) => buckets.get(hourOf(Date.parse(at)));
  const errors = new Map<string, number>();
  const error = (reason: string) => errors.set(reason, (errors.get(reason) ?? 0) + 1);
  const lags: number[] = [];
  let stuck = 0;
  let lastDeliveryAt: string | undefined;
  let lastSuccessAt: string | undefined;
  for (const delivery of deliveries) {
    const counts = bucket(delivery.receivedAt);
    if (!counts) continue;
    counts.received += 1;
    if (delivery.status !== 'received') counts[delivery.status] += 1;
    if (!lastDeliveryAt || delivery.receivedAt > lastDeliveryAt) lastDeliveryAt = delivery.receivedAt;
    if (delivery.status === 'applied' && (!lastSuccessAt || delivery.receivedAt > lastSuccessAt))
      lastSuccessAt = delivery.receivedAt;
    if (delivery.status === 'refused')
      error(
        `Refused by a business rule${delivery.detail ? `: ${delivery.detail.replace(/^Refused: /, '')}` : ''}`,
      );
    if (delivery.processedAt)
      lags.push(Math.max(0, Date.parse(delivery.processedAt) - Date.parse(delivery.receivedAt)));
    else if (now.getTime() - Date.parse(delivery.receivedAt) > STUCK_MS) {
      stuck += 1;
      error('Received but not processed');
    }
  }
  for (const rejection of rejections) {
    const counts = bucket(rejection.at);
    if (!counts) continue;
    counts.rejected += 1;
    error(`Signature ${rejection.reason}`);
  }
  const list = [...buckets.values()];
  const totals = {
    received: 0,
    applied: 0,
    ignored: 0,
    refused: 0,
    rejected: 0,
  };
  for (const h of list)
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += h[key];
  const arrived = totals.received + totals.rejected;
  lags.sort((a, b) => a - b);
  return {
    from: new Date(first).toISOString(),
    to: now.toISOString(),
    hours: list,
    totals,
    errorRate: arrived === 0 ? 0 : (totals.refused + totals.rejected + stuck) / arrived,
    stuck,
    lagMs: lags.length
      ? { p50: percentile(lags, 0.5), p95: percentile(lags, 0.95), max: lags.at(-1)! }
      : undefined,
    errors: [...errors].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
    ...(lastDeliveryAt ? { lastDeliveryAt } : {}),
    ...(lastSuccessAt ? { lastSuccessAt } : {}),
  };
};

export type SyncStatus = 'healthy' | 'degraded' | 'failing' | 'disabled';

/** Thresholds a person can read in the reasons: beyond them the sync is degraded or failing. */
export const SYNC_THRESHOLDS = {
  degradedErrorRate: 0.05,
  failingErrorRate: 0.5,
  failingMinErrors: 3,
  slowLagMs: 60_000,
};

/** The sync's status with every reason for it, worst first; healthy has none. */
export const syncStatus = (input: {
  integrationStatus: 'active' | 'disabled';
  disabledReason?: string;
  alert?: { since: string; reason: string };
  lastRun?: CheckRun;
  stats: SyncStats;
  now: Date;
}): { status: SyncStatus; reasons: string[] } => {
  if (input.integrationStatus === 'disabled')
    return {
      status: 'disabled',
      reasons: [input.disabledReason ? `Disabled: ${input.disabledReason}` : 'Disabled'],
    };
  const failing: string[] = [];
  const degraded: string[] = [];
  if (input.alert) failing.push(`Health checks failing since ${input.alert.since}: ${input.alert.reason}`);
  const lastHour = input.stats.hours.at(-1)!;
  const hourErrors = lastHour.refused + lastHour.rejected;
  const hourArrived = lastHour.received + lastHour.rejected;
  if (
    hourErrors >= SYNC_THRESHOLDS.failingMinErrors &&
    hourErrors / hourArrived >= SYNC_THRESHOLDS.failingErrorRate
  )
    failing.push(`${hourErrors} of ${hourArrived} deliveries in the last hour were refused or rejected`);
  if (input.lastRun && runFailed(input.lastRun) && !input.alert)
    degraded.push(
      `The last health check failed: ${input.lastRun.checks
        .filter((c) => c.outcome === 'failed')
        .map((c) => c.check)
        .join(', ')}`,
    );
  const { errorRate, stuck, lagMs } = input.stats;
  if (errorRate > SYNC_THRESHOLDS.degradedErrorRate)
    degraded.push(`${(errorRate * 100).toFixed(1)}% of deliveries in the last 24 hours failed`);
  if (stuck > 0) degraded.push(`${stuck} deliveries received but not processed`);
  if (lagMs && lagMs.p95 > SYNC_THRESHOLDS.slowLagMs)
    degraded.push(`Processing is slow: p95 ${Math.round(lagMs.p95 / 1000)} s from receipt to outcome`);
  if (failing.length) return { status: 'failing', reasons: [...failing, ...degraded] };
  if (degraded.length) return { status: 'degraded', reasons: degraded };
  return { status: 'healthy', reasons: [] };
};
