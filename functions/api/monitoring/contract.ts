import * as z from 'zod';
import {
  AlertChannels,
  AlertCondition,
  AlertStateName,
  UptimeCheckName,
} from '../../../events/contexts/monitoring.ts';
import { Text } from '../../http/inputs.ts';
import { defineRoute } from '../../http/route.ts';
import { IdParams } from '../schemas.ts';

const tag = 'Monitoring';

const HealthStatus = z.enum(['ok', 'degraded', 'down']).meta({ id: 'DependencyStatus' });

export const DeepHealth = z
  .object({
    status: HealthStatus,
    checkedAt: z.string(),
    checks: z.array(
      z.object({
        check: z.string(),
        name: z.string(),
        status: HealthStatus,
        latencyMs: z.number().int().min(0),
        reason: z.string(),
        figures: z.record(z.string(), z.number()).optional(),
      }),
    ),
  })
  .meta({ id: 'DeepHealth' });

export const deepHealth = defineRoute({
  method: 'GET',
  path: '/api/health/deep',
  permission: 'monitoring:read',
  summary:
    'Deep health: every dependency (tables, buckets, bus, user pool, Step Functions, scheduler) and the pipeline (outbox, audit backlog), each with its status, latency and reason; a hanging one reports a timeout',
  tag,
  response: DeepHealth,
});

const MofN = z.object({ m: z.number().int(), n: z.number().int() });

export const AlertRuleView = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    check: z.string(),
    measure: z.string(),
    condition: z.union([
      z.object({ kind: z.enum(['above', 'below']), threshold: z.number() }),
      z.object({ kind: z.literal('outside'), min: z.number(), max: z.number() }),
    ]),
    policy: z.object({ fire: MofN, recover: MofN }),
    severity: z.enum(['warning', 'critical']),
    channels: AlertChannels,
    state: AlertStateName,
    since: z.string().optional(),
    reason: z.string().optional(),
    acknowledged: z.object({ at: z.string(), by: z.string(), note: z.string().optional() }).optional(),
    silencedUntil: z.string().optional(),
    /** The latest datapoints, oldest first (as many as the larger window). */
    recent: z.array(z.object({ at: z.string(), breaching: z.boolean(), value: z.number().optional() })),
    version: z.number().int(),
  })
  .meta({ id: 'AlertRule' });

export const listAlertRules = defineRoute({
  method: 'GET',
  path: '/api/monitoring/alerts',
  permission: 'monitoring:read',
  summary: 'The alert rules with their state (OK, ALARM, INSUFFICIENT_DATA), M of N and latest datapoints',
  tag,
  query: z.object({ state: AlertStateName.optional() }).strict(),
  response: z.object({ items: z.array(AlertRuleView) }).meta({ id: 'AlertRuleList' }),
});

export const AlertHistoryEntry = z
  .object({
    at: z.string(),
    kind: z.enum(['changed', 'acknowledged', 'silenced', 'unsilenced', 'configured']),
    by: z.string(),
    from: AlertStateName.optional(),
    to: AlertStateName.optional(),
    reason: z.string().optional(),
    until: z.string().optional(),
    note: z.string().optional(),
  })
  .meta({ id: 'AlertHistoryEntry' });

export const getAlertRule = defineRoute({
  method: 'GET',
  path: '/api/monitoring/alerts/{id}',
  permission: 'monitoring:read',
  summary:
    'One alert rule with its state, its history (state changes, acknowledgements, silences) newest first',
  tag,
  params: IdParams,
  response: z
    .object({ rule: AlertRuleView, history: z.array(AlertHistoryEntry) })
    .meta({ id: 'AlertRuleDetail' }),
});

const Note = Text(500).optional();

export const acknowledgeAlert = defineRoute({
  method: 'POST',
  path: '/api/monitoring/alerts/{id}/acknowledge',
  permission: 'monitoring:manage',
  summary: 'Acknowledge a firing alert: someone is on it (until its state changes again)',
  tag,
  params: IdParams,
  body: z.object({ note: Note }).strict().meta({ id: 'AcknowledgeAlert' }),
  response: AlertRuleView,
});

