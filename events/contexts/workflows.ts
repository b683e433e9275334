import * as z from 'zod';
import { defineEvent } from '../define.ts';

/**
 * Workflow automation (issue 12): what a workflow is, as its events carry it. One definition serves the
 * events, the domain (validation, compilation to Amazon States Language), the API and its OpenAPI, and
 * through the generated API types the console's builder.
 *
 * Streams: `workflow-<workflowId>` (its drafts, versions and switches), `workflowrun-<runId>` (one run:
 * started, ended), `workflowtask-<taskId>` (a task a run created for a role). A stream's aggregate is
 * what precedes its first dash, so run and task prefixes have none.
 *
 * A run's data, as every state of its state machine sees it (the compiler keeps this shape):
 *   { trigger: { kind, eventId?, type?, data, occurredAt? } | manual input under data,
 *     vars: { <name>: value },          set by `set` steps and `lookup` steps
 *     steps: { <stepId>: result },      each task step's result
 *     errors: { <stepId>: { Error, Cause } },  what a failed step's error path receives
 *     run: { workflowId, version, runId } }
 */

/** A step's id: short, stable, safe as an ASL state name and a JSONPath segment. */
export const StepId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/)
  .meta({ id: 'WorkflowStepId', description: 'Lower-case letters, digits and dashes; starts with a letter' });

export const VarName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,39}$/)
  .meta({ id: 'WorkflowVarName' });

/** A field of the run's data: `$.trigger.data.customerId`, `$.vars.order.balanceCents`, `$.steps.s2.id`. */
export const DataPath = z
  .string()
  .max(200)
  .regex(/^\$\.(trigger|vars|steps|errors|run)(\.[A-Za-z_][A-Za-z0-9_-]*)+$/)
  .meta({
    id: 'WorkflowDataPath',
    description:
      'A field of the run: $.trigger.…, $.vars.…, $.steps.<id>.…, $.errors.<id>.Error|Cause (set when step <id> took its error path)',
  });

export const Scalar = z.union([z.string().max(2000), z.number(), z.boolean()]);

/** A value a step uses: a field of the run, or a literal. */
export const ValueRef = z
  .union([z.object({ path: DataPath }).strict(), z.object({ value: Scalar }).strict()])
  .meta({ id: 'WorkflowValue' });

/**
 * Text with `{{$.path}}` placeholders filled from the run's data (emails, task titles). Plain text, never
 * HTML: placeholders are inserted as text.
 */
export const TemplateText = z.string().min(1).max(5000).meta({ id: 'WorkflowText' });

export const COMPARISONS = [
  'equals',
  'notEquals',
  'greaterThan',
  'greaterThanOrEquals',
  'lessThan',
  'lessThanOrEquals',
  /** Wildcard text match (`*` any run of characters), as ASL's StringMatches. */
  'matches',
  /** Timestamps (ISO 8601) compared in time, as ASL's Timestamp comparisons. */
  'before',
  'after',
  'exists',
  'missing',
] as const;

export const Comparison = z
  .object({
    field: DataPath,
    op: z.enum(COMPARISONS),
    /** Absent for exists / missing; its type chooses string, numeric or boolean comparison. */
    value: Scalar.optional(),
  })
  .strict()
  .meta({ id: 'WorkflowComparison' });

export type Condition =
  | z.infer<typeof Comparison>
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/** and / or / not over comparisons, as an ASL Choice rule. */
export const Condition: z.ZodType<Condition> = z
  .union([
    Comparison,
    z
      .object({
        get all() {
          return z.array(Condition).min(1).max(20);
        },
      })
      .strict(),
    z
      .object({
        get any() {
          return z.array(Condition).min(1).max(20);
        },
      })
      .strict(),
    z
      .object({
        get not() {
          return Condition;
        },
      })
      .strict(),
  ])
  .meta({ id: 'WorkflowCondition' });

/** Retries of a step that can fail: exponential backoff with full jitter (ASL Retry). */
export const RetryPolicy = z
  .object({
    maxAttempts: z.number().int().min(0).max(10),
    intervalSeconds: z.number().int().min(1).max(3600),
    backoffRate: z.number().min(1).max(5),
  })
  .strict()
  .meta({ id: 'WorkflowRetry' });

export const Position = z.object({ x: z.number(), y: z.number() }).strict().meta({ id: 'WorkflowPosition' });

const base = {
  id: StepId,
  /** What the person called it on the canvas. */
  // The pattern says what trimming to one character asks (as functions/http/inputs.ts Text does).
  name: z.string().trim().min(1).max(80).meta({ pattern: '\\S' }),
  position: Position,
};
/** Steps that continue to one next step (absent: the run ends there, or its parallel branch does). */
const flowing = { ...base, next: StepId.optional() };
/** Steps that can fail: retries, and where the run goes when they are exhausted (absent: the run fails). */
const failing = { ...flowing, retry: RetryPolicy.optional(), onError: StepId.optional() };

