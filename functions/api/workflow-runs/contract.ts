import * as z from 'zod';
import { RUN_ACTIONS, type RunAction } from '../../../domain/workflows/runs.ts';
import { TASK_ACTIONS, type TaskAction } from '../../../domain/workflows/tasks.ts';
import { RUN_STATUSES, RunTrigger, StepId } from '../../../events/contexts/workflows.ts';
import { aggregates } from '../../application/aggregates.ts';
import { Note } from '../../http/inputs.ts';
import { defineRoute, type RouteContract } from '../../http/route.ts';
import { actionsOf, Id, IdParams, Meta, PageQuery, page } from '../schemas.ts';

/**
 * Workflow runs and the tasks they create (issue 12): a workflow's runs and figures, one run with its
 * step-by-step history from Step Functions, cancel, re-run, manual and test runs; my role's tasks.
 * The workflows themselves (drafts, versions, publishing) are functions/api/workflows.
 */
const tag = 'Workflow runs';

export const RunStatus = z.enum(RUN_STATUSES).meta({ id: 'WorkflowRunStatus' });

export const WorkflowRun = z
  .object({
    id: Id,
    workflowId: z.string(),
    workflowVersion: z
      .number()
      .int()
      .min(0)
      .meta({ description: 'The version it runs; 0: a test run of the draft' }),
    trigger: RunTrigger,
    input: z
      .record(z.string(), z.unknown())
      .meta({ description: "The run's input (its data as the first step sees it)" }),
    executionArn: z.string(),
    status: RunStatus,
    error: z.string().optional(),
    cause: z.string().optional(),
    failedStep: z.string().optional().meta({ description: 'The step whose error ended the run' }),
    durationMs: z.number().int().min(0).optional().meta({ description: 'Present once it ended' }),
    actions: actionsOf(RUN_ACTIONS, 'WorkflowRunAction'),
    ...Meta,
  })
  .meta({ id: 'WorkflowRun', description: '`createdAt` is when it started' });

export const StepRecord = z
  .object({
    step: z.string().meta({ description: 'The step id (its state name)' }),
    type: z
      .string()
      .meta({ description: 'The state type: Task, Choice, Wait, Parallel, Pass, Succeed, Fail' }),
    status: z.enum(['running', 'succeeded', 'failed', 'caught']).meta({ id: 'WorkflowStepStatus' }),
    enteredAt: z.string(),
    exitedAt: z.string().optional(),
    input: z.unknown().optional(),
    output: z.unknown().optional(),
    retries: z.number().int().min(0).meta({ description: 'Attempts beyond the first' }),
    error: z.string().optional(),
    cause: z.string().optional(),
  })
  .meta({ id: 'WorkflowStepRecord' });

export const WorkflowRunDetail = WorkflowRun.extend({
  steps: z.array(StepRecord).meta({ description: 'Each state the run entered, in order' }),
  output: z.unknown().optional().meta({ description: "The run's final data, once it succeeded" }),
}).meta({ id: 'WorkflowRunDetail' });

export const WorkflowStats = z
  .object({
    days: z
      .array(
        z.object({
          day: z.string(),
          runs: z.number().int().min(0),
          succeeded: z.number().int().min(0),
          failed: z.number().int().min(0),
        }),
      )
      .meta({ description: 'Runs started per UTC day, oldest first, over the window' }),
    runs: z.number().int().min(0),
    successRate: z.number().min(0).max(1).optional().meta({ description: 'Succeeded over ended runs' }),
    p50Ms: z.number().int().min(0).optional(),
    p95Ms: z.number().int().min(0).optional(),
    failuresByStep: z.array(z.object({ step: z.string(), failures: z.number().int().min(1) })),
  })
  .meta({ id: 'WorkflowStats' });

const RunInput = z.record(z.string(), z.unknown()).meta({ description: 'Becomes `$.trigger.data`' });

export const listWorkflowRuns = defineRoute({
  method: 'GET',
  path: '/api/workflows/{id}/runs',
  permission: aggregates.workflowRun.read,
  summary: "A workflow's runs, newest first, optionally by status",
  tag,
  params: IdParams,
  query: PageQuery.extend({ status: RunStatus.optional() }).strict(),
  response: page(WorkflowRun, 'WorkflowRunPage'),
});

export const workflowStats = defineRoute({
  method: 'GET',
  path: '/api/workflows/{id}/stats',
  permission: aggregates.workflowRun.read,
  summary: "A workflow's runs per day, success rate, p50/p95 duration and failures by step",
  tag,
  params: IdParams,
  query: z.object({ days: z.coerce.number().int().min(1).max(90).default(14) }).strict(),
  response: WorkflowStats,
});

