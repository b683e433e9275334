import * as z from 'zod';
import { defineEvent } from '../define.ts';

/**
 * Monitoring (functions/monitoring): the alert rules' datapoints and their states. Each minute's run of
 * the check is one event holding every rule's datapoint, on a stream per UTC hour
 * (`monitoringcheck-<YYYY-MM-DDTHH>`): one write a minute, and judging a rule reads at most two hours of
 * runs. Each rule's state changes, acknowledgements and silences are on its own stream
 * (`alertrule-<ruleId>`).
 */
export const ALERT_STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;
export const AlertStateName = z.enum(ALERT_STATES);
const Time = z.string().datetime({ offset: true });

/** One rule's datapoint in a run of the scheduled check. */
export const AlertDatapoint = z.object({
  ruleId: z.string(),
  /** The measured value; absent when it could not be measured (no datapoint for the rule). */
  value: z.number().optional(),
  breaching: z.boolean(),
  /** What was seen, in words: a health check's reason, the outbox's oldest age. */
  detail: z.string(),
});

export const MonitoringChecked = defineEvent({
  type: 'MonitoringChecked',
  context: 'monitoring',
  summary: "A run of the scheduled monitoring check measured every alert rule's metric or health check",
  schema: z.object({ at: Time, datapoints: z.array(AlertDatapoint) }),
});

export const AlertStateChanged = defineEvent({
  type: 'AlertStateChanged',
  context: 'monitoring',
  summary: "An alert rule's datapoints moved it to another state (fired, recovered, or lost its data)",
  schema: z.object({
    ruleId: z.string(),
    name: z.string(),
    from: AlertStateName,
    to: AlertStateName,
    at: Time,
    /** Breaching (to ALARM) or passing (to OK) datapoints among the `of` that decided it. */
    count: z.number().int().min(0),
    of: z.number().int().min(0),
    reason: z.string(),
    severity: z.enum(['info', 'warning', 'critical']),
    /** Whether the rule was silenced when it changed: nobody is notified then. */
    silenced: z.boolean(),
  }),
});

export const AlertAcknowledged = defineEvent({
  type: 'AlertAcknowledged',
  context: 'monitoring',
  summary: 'Someone acknowledged a firing alert: they are looking into it',
  schema: z.object({ ruleId: z.string(), at: Time, by: z.string(), note: z.string().optional() }),
});

export const AlertSilenced = defineEvent({
  type: 'AlertSilenced',
  context: 'monitoring',
  summary: 'Someone silenced an alert rule until a time: its changes notify nobody until then',
  schema: z.object({
    ruleId: z.string(),
    at: Time,
    by: z.string(),
    until: Time,
    note: z.string().optional(),
  }),
});

export const AlertUnsilenced = defineEvent({
  type: 'AlertUnsilenced',
  context: 'monitoring',
  summary: 'Someone lifted the silence of an alert rule before it expired',
  schema: z.object({ ruleId: z.string(), at: Time, by: z.string() }),
});

// ── Uptime, the SLO and rule settings (issue 16, uptime slice) ──────────────────────────────────────

/**
 * Uptime (functions/monitoring/uptime*.ts): each 60-second run of the synthetic checks is one event on
 * a stream per UTC hour (`uptimerun-<YYYY-MM-DDTHH>`); once an hour is over its runs are kept as
 * run-length segments per check, one event per hour on a stream per UTC day (`uptimeday-<YYYY-MM-DD>`),
 * which is what availability, incidents and the SLO over 30 days read. The SLO's target is on
 * `slo-current`; a rule's own settings (condition, M of N, channels) on its `alertrule-<ruleId>` stream.
 */
export const UPTIME_CHECK_NAMES = ['console', 'api', 'sign-in'] as const;
export const UptimeCheckName = z.enum(UPTIME_CHECK_NAMES);

export const UptimeChecked = defineEvent({
  type: 'UptimeChecked',
  context: 'monitoring',
  summary:
    'A run of the synthetic uptime checks: the console, the API health and a sign-in, each passed or not',
  schema: z.object({
    at: Time,
    results: z.array(
      z.object({
        check: UptimeCheckName,
        ok: z.boolean(),
        latencyMs: z.number().int().min(0),
        /** What was seen, in words (a status code, an error name); never a credential. */
        detail: z.string(),
      }),
    ),
  }),
});

const UptimeSegment = z.object({ from: Time, to: Time, ok: z.boolean(), count: z.number().int().min(1) });

export const UptimeHourSummarized = defineEvent({
  type: 'UptimeHourSummarized',
  context: 'monitoring',
  summary: "An hour of uptime runs kept as run-length segments per check (and 'all': every check passed)",
  schema: z.object({
    hour: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}$/),
    segments: z.record(z.string(), z.array(UptimeSegment)),
  }),
});

export const SloTargetChanged = defineEvent({
  type: 'SloTargetChanged',
  context: 'monitoring',
  summary: "Someone changed the uptime SLO's target (the share of good runs promised over its window)",
  schema: z.object({ target: z.number().min(0).max(1), windowDays: z.number().int().min(1) }),
});

export const AlertCondition = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(['above', 'below']), threshold: z.number() }),
  z.object({ kind: z.literal('outside'), min: z.number(), max: z.number() }),
]);
const EventMofN = z.object({ m: z.number().int(), n: z.number().int() });
export const AlertChannels = z.object({
  /** The notification centre of owners and admins. */
  console: z.boolean(),
  /** Email to the same people (the centre's notification records who was emailed). */
  email: z.boolean(),
  /** An outbound webhook endpoint the rule's state changes are sent to, signed. */
  webhookEndpointId: z.string().optional(),
});

export const AlertRuleConfigured = defineEvent({
  type: 'AlertRuleConfigured',
  context: 'monitoring',
  summary: "Someone changed an alert rule's condition, M of N windows or notification channels",
  schema: z.object({
    ruleId: z.string(),
    at: Time,
    by: z.string(),
    condition: AlertCondition,
    policy: z.object({ fire: EventMofN, recover: EventMofN }),
    channels: AlertChannels,
  }),
});