export const silenceAlert = defineRoute({
  method: 'POST',
  path: '/api/monitoring/alerts/{id}/silence',
  permission: 'monitoring:manage',
  summary: 'Silence an alert rule until a time (a week at most): its changes notify nobody until then',
  tag,
  params: IdParams,
  body: z
    .object({ until: z.iso.datetime({ offset: true }), note: Note })
    .strict()
    .meta({ id: 'SilenceAlert' }),
  response: AlertRuleView,
});

export const unsilenceAlert = defineRoute({
  method: 'POST',
  path: '/api/monitoring/alerts/{id}/unsilence',
  permission: 'monitoring:manage',
  summary: 'Lift the silence of an alert rule before it expires',
  tag,
  params: IdParams,
  response: AlertRuleView,
});

// ── Metrics with history, resources, logs and traces (issue 16; functions/monitoring/telemetry.ts) ──

const Instant = z.iso.datetime({ offset: true });
const FROM_AFTER_TO = '`from` must not be after `to`';
const fromNotAfterTo = (q: { from?: string; to?: string }) =>
  !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to);
/** Steps a chart asks for, in minutes. */
export const STEPS = { '1m': 1, '5m': 5, '15m': 15, '1h': 60, '1d': 1440 } as const;
/** At most this many points per series: a day of minutes, or longer ranges at a coarser step. */
export const MAX_POINTS = 1500;
const MetricName = z
  .string()
  .regex(/^[A-Za-z][\w.-]{0,99}$/, 'a metric name from GET /api/monitoring/metrics/catalog');
const Dimension = Text(200);

const MetricDefinitionView = z
  .object({
    metric: z.string(),
    title: z.string(),
    unit: z.enum(['count', 'ms', 'MB', 'percent', 'cents']),
    kind: z.enum(['counter', 'distribution', 'gauge', 'ratio']),
    group: z.enum(['api', 'functions', 'stateMachines', 'bus', 'business', 'resources', 'app']),
    dimension: z.enum(['route', 'function', 'machine', 'target', 'service']).optional(),
  })
  .meta({ id: 'MetricDefinition' });

export const metricsCatalog = defineRoute({
  method: 'GET',
  path: '/api/monitoring/metrics/catalog',
  permission: 'monitoring:read',
  summary:
    'The metrics with history: API, functions, state machines, bus, business figures, resources, and the functions’ own EMF metrics that have data',
  tag,
  response: z
    .object({ cloud: z.enum(['local', 'aws']), items: z.array(MetricDefinitionView) })
    .meta({ id: 'MetricCatalog' }),
});

export const metricsQuery = z
  .object({
    metric: MetricName,
    route: Dimension.optional(),
    function: Dimension.optional(),
    from: Instant.optional(),
    to: Instant.optional(),
    step: z.enum(Object.keys(STEPS) as [keyof typeof STEPS, ...(keyof typeof STEPS)[]]).optional(),
  })
  .strict()
  .refine(fromNotAfterTo, { message: FROM_AFTER_TO, path: ['from'] });

const MetricPointView = z.object({
  t: z.string(),
  count: z.number(),
  value: z.number(),
  min: z.number().optional(),
  max: z.number().optional(),
  p50: z.number().optional(),
  p95: z.number().optional(),
  p99: z.number().optional(),
});

export const getMetrics = defineRoute({
  method: 'GET',
  path: '/api/monitoring/metrics',
  permission: 'monitoring:read',
  summary:
    'One metric over a time range (default the hour before `to`, or now) at a step (default 1m; coarser when the range would have more than 1500 points), a series per route, function, machine or target (the busiest 12; `route=` or `function=` picks one); 404 for a metric the catalog does not know',
  tag,
  query: metricsQuery,
  problems: [404],
  response: z
    .object({
      definition: MetricDefinitionView,
      from: z.string(),
      to: z.string(),
      stepMinutes: z.number().int(),
      series: z.array(
        z.object({ labels: z.record(z.string(), z.string()), points: z.array(MetricPointView) }),
      ),
      truncated: z.boolean(),
    })
    .meta({ id: 'MetricSeries' }),
});

