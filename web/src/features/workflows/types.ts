/**
 * The workflows API's shapes as the console names them: aliases of the generated description
 * (`schema.gen.ts`). Runs and tasks: TEMPORARY hand-written from the runs contract (functions/api/workflow-runs,
 * not merged yet) until it is, when they become aliases too and the type check shows any difference.
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

export const RUN_STATUSES = [
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
  'interrupted',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface RunStep {
  step: string;
  type: string;
  status: 'running' | 'succeeded' | 'failed' | 'caught';
  enteredAt: string;
  exitedAt?: string;
  input?: unknown;
  output?: unknown;
  retries: number;
  error?: string;
  cause?: string;
}

export interface Run {
  id: string;
  workflowId: string;
  workflowVersion: number;
  trigger: { kind: string; eventId?: string; eventType?: string; rerunOf?: string };
  input: Record<string, unknown>;
  executionArn: string;
  status: RunStatus;
  error?: string;
  cause?: string;
  failedStep?: string;
  durationMs?: number;
  actions: ('cancel' | 'rerun')[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface RunDetail extends Run {
  steps: RunStep[];
  output?: unknown;
}

export interface WorkflowStats {
  days: { day: string; runs: number; succeeded: number; failed: number }[];
  runs: number;
  successRate?: number;
  p50Ms?: number;
  p95Ms?: number;
  failuresByStep: { step: string; failures: number }[];
}

export interface Task {
  id: string;
  role: string;
  title: string;
  details?: string;
  dueAt?: string;
  link?: string;
  workflowId: string;
  runId: string;
  status: 'open' | 'done';
  note?: string;
  actions: 'complete'[];
  version: number;
  createdAt: string;
  updatedAt: string;
}
