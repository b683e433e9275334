import type { AlertPolicy, Condition } from './evaluator.ts';

/**
 * The built-in alert rules: one per dependency health check of the deep health route, and the
 * pipeline's own (outbox age, audit backlog). Each names the check it reads; a health check's datapoint
 * is its status as a number (ok 0, degraded 1, down 2), so "down" is `above 1`.
 *
 * In AWS the CDK's CloudWatch alarms (infra/aws/constructs/monitoring.ts) stay as they are; a rule maps
 * to an alarm as metric = the check's value published in EMF by monitoring-check, threshold or band =
 * `condition`, DatapointsToAlarm/EvaluationPeriods = `fire.m`/`fire.n` at a 1-minute period.
 * CloudWatch has one M of N for both ways; the separate recovery window is this engine's own.
 */
export type HealthStatus = 'ok' | 'degraded' | 'down';
export const STATUS_VALUE: Record<HealthStatus, number> = { ok: 0, degraded: 1, down: 2 };

export interface AlertRule {
  id: string;
  name: string;
  description: string;
  /** The deep health check whose value it reads (`bucket:backups`, `pipeline:outbox`…). */
  check: string;
  /** Which of the check's values: its status, or a figure it measures. */
  measure: 'status' | 'oldestAgeSeconds' | MetricMeasure;
  condition: Condition;
  policy: AlertPolicy;
  severity: 'warning' | 'critical';
}

// ── Rules on the API's metrics (issue 16: metrics with history) ──
/**
 * The API's figures of the last whole minute, all routes together (functions/monitoring/api-figures.ts
 * reads them through the telemetry port: the local store, or API Gateway's metrics in CloudWatch). A
 * minute without requests is 0 on both: no traffic is no breach.
 */
export const API_METRICS_CHECK = 'metrics:api';
export type MetricMeasure = 'serverErrorRatePercent' | 'p99LatencyMs';

const METRIC_RULES: readonly AlertRule[] = [
  {
    id: 'api-5xx-rate',
    name: 'API failing (5xx)',
    description: 'Over 1% of the API’s requests in a minute failed on our side (5xx)',
    check: API_METRICS_CHECK,
    measure: 'serverErrorRatePercent',
    condition: { kind: 'above', threshold: 1 },
    policy: { fire: { m: 3, n: 5 }, recover: { m: 3, n: 3 } },
    severity: 'critical',
  },
  {
    id: 'api-p99-latency',
    name: 'API slow (p99)',
    description: 'The API’s 99th percentile latency over a minute is above 1 s',
    check: API_METRICS_CHECK,
    measure: 'p99LatencyMs',
    condition: { kind: 'above', threshold: 1000 },
    policy: { fire: { m: 3, n: 5 }, recover: { m: 3, n: 3 } },
    severity: 'warning',
  },
];

/** 3 of 5 one-minute runs to fire, 3 in a row to recover: as the integration hub's sync alert. */
export const DEFAULT_POLICY: AlertPolicy = { fire: { m: 3, n: 5 }, recover: { m: 3, n: 3 } };

/** The dependencies the deep health route checks, each with what it is in words. */
export const DEPENDENCIES: readonly { check: string; name: string }[] = [
  { check: 'table:events', name: 'Events table' },
  { check: 'table:views', name: 'Views table' },
  { check: 'table:audit', name: 'Audit table' },
  { check: 'bucket:backups', name: 'Backups bucket' },
  { check: 'bucket:exports', name: 'Exports bucket' },
  { check: 'bucket:webhooks', name: 'Webhooks bucket' },
  { check: 'bucket:audit', name: 'Audit digests bucket' },
  { check: 'bus', name: 'Event bus' },
  { check: 'cognito', name: 'User pool' },
  { check: 'stepfunctions', name: 'Step Functions' },
  { check: 'scheduler', name: 'Scheduler' },
];

const down = { kind: 'above', threshold: STATUS_VALUE.degraded } as const;

export const ALERT_RULES: readonly AlertRule[] = [
  ...DEPENDENCIES.map(
    (d): AlertRule => ({
      id: `health-${d.check.replace(/:/g, '-')}`,
      name: `${d.name} down`,
      description: `The deep health check of the ${d.name.toLowerCase()} reports it down (or timing out)`,
      check: d.check,
      measure: 'status',
      condition: down,
      policy: DEFAULT_POLICY,
      severity: 'critical',
    }),
  ),
  {
    id: 'outbox-age',
    name: 'Outbox backing up',
    description: 'The oldest unpublished commit is over 5 minutes old: events are not reaching the bus',
    check: 'pipeline:outbox',
    measure: 'oldestAgeSeconds',
    condition: { kind: 'above', threshold: 300 },
    policy: DEFAULT_POLICY,
    severity: 'critical',
  },
  {
    id: 'audit-backlog',
    name: 'Audit log falling behind',
    description: 'An event has waited over 10 minutes to be chained into the audit log',
    check: 'pipeline:audit',
    measure: 'oldestAgeSeconds',
    condition: { kind: 'above', threshold: 600 },
    policy: DEFAULT_POLICY,
    severity: 'warning',
  },
  ...METRIC_RULES,
];

export const ruleById = (id: string): AlertRule | undefined => ALERT_RULES.find((r) => r.id === id);
