/**
 * The workflows API's shapes as the console reads them. TEMPORARY: written from the plan (docs/workflows.md)
 * while the workflows and runs contracts are being built; each becomes an alias of the generated
 * description (`schema.gen.ts`) when they are merged, so the type check then shows any difference.
 */
import type { WorkflowDefinition } from './definition';

export const WORKFLOW_STATUSES = ['draft', 'active', 'paused', 'archived'] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

export interface Workflow {
  id: string;
  version: number;
  name: string;
  description: string;
  status: WorkflowStatus;
  /** The draft being edited; published versions are under /versions. */
  definition: WorkflowDefinition;
  publishedVersion?: number;
  owner: { id: string; email?: string };
  lastRunAt?: string;
  runsToday?: number;
  actions: string[];
  createdAt: string;
  updatedAt: string;
}

export interface WorkflowVersion {
  version: number;
  definition: WorkflowDefinition;
  permissions: string[];
  publishedAt: string;
  publishedBy?: { id: string; email?: string };
}

export interface Problem {
  stepId?: string;
  field: string;
  message: string;
}

export interface WorkflowMeta {
  eventTypes: {
    type: string;
    summary?: string;
    fields: { path: string; type: string; required?: boolean; values?: (string | number | boolean)[] }[];
  }[];
  operations: {
    operationId: string;
    summary?: string;
    permission?: string;
    params?: string[];
    body?: string[];
  }[];
  recordKinds: string[];
  roles: string[];
  templates?: { id: string; name: string; description: string }[];
}

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
  stepId: string;
  name?: string;
  kind?: string;
  status: string;
  startedAt?: string;
  endedAt?: string;
  input?: unknown;
  output?: unknown;
  retries?: number;
  error?: string;
  cause?: string;
}

export interface Run {
  id: string;
  workflowId: string;
  workflowName?: string;
  version: number;
  status: RunStatus;
  trigger: { kind: string; eventId?: string; eventType?: string; rerunOf?: string };
  input: Record<string, unknown>;
  startedAt: string;
  endedAt?: string;
  durationMs?: number;
  error?: string;
  cause?: string;
  failedStep?: string;
  steps?: RunStep[];
  actions?: string[];
}

export interface WorkflowStats {
  days: { date: string; succeeded: number; failed: number; other?: number }[];
  runs: number;
  successRate?: number;
  p50Ms?: number;
  p95Ms?: number;
  failuresByStep: { stepId: string; count: number }[];
}

export interface Task {
  id: string;
  role: string;
  title: string;
  details?: string;
  dueAt?: string;
  link?: string;
  status: 'open' | 'completed';
  workflowId: string;
  runId: string;
  createdAt: string;
  completedAt?: string;
}
