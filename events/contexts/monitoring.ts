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