export const RECORD_KINDS = [
  'customer',
  'lead',
  'quote',
  'order',
  'build',
  'shipment',
  'item',
  'supplier',
  'purchaseOrder',
  'campaign',
  'model',
] as const;

export const ConditionStep = z
  .object({
    ...base,
    kind: z.literal('condition'),
    when: Condition,
    /** Where the run goes when the condition holds, and when it does not (absent: the run ends there). */
    ifTrue: StepId.optional(),
    ifFalse: StepId.optional(),
  })
  .strict()
  .meta({ id: 'WorkflowConditionStep' });

export const WaitStep = z
  .object({
    ...flowing,
    kind: z.literal('wait'),
    /** A duration, or a timestamp field of the run to wait until: exactly one. */
    for: z
      .object({
        amount: z.number().int().min(1).max(100_000),
        unit: z.enum(['seconds', 'minutes', 'hours', 'days']),
      })
      .strict()
      .optional(),
    until: DataPath.optional(),
  })
  .strict()
  .meta({ id: 'WorkflowWaitStep' });

export const ParallelStep = z
  .object({
    ...failing,
    kind: z.literal('parallel'),
    /** The first step of each branch; a branch runs until a step without `next`. */
    branches: z.array(StepId).min(2).max(5),
  })
  .strict()
  .meta({ id: 'WorkflowParallelStep' });

export const LookupStep = z
  .object({
    ...failing,
    kind: z.literal('lookup'),
    record: z.enum(RECORD_KINDS),
    recordId: ValueRef,
    /** The record is kept as `$.vars.<as>`. */
    as: VarName,
  })
  .strict()
  .meta({ id: 'WorkflowLookupStep' });

export const CommandStep = z
  .object({
    ...failing,
    kind: z.literal('command'),
    /** The API operation it runs (its operationId in /api/openapi.json), as the workflow's own identity. */
    operation: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,79}$/),
    params: z.record(z.string().max(40), ValueRef).optional(),
    body: z.record(z.string().max(40), ValueRef).optional(),
  })
  .strict()
  .meta({ id: 'WorkflowCommandStep' });

export const EmailStep = z
  .object({
    ...failing,
    kind: z.literal('email'),
    /** People holding a role, or an address from the run's data (a customer's email). */
    to: z.union([z.object({ role: z.string().max(40) }).strict(), z.object({ address: ValueRef }).strict()]),
    subject: z.string().min(1).max(200),
    body: TemplateText,
  })
  .strict()
  .meta({ id: 'WorkflowEmailStep' });

export const WebhookStep = z
  .object({
    ...failing,
    kind: z.literal('webhook'),
    /** An outbound webhook endpoint of the integration hub: signed, with its secret, like every delivery. */
    endpointId: z.string().max(100),
    payload: z.record(z.string().max(40), ValueRef).optional(),
  })
  .strict()
  .meta({ id: 'WorkflowWebhookStep' });

export const TaskStep = z
  .object({
    ...failing,
    kind: z.literal('task'),
    role: z.string().max(40),
    title: z.string().min(1).max(200),
    details: TemplateText.optional(),
    dueInDays: z.number().int().min(0).max(365).optional(),
    /** A console path the task is about (`/orders/{{$.trigger.data.orderId}}`). */
    link: z.string().max(300).optional(),
  })
  .strict()
  .meta({ id: 'WorkflowTaskStep' });

export const SetStep = z
  .object({
    ...flowing,
    kind: z.literal('set'),
    vars: z.record(VarName, ValueRef),
  })
  .strict()
  .meta({ id: 'WorkflowSetStep' });

export const Step = z
  .discriminatedUnion('kind', [
    ConditionStep,
    WaitStep,
    ParallelStep,
    LookupStep,
    CommandStep,
    EmailStep,
    WebhookStep,
    TaskStep,
    SetStep,
  ])
  .meta({ id: 'WorkflowStep' });
export type Step = z.infer<typeof Step>;
export type StepKind = Step['kind'];

export const Trigger = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('event'),
        /** A domain event type from the event catalog. */
        eventType: z.string().max(80),
        /** Over `$.trigger.data.…` only; compiled to the EventBridge rule's pattern. */
        when: Condition.optional(),
      })
      .strict(),
    z
      .object({
        kind: z.literal('schedule'),
        /** EventBridge Scheduler: `cron(0 9 ? * MON-FRI *)` or `rate(1 day)`. */
        expression: z.string().max(100),
        timezone: z.string().max(60).default('UTC'),
      })
      .strict(),
    z.object({ kind: z.literal('webhook'), integrationId: z.string().max(100) }).strict(),
    z.object({ kind: z.literal('manual') }).strict(),
  ])
  .meta({ id: 'WorkflowTrigger' });