export const getResources = defineRoute({
  method: 'GET',
  path: '/api/monitoring/resources',
  permission: 'monitoring:read',
  summary:
    'Resources now: locally the process’s CPU, memory, event-loop delay and the data dir’s disk use; in AWS each function’s memory against its configured size, concurrency, table and bucket sizes',
  tag,
  response: z
    .object({
      cloud: z.enum(['local', 'aws']),
      at: z.string(),
      items: z.array(
        z.object({
          resource: z.string(),
          title: z.string(),
          value: z.number(),
          unit: z.enum(['percent', 'MB', 'ms', 'count', 'bytes']),
          limit: z.number().optional(),
          of: z.string().optional(),
        }),
      ),
    })
    .meta({ id: 'Resources' }),
});

const LogRecordView = z
  .object({
    at: z.string(),
    level: z.string(),
    function: z.string(),
    message: z.string(),
    correlationId: z.string().optional(),
    actor: z.string().optional(),
    requestId: z.string().optional(),
    fields: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'LogRecord' });

export const listLogs = defineRoute({
  method: 'GET',
  path: '/api/monitoring/logs',
  permission: 'monitoring:read',
  summary:
    'Log records newest first over a time range (default the hour before `to`, or now), by least level, function, text, correlation id and actor; paged',
  tag,
  query: z
    .object({
      from: Instant.optional(),
      to: Instant.optional(),
      level: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL']).optional(),
      function: Dimension.optional(),
      text: Text(200).optional(),
      correlationId: Text(128).optional(),
      actor: Text(200).optional(),
      limit: z.coerce.number().int().min(1).max(200).optional(),
      cursor: z
        .string()
        .regex(/^\d{1,15}\.\d{1,15}$/, 'a nextCursor this route gave')
        .optional(),
    })
    .strict()
    .refine(fromNotAfterTo, { message: FROM_AFTER_TO, path: ['from'] }),
  response: z
    .object({ items: z.array(LogRecordView), nextCursor: z.string().optional() })
    .meta({ id: 'LogList' }),
});

export const TraceStage = z
  .enum([
    'api',
    'function',
    'commit',
    'projection',
    'audit',
    'notification',
    'workflow',
    'outbound',
    'state-machine',
  ])
  .meta({ id: 'TraceStage' });

export const getTrace = defineRoute({
  method: 'GET',
  path: '/api/monitoring/traces/{correlationId}',
  permission: 'monitoring:read',
  summary:
    'One command’s whole path by its correlation id, oldest first: the API request, the commit, the bus and every consumer (projections, audit, notifications, workflows)',
  tag,
  params: z.object({ correlationId: Text(128) }).strict(),
  response: z
    .object({
      correlationId: z.string(),
      steps: z.array(
        z.object({
          at: z.string(),
          offsetMs: z.number(),
          stage: TraceStage,
          function: z.string(),
          level: z.string(),
          message: z.string(),
        }),
      ),
      truncated: z.boolean(),
    })
    .meta({ id: 'Trace' }),
});

export const telemetryRoutes = [metricsCatalog, getMetrics, getResources, listLogs, getTrace] as const;
// ── Uptime, the SLO and rule settings (uptime slice) ────────────────────────────────────────────────

export const configureAlertRule = defineRoute({
  method: 'PUT',
  path: '/api/monitoring/alerts/{id}/settings',
  permission: 'monitoring:manage',
  summary:
    "Change an alert rule's condition (threshold or band), its M of N to fire and to recover, and its channels (console, email, a webhook endpoint); unsound settings are refused with the field named (422)",
  tag,
  params: IdParams,
  body: z
    .object({
      condition: AlertCondition,
      policy: z.object({ fire: MofN, recover: MofN }),
      channels: AlertChannels,
    })
    .strict()
    .meta({ id: 'ConfigureAlertRule' }),
  response: AlertRuleView,
  ifMatch: true,
  problems: [404, 422],
});

