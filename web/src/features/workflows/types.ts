/**
 * The workflows API's shapes as the console names them: aliases of the generated description
 * (`schema.gen.ts`), never copies: a contract change that breaks the console fails its type check.
 */
import type { components } from '../../api/schema.gen';

type Schemas = components['schemas'];

export { workflowStatusValues as WORKFLOW_STATUSES } from '../../api/schema.gen';
export type WorkflowStatus = Schemas['WorkflowStatus'];
export type Workflow = Schemas['Workflow'];
export type WorkflowVersionSummary = Schemas['WorkflowVersionSummary'];
export type WorkflowVersion = Schemas['WorkflowVersion'];
export type Problem = Schemas['WorkflowProblem'];
export type WorkflowMeta = Schemas['WorkflowMeta'];
export type WorkflowPermission = Schemas['WorkflowPermission'];
export type WorkflowTemplate = Schemas['WorkflowTemplate'];

export { workflowRunStatusValues as RUN_STATUSES } from '../../api/schema.gen';
export type RunStatus = Schemas['WorkflowRunStatus'];
export type RunStep = Schemas['WorkflowStepRecord'];
export type Run = Schemas['WorkflowRun'];
export type RunDetail = Schemas['WorkflowRunDetail'];
export type WorkflowStats = Schemas['WorkflowStats'];
export type Task = Schemas['WorkflowTask'];
