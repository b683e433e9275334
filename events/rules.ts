/**
 * EventBridge rule patterns: the one definition both clouds use. The CDK app turns each into an
 * events.Rule; the local bus matches them with the same semantics. Only the operators used here
 * (exact strings, `prefix`, `anything-but`) are supported locally, and tests pin them to AWS's docs.
 */
import { INSIGHTS_REFRESH_EVENTS } from './contexts/insights.ts';

export type PatternValue = string | { prefix: string } | { 'anything-but': string | string[] };
export type EventPattern = {
  source?: PatternValue[];
  'detail-type'?: PatternValue[];
  detail?: Record<string, PatternValue[]>;
};

/**
 * A content filter on one field of an event, as EventBridge patterns write it: the rule operators above,
 * and the ones a workflow's trigger conditions compile to (domain/workflows/pattern.ts): exact numbers
 * and booleans, numeric ranges, exists, wildcard.
 */
export type FieldMatcher =
  | PatternValue
  | number
  | boolean
  | { numeric: (string | number)[] }
  | { exists: boolean }
  | { wildcard: string };
export type DetailPattern = { [field: string]: FieldMatcher[] | DetailPattern };
/** The pattern of a rule that starts a workflow: one event type, filtered on its data. */
export type ContentPattern = { source: string[]; 'detail-type': string[]; detail?: DetailPattern };

export const BUS_NAME = 'firefly';

export const rules = {
  /**
   * Every domain event: for the read-model projections, the hash-chained audit log
   * (functions/audit/consumer.ts) and the security detection rules (functions/security/detector.ts).
   */
  allDomainEvents: { source: [{ prefix: 'firefly.' }] },
  /**
   * Every domain event again, for the workflow starter (functions/workflows/start.ts): an EventBridge
   * rule takes at most 5 targets, and allDomainEvents has them.
   */
  workflowStarts: { source: [{ prefix: 'firefly.' }] },
  /**
   * What changes whether and when a saved report runs on its own, for the report starter
   * (functions/reports/start.ts), which keeps each report's EventBridge Scheduler schedule.
   */
  reportSchedules: {
    source: ['firefly.reports'],
    'detail-type': ['ReportScheduled', 'ReportUnscheduled', 'ReportArchived'],
  },
  /**
   * Step Functions' execution status changes (functions/workflows/ended.ts ends workflow runs from
   * them). In AWS they arrive on the account's default bus; locally the engine puts them on the bus.
   */
  /** Events that change the insights' picture, for the refresh consumer (functions/insights/refresh.ts). */
  insightsRefresh: { source: [{ prefix: 'firefly.' }], 'detail-type': [...INSIGHTS_REFRESH_EVENTS] },
  executionStatusChanges: {
    source: ['aws.states'],
    'detail-type': ['Step Functions Execution Status Change'],
  },
} as const satisfies Record<string, EventPattern>;

export type RuleName = keyof typeof rules;
