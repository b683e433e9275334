/**
 * A workflow's definition as the console edits it. TEMPORARY: until the workflows API's contract is merged
 * these mirror `events/contexts/workflows.ts` by hand; they become aliases of the generated
 * `components['schemas']['Workflow…']` (`schema.gen.ts`) as soon as it lists them.
 */
export type Scalar = string | number | boolean;
export type DataPath = string;
export type ValueRef = { path: DataPath } | { value: Scalar };

export const COMPARISONS = [
  'equals',
  'notEquals',
  'greaterThan',
  'greaterThanOrEquals',
  'lessThan',
  'lessThanOrEquals',
  'matches',
  'before',
  'after',
  'exists',
  'missing',
] as const;
export type Comparison = { field: DataPath; op: (typeof COMPARISONS)[number]; value?: Scalar };
export type Condition = Comparison | { all: Condition[] } | { any: Condition[] } | { not: Condition };

export type RetryPolicy = { maxAttempts: number; intervalSeconds: number; backoffRate: number };
export type Position = { x: number; y: number };

type Base = { id: string; name: string; position: Position };
type Flowing = Base & { next?: string };
type Failing = Flowing & { retry?: RetryPolicy; onError?: string };

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

export type ConditionStep = Base & { kind: 'condition'; when: Condition; ifTrue?: string; ifFalse?: string };
export type WaitStep = Flowing & {
  kind: 'wait';
  for?: { amount: number; unit: 'seconds' | 'minutes' | 'hours' | 'days' };
  until?: DataPath;
};
export type ParallelStep = Failing & { kind: 'parallel'; branches: string[] };
export type LookupStep = Failing & {
  kind: 'lookup';
  record: (typeof RECORD_KINDS)[number];
  recordId: ValueRef;
  as: string;
};
export type CommandStep = Failing & {
  kind: 'command';
  operation: string;
  params?: Record<string, ValueRef>;
  body?: Record<string, ValueRef>;
};
export type EmailStep = Failing & {
  kind: 'email';
  to: { role: string } | { address: ValueRef };
  subject: string;
  body: string;
};
export type WebhookStep = Failing & {
  kind: 'webhook';
  endpointId: string;
  payload?: Record<string, ValueRef>;
};
export type TaskStep = Failing & {
  kind: 'task';
  role: string;
  title: string;
  details?: string;
  dueInDays?: number;
  link?: string;
};
export type SetStep = Flowing & { kind: 'set'; vars: Record<string, ValueRef> };

export type Step =
  | ConditionStep
  | WaitStep
  | ParallelStep
  | LookupStep
  | CommandStep
  | EmailStep
  | WebhookStep
  | TaskStep
  | SetStep;
export type StepKind = Step['kind'];

export type Trigger =
  | { kind: 'event'; eventType: string; when?: Condition }
  | { kind: 'schedule'; expression: string; timezone?: string }
  | { kind: 'webhook'; integrationId: string }
  | { kind: 'manual' };

export type WorkflowDefinition = { trigger: Trigger; start: string; steps: Step[] };
