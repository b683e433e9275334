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
  measure: 'status' | 'oldestAgeSeconds';
  condition: Condition;
  policy: AlertPolicy;
  severity: 'warning' | 'critical';
}

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
];

export const ruleById = (id: string): AlertRule | undefined => ALERT_RULES.find((r) => r.id === id);