export const runWorkflow = defineRoute({
  method: 'POST',
  path: '/api/workflows/{id}/runs',
  permission: 'workflows:run',
  summary: 'Run the published version of a workflow now, with an input',
  tag,
  status: 201,
  params: IdParams,
  body: z
    .object({ input: RunInput.default({}) })
    .strict()
    .meta({ id: 'RunWorkflow' }),
  response: WorkflowRun,
});

/**
 * A test run of the draft (functions/workflows/test-run.ts): validated like a publish (422 with the
 * problems), compiled with `failStep` made to fail, run as version 0.
 */
export const testWorkflow = defineRoute({
  method: 'POST',
  path: '/api/workflows/{id}/test-runs',
  permission: 'workflows:run',
  summary:
    'Run the draft as version 0 with a sample input; `failStep` makes that step fail to test its error path',
  tag,
  status: 201,
  params: IdParams,
  body: z
    .object({ input: RunInput.default({}), failStep: StepId.optional() })
    .strict()
    .meta({ id: 'TestWorkflow' }),
  problems: [409, 422],
  response: WorkflowRun,
});

export const getWorkflowRun = defineRoute({
  method: 'GET',
  path: '/api/workflow-runs/{id}',
  permission: aggregates.workflowRun.read,
  summary: 'A run with its step-by-step history: each step’s input, output, retries and error',
  tag,
  params: IdParams,
  response: WorkflowRunDetail,
});

export const cancelWorkflowRun = defineRoute({
  method: 'POST',
  path: '/api/workflow-runs/{id}/cancel',
  permission: 'workflows:run',
  summary: 'Stop a running run (it ends cancelled)',
  tag,
  params: IdParams,
  problems: [409],
  response: WorkflowRun,
});

export const rerunWorkflowRun = defineRoute({
  method: 'POST',
  path: '/api/workflow-runs/{id}/rerun',
  permission: 'workflows:run',
  summary: 'Run the same version again with the same input: a new run',
  tag,
  status: 201,
  params: IdParams,
  problems: [409],
  response: WorkflowRun,
});

const taskTag = 'Tasks';

export const TaskStatus = z.enum(['open', 'done']).meta({ id: 'WorkflowTaskStatus' });

export const Task = z
  .object({
    id: Id,
    role: z.string(),
    title: z.string(),
    details: z.string().optional(),
    dueAt: z.string().optional(),
    link: z.string().optional().meta({ description: 'A console path the task is about' }),
    workflowId: z.string(),
    runId: z.string(),
    status: TaskStatus,
    note: z.string().optional(),
    actions: actionsOf(TASK_ACTIONS, 'WorkflowTaskAction'),
    ...Meta,
  })
  .meta({ id: 'WorkflowTask', description: 'A task a workflow run created for a role' });

export const listTasks = defineRoute({
  method: 'GET',
  path: '/api/tasks',
  permission: 'tasks:read',
  summary: 'Tasks for my role (owners and admins may name another role), newest first',
  tag: taskTag,
  query: PageQuery.extend({ status: TaskStatus.optional(), role: z.string().max(40).optional() }).strict(),
  response: page(Task, 'WorkflowTaskPage'),
});

export const getTask = defineRoute({
  method: 'GET',
  path: '/api/tasks/{id}',
  permission: 'tasks:read',
  summary: 'A task',
  tag: taskTag,
  params: IdParams,
  response: Task,
});

export const completeTask = defineRoute({
  method: 'POST',
  path: '/api/tasks/{id}/complete',
  permission: 'tasks:complete',
  summary: 'Complete a task, with an optional note',
  tag: taskTag,
  params: IdParams,
  body: z.object({ note: Note.optional() }).strict().meta({ id: 'CompleteWorkflowTask' }),
  response: Task,
});

export const workflowRunRoutes = [
  listWorkflowRuns,
  workflowStats,
  runWorkflow,
  testWorkflow,
  getWorkflowRun,
  cancelWorkflowRun,
  rerunWorkflowRun,
  listTasks,
  getTask,
  completeTask,
] as const;

export const runActionRoutes = {
  cancel: cancelWorkflowRun,
  rerun: rerunWorkflowRun,
} satisfies Record<RunAction, RouteContract>;

export const taskActionRoutes = { complete: completeTask } satisfies Record<TaskAction, RouteContract>;
