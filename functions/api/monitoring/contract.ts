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
  ...uptimeRoutes,
] as const;