const UptimeCheckStatus = z.enum(['up', 'down', 'unknown']);

export const UptimeReport = z
  .object({
    checkedAt: z.string(),
    days: z.number().int(),
    checks: z.array(
      z.object({
        check: UptimeCheckName,
        name: z.string(),
        status: UptimeCheckStatus,
        since: z.string().optional(),
        latest: z
          .object({ at: z.string(), ok: z.boolean(), latencyMs: z.number().int(), detail: z.string() })
          .optional(),
        /** Passing runs over all runs in the period; null without runs. */
        availability: z.number().nullable(),
        daily: z.array(
          z.object({
            day: z.string(),
            runs: z.number().int(),
            failures: z.number().int(),
            availability: z.number().nullable(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'UptimeReport' });

const Days = z.coerce.number().int().min(1).max(90).optional();

export const getUptime = defineRoute({
  method: 'GET',
  path: '/api/monitoring/uptime',
  permission: 'monitoring:read',
  summary:
    'The synthetic uptime checks (console, API health, sign-in, every 60 s): each one up or down now, its latest run, and its availability per UTC day',
  tag,
  query: z.object({ days: Days }).strict(),
  response: UptimeReport,
});

export const UptimeIncident = z
  .object({
    check: UptimeCheckName,
    name: z.string(),
    start: z.string(),
    end: z.string().optional(),
    durationSeconds: z.number().int().min(0),
    failures: z.number().int(),
    open: z.boolean(),
  })
  .meta({ id: 'UptimeIncident' });

export const listUptimeIncidents = defineRoute({
  method: 'GET',
  path: '/api/monitoring/uptime/incidents',
  permission: 'monitoring:read',
  summary:
    'Incidents of the uptime checks, newest first: opened on 2 failing of 3 runs, closed on 3 passing in a row, with start, end and duration',
  tag,
  query: z.object({ check: UptimeCheckName.optional(), days: Days }).strict(),
  response: z.object({ items: z.array(UptimeIncident) }).meta({ id: 'UptimeIncidentList' }),
});

const BurnWindow = z.object({ minutes: z.number().int(), rate: z.number().nullable() });

export const SloReport = z
  .object({
    target: z.number(),
    windowDays: z.number().int(),
    good: z.number().int(),
    total: z.number().int(),
    availability: z.number().nullable(),
    errorBudget: z.object({ allowed: z.number(), spent: z.number().int(), remaining: z.number() }),
    burnRates: z.array(BurnWindow),
    alerts: z.array(
      z.object({
        name: z.enum(['fast', 'slow']),
        factor: z.number(),
        longMinutes: z.number().int(),
        shortMinutes: z.number().int(),
        signal: z.number().nullable(),
        burning: z.boolean(),
      }),
    ),
    version: z.number().int(),
    updatedAt: z.string().optional(),
  })
  .meta({ id: 'SloReport' });

export const getSlo = defineRoute({
  method: 'GET',
  path: '/api/monitoring/slo',
  permission: 'monitoring:read',
  summary:
    "The uptime SLO over its window (30 days): good runs against the target, the error budget left, burn rates over 5 min, 30 min, 1 h and 6 h, and the multi-window burn alerts' figures",
  tag,
  response: SloReport,
});

export const putSlo = defineRoute({
  method: 'PUT',
  path: '/api/monitoring/slo',
  permission: 'monitoring:manage',
  summary: "Change the uptime SLO's target (between 90% and 99.999%; 99.9% by default)",
  tag,
  body: z.object({ target: z.number() }).strict().meta({ id: 'ChangeSloTarget' }),
  response: SloReport,
  ifMatch: true,
  problems: [422],
});

const uptimeRoutes = [configureAlertRule, getUptime, listUptimeIncidents, getSlo, putSlo] as const;

export const monitoringRoutes = [
  deepHealth,
  listAlertRules,
  getAlertRule,
  acknowledgeAlert,
  silenceAlert,
  unsilenceAlert,
  ...telemetryRoutes,
  ...uptimeRoutes,
] as const;