export type Trigger = z.infer<typeof Trigger>;

export const WorkflowDefinition = z
  .object({
    trigger: Trigger,
    start: StepId,
    steps: z.array(Step).min(1).max(60),
  })
  .strict()
  .meta({ id: 'WorkflowDefinition' });
export type WorkflowDefinition = z.infer<typeof WorkflowDefinition>;

const Owner = z.object({ id: z.string(), email: z.string().optional() });

export const WorkflowDrafted = defineEvent({
  type: 'WorkflowDrafted',
  context: 'workflows',
  summary: 'A workflow was drafted, from scratch or from a template',
  schema: z.object({
    workflowId: z.string(),
    name: z.string(),
    description: z.string(),
    definition: WorkflowDefinition,
    owner: Owner,
    templateId: z.string().optional(),
  }),
});

export const WorkflowEdited = defineEvent({
  type: 'WorkflowEdited',
  context: 'workflows',
  summary: "A workflow's draft changed (its published versions are untouched)",
  schema: z.object({
    workflowId: z.string(),
    name: z.string(),
    description: z.string(),
    definition: WorkflowDefinition,
  }),
});

export const WorkflowPublished = defineEvent({
  type: 'WorkflowPublished',
  context: 'workflows',
  summary: 'The draft became version N: compiled to a state machine that new runs start',
  schema: z.object({
    workflowId: z.string(),
    version: z.number().int().min(1),
    definition: WorkflowDefinition,
    /** What its command steps may do, chosen at publish (never more than the publisher holds). */
    permissions: z.array(z.string()),
    /** The Step Functions state machine of this version. */
    stateMachineArn: z.string(),
    /** SHA-256 of the ASL published, so a version's machine can be checked against its definition. */
    aslSha256: z.string(),
  }),
});

export const WorkflowPaused = defineEvent({
  type: 'WorkflowPaused',
  context: 'workflows',
  summary: 'A workflow stopped starting runs (runs under way go on)',
  schema: z.object({ workflowId: z.string(), reason: z.string().optional() }),
});

export const WorkflowResumed = defineEvent({
  type: 'WorkflowResumed',
  context: 'workflows',
  summary: 'A paused workflow starts runs again',
  schema: z.object({ workflowId: z.string() }),
});

export const WorkflowArchived = defineEvent({
  type: 'WorkflowArchived',
  context: 'workflows',
  summary: 'A workflow was archived: it starts no runs and cannot be edited; its history stays',
  schema: z.object({ workflowId: z.string() }),
});

export const RunTrigger = z
  .object({
    kind: z.enum(['event', 'schedule', 'webhook', 'manual', 'test', 'rerun']),
    /** The event (or webhook delivery) that started it: its id names the execution, so it starts once. */
    eventId: z.string().optional(),
    eventType: z.string().optional(),
    /** The run a re-run repeats. */
    rerunOf: z.string().optional(),
  })
  .meta({ id: 'WorkflowRunTrigger' });

export const RUN_STATUSES = [
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
  'interrupted',
] as const;

export const WorkflowRunStarted = defineEvent({
  type: 'WorkflowRunStarted',
  context: 'workflows',
  summary: 'A run of a workflow version started',
  schema: z.object({
    runId: z.string(),
    workflowId: z.string(),
    version: z.number().int().min(0).meta({ description: '0 for a test run of the draft' }),
    trigger: RunTrigger,
    input: z.record(z.string(), z.unknown()),
    executionArn: z.string(),
  }),
});

export const WorkflowRunEnded = defineEvent({
  type: 'WorkflowRunEnded',
  context: 'workflows',
  summary: 'A run ended: succeeded, failed (with the step and error), cancelled, timed out or interrupted',
  schema: z.object({
    runId: z.string(),
    workflowId: z.string(),
    status: z.enum(RUN_STATUSES).exclude(['running']),
    error: z.string().optional(),
    cause: z.string().optional(),
    failedStep: z.string().optional(),
    durationMs: z.number().int().min(0),
  }),
});

export const WorkflowTaskCreated = defineEvent({
  type: 'WorkflowTaskCreated',
  context: 'workflows',
  summary: 'A run created a task for people holding a role',
  schema: z.object({
    taskId: z.string(),
    role: z.string(),
    title: z.string(),
    details: z.string().optional(),
    dueAt: z.string().optional(),
    link: z.string().optional(),
    workflowId: z.string(),
    runId: z.string(),
  }),
});

export const WorkflowTaskCompleted = defineEvent({
  type: 'WorkflowTaskCompleted',
  context: 'workflows',
  summary: 'Someone completed a task a workflow created',
  schema: z.object({ taskId: z.string(), note: z.string().optional() }),
});
