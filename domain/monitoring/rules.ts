import type { AlertPolicy, Condition } from './evaluator.ts';
import { BURN_ALERTS } from './uptime.ts';

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
  measure: 'status' | 'oldestAgeSeconds' | MetricMeasure | UptimeMeasure | PipelineMeasure;
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
  { check: 'bucket:analytics', name: 'Analytics bucket' },
  { check: 'bucket:audit', name: 'Audit digests bucket' },
  { check: 'bus', name: 'Event bus' },
  { check: 'cognito', name: 'User pool' },
  { check: 'stepfunctions', name: 'Step Functions' },
  { check: 'scheduler', name: 'Scheduler' },
];

// ── Uptime, SLO burn and operations rules (uptime slice) ──────────────────────────────────────────
/**
 * Signals that are not deep health checks, computed by the minutely check (functions/monitoring/signals.ts)
 * in the same shape: `slo:burn-fast` / `slo:burn-slow` (figure `burnRate`: the lower of the burn alert's
 * two windows, so above the factor means both are), `ops:backups` (figure `count`: backups failed since
 * the last completed one, within a day) and `ops:exports` (figure `count`: exports failed in the last hour).
 */
type UptimeMeasure = 'burnRate' | 'count';
/** Figures of the pipeline checks read from the metrics (functions/monitoring/pipeline-figures.ts). */
type PipelineMeasure = 'projectionLagP95Seconds' | 'deadLetters';

/** Fire at once, clear after three clean minutes: the signals already span their own windows. */
const AT_ONCE: AlertPolicy = { fire: { m: 1, n: 1 }, recover: { m: 3, n: 3 } };

const UPTIME_RULES: readonly AlertRule[] = [
  {
    id: 'slo-burn-fast',
    name: 'SLO burning fast',
    description: `The error budget burns over ${BURN_ALERTS.fast.factor}× the sustainable rate over both the last hour and the last 5 minutes (2% of a 30-day budget in an hour)`,
    check: 'slo:burn-fast',
    measure: 'burnRate',
    condition: { kind: 'above', threshold: BURN_ALERTS.fast.factor },
    policy: AT_ONCE,
    severity: 'critical',
  },
  {
    id: 'slo-burn-slow',
    name: 'SLO burning steadily',
    description: `The error budget burns over ${BURN_ALERTS.slow.factor}× the sustainable rate over both the last 6 hours and the last 30 minutes (5% of a 30-day budget in 6 hours)`,
    check: 'slo:burn-slow',
    measure: 'burnRate',
    condition: { kind: 'above', threshold: BURN_ALERTS.slow.factor },
    policy: AT_ONCE,
    severity: 'warning',
  },
  {
    id: 'backups-failed',
    name: 'Backups failing',
    description: 'The latest backup of the last day failed (a later completed one clears it)',
    check: 'ops:backups',
    measure: 'count',
    condition: { kind: 'above', threshold: 0 },
    policy: { fire: { m: 1, n: 1 }, recover: { m: 1, n: 1 } },
    severity: 'critical',
  },
  {
    id: 'exports-failed',
    name: 'Exports failing',
    description: 'An export failed in the last hour',
    check: 'ops:exports',
    measure: 'count',
    condition: { kind: 'above', threshold: 0 },
    policy: { fire: { m: 1, n: 1 }, recover: { m: 1, n: 1 } },
    severity: 'warning',
  },
];

export interface AlertChannels {
  console: boolean;
  email: boolean;
  webhookEndpointId?: string;
}
/** Every rule tells owners and admins in the console and by email unless its settings say otherwise. */
export const DEFAULT_CHANNELS: AlertChannels = { console: true, email: true };

/** What a person may change of a rule: its condition, its M of N windows, its channels. */
export interface AlertRuleSettings {
  condition: Condition;
  policy: AlertPolicy;
  channels: AlertChannels;
}

export const settingsOf = (rule: AlertRule, configured?: AlertRuleSettings): AlertRuleSettings =>
  configured ?? { condition: rule.condition, policy: rule.policy, channels: DEFAULT_CHANNELS };

/** The rule as the evaluator judges it: its built-in definition under the settings a person gave it. */
export const withSettings = (rule: AlertRule, configured?: AlertRuleSettings): AlertRule =>
  configured ? { ...rule, condition: configured.condition, policy: configured.policy } : rule;

/** The longest M of N window: an hour of one-minute datapoints (the check keeps two hours of runs). */
export const MAX_WINDOW = 60;

/**
 * What is wrong with a rule's settings, each with the field it is about (`condition.threshold`,
 * `policy.fire.m`…); empty when they are sound.
 */
export const ruleSettingsProblems = (
  rule: AlertRule,
  settings: AlertRuleSettings,
): { path: string; message: string }[] => {
  const problems: { path: string; message: string }[] = [];
  const { condition, policy, channels } = settings;
  const finite = (path: string, value: number) => {
    if (!Number.isFinite(value)) problems.push({ path, message: 'Must be a finite number' });
  };
  if (condition.kind === 'outside') {
    finite('condition.min', condition.min);
    finite('condition.max', condition.max);
    if (!(condition.min < condition.max))
      problems.push({ path: 'condition.max', message: 'A band needs its max above its min' });
  } else finite('condition.threshold', condition.threshold);
  if (rule.measure === 'status' && condition.kind !== 'outside' && Number.isFinite(condition.threshold)) {
    const t = condition.threshold;
    if (t < 0 || t > 2)
      problems.push({
        path: 'condition.threshold',
        message: 'A health status is 0 (ok), 1 (degraded) or 2 (down): the threshold must be within 0..2',
      });
  }
  if (rule.measure !== 'status' && condition.kind !== 'outside' && condition.threshold < 0)
    problems.push({ path: 'condition.threshold', message: 'This figure is never negative' });
  for (const side of ['fire', 'recover'] as const) {
    const { m, n } = policy[side];
    if (!(Number.isInteger(n) && n >= 1 && n <= MAX_WINDOW))
      problems.push({ path: `policy.${side}.n`, message: `Must be a whole number from 1 to ${MAX_WINDOW}` });
    if (!(Number.isInteger(m) && m >= 1 && m <= n))
      problems.push({ path: `policy.${side}.m`, message: `Must be a whole number from 1 to n (${n})` });
  }
  if (channels.email && !channels.console)
    problems.push({
      path: 'channels.email',
      message: 'Email goes to the people the console notification reaches: turn the console channel on too',
    });
  return problems;
};

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
  {
    id: 'projection-lag',
    name: 'Views falling behind',
    description:
      'Over the last 5 minutes, 95% of live events reached their views more than 60 s after they happened',
    check: 'pipeline:projections',
    measure: 'projectionLagP95Seconds',
    condition: { kind: 'above', threshold: 60 },
    policy: DEFAULT_POLICY,
    severity: 'warning',
  },
  {
    id: 'dead-letters',
    name: 'Events dead-lettered',
    description:
      'The bus gave up delivering an event to a consumer (projections, audit, notifications, workflows) in the last 15 minutes',
    check: 'pipeline:dead-letters',
    measure: 'deadLetters',
    condition: { kind: 'above', threshold: 0 },
    policy: { fire: { m: 1, n: 1 }, recover: { m: 3, n: 3 } },
    severity: 'critical',
  },
  ...METRIC_RULES,
  ...UPTIME_RULES,
];

export const ruleById = (id: string): AlertRule | undefined => ALERT_RULES.find((r) => r.id === id);
