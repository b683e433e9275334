/**
 * A workflow's definition as the console edits it: aliases of the API's generated description
 * (`schema.gen.ts`, from `events/contexts/workflows.ts` through the workflows contract), never a copy.
 */
import type { components } from '../../api/schema.gen.ts';

type Schemas = components['schemas'];

export {
  workflowComparisonOpValues as COMPARISONS,
  workflowLookupStepRecordValues as RECORD_KINDS,
} from '../../api/schema.gen.ts';

export type Scalar = string | number | boolean;
export type DataPath = Schemas['WorkflowDataPath'];
export type ValueRef = Schemas['WorkflowValue'];
export type Comparison = Schemas['WorkflowComparison'];
export type Condition = Schemas['WorkflowCondition'];
export type RetryPolicy = Schemas['WorkflowRetry'];
export type Position = Schemas['WorkflowPosition'];
export type ConditionStep = Schemas['WorkflowConditionStep'];
export type WaitStep = Schemas['WorkflowWaitStep'];
export type ParallelStep = Schemas['WorkflowParallelStep'];
export type LookupStep = Schemas['WorkflowLookupStep'];
export type CommandStep = Schemas['WorkflowCommandStep'];
export type EmailStep = Schemas['WorkflowEmailStep'];
export type WebhookStep = Schemas['WorkflowWebhookStep'];
export type TaskStep = Schemas['WorkflowTaskStep'];
export type SetStep = Schemas['WorkflowSetStep'];
export type Step = Schemas['WorkflowStep'];
export type StepKind = Step['kind'];
export type Trigger = Schemas['WorkflowTrigger'];
export type WorkflowDefinition = Schemas['WorkflowDefinition'];
