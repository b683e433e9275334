import * as z from 'zod';
import { AlertStateName } from '../../../events/contexts/monitoring.ts';
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
    kind: z.enum(['changed', 'acknowledged', 'silenced', 'unsilenced']),
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

export const monitoringRoutes = [
  deepHealth,
  listAlertRules,
  getAlertRule,
  acknowledgeAlert,
  silenceAlert,
  unsilenceAlert,
] as const;
