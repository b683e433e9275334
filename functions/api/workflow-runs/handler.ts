import type { RunState } from '../../../domain/workflows/runs.ts';
import { workflowStats } from '../../../domain/workflows/stats.ts';
import type { Actor } from '../../../events/envelope.ts';
import { listRows } from '../../adapters/views.ts';
import { aggregates } from '../../application/aggregates.ts';
import { loadRecord } from '../../application/command.ts';
import { httpHandler, implement } from '../../http/adapter.ts';
import { HttpProblem, notFound } from '../../http/problem.ts';
import { today } from '../../http/requests.ts';
import { WorkflowInvalidError } from '../../workflows/publish.ts';
import { executionSteps } from '../../workflows/run-history.ts';
import { cancelRun, rerun, startRun } from '../../workflows/runs.ts';
import { testRunDraft } from '../../workflows/test-run.ts';
import { readWorkflow } from '../../workflows/workflow-record.ts';
import { recordsOf } from '../records.ts';
import { operationPermissions } from '../workflows/operations.ts';
import * as api from './contract.ts';

const runs = recordsOf(aggregates.workflowRun, api.runActionRoutes);
const tasks = recordsOf(aggregates.workflowTask, api.taskActionRoutes);

/** Owners and admins see and complete every role's tasks; everyone else those of their own role. */
const OVERSEERS = ['owner', 'admin'];
const assertTaskRole = (actor: Actor, role: string) => {
  if (role === actor.role || OVERSEERS.includes(actor.role)) return;
  throw new HttpProblem(403, 'forbidden', 'Not your role’s task', `This task is for the ${role} role`);
};

/** Runs of a workflow counted in its figures: at most this many of the newest in the window. */
const STATS_BOUND = 5000;

const runOf = async (id: string) => {
  const loaded = await loadRecord(aggregates.workflowRun, id);
  if (!loaded.state.exists) throw notFound(`Workflow run ${id}`);
  return { ...loaded, state: loaded.state as Extract<RunState, { exists: true }> };
};

const machineOf = async (workflowId: string, version: number) => {
  const published = (await readWorkflow(workflowId))?.versions.get(version);
  if (!published)
    throw new HttpProblem(
      409,
      'version-gone',
      'Version not found',
      `Version ${version} of the workflow is not published`,
    );
  return published.stateMachineArn;
};

export const handler = httpHandler('workflow-runs', [
  implement(api.listWorkflowRuns, ({ params, query, actor }) =>
    runs.list(actor, { ...query, workflowId: params.id }),
  ),
  implement(api.workflowStats, async ({ params, query }) => {
    const since = new Date(Date.parse(`${today()}T00:00:00Z`) - (query.days - 1) * 86_400_000).toISOString();
    const figures: Parameters<typeof workflowStats>[0][number][] = [];
    let cursor: string | undefined;
    do {
      const page = await listRows<RunState>(aggregates.workflowRun, {
        limit: 100,
        cursor,
        where: { workflowId: params.id },
      });
      for (const row of page.items) {
        if (!row.state.exists) continue;
        figures.push({ startedAt: row.createdAt, ...row.state });
      }
      cursor = page.nextCursor;
      // Newest first: once a page reaches before the window, the rest is older still.
    } while (cursor && figures.length < STATS_BOUND && (figures.at(-1)?.startedAt ?? '') >= since);
    return { body: workflowStats(figures, today(), query.days) };
  }),
  implement(api.runWorkflow, async (request) => {
    const workflow = await readWorkflow(request.params.id);
    if (!workflow) throw notFound(`Workflow ${request.params.id}`);
    if (!workflow.latest || workflow.status !== 'active')
      throw new HttpProblem(
        409,
        'workflow-not-active',
        'Workflow not active',
        workflow.latest ? `The workflow is ${workflow.status}` : 'Publish the workflow before running it',
      );
    const result = await startRun(
      workflow.latest,
      { kind: 'manual', data: request.body.input },
      { actor: request.actor, correlationId: request.correlationId },
    );
    const runId = (result.state as Extract<RunState, { exists: true }>).runId;
    return { status: 201, body: runs.present(request.actor, runId, result), version: result.version };
  }),
  implement(api.testWorkflow, async (request) => {
    const workflow = await readWorkflow(request.params.id);
    if (!workflow?.draft) throw notFound(`Workflow ${request.params.id}`);
    if (workflow.status === 'archived')
      throw new HttpProblem(409, 'workflow-archived', 'Workflow archived', 'An archived workflow is not run');
    const result = await testRunDraft(
      { ...workflow, draft: workflow.draft },
      {
        data: request.body.input,
        operations: operationPermissions(),
        ...(request.body.failStep ? { failStep: request.body.failStep } : {}),
      },
      { actor: request.actor, correlationId: request.correlationId },
    ).catch((error: unknown) => {
      if (error instanceof WorkflowInvalidError)
        throw new HttpProblem(422, 'workflow-invalid', 'The draft has problems', error.message, {
          problems: error.problems,
        });
      throw error;
    });
    const runId = (result.state as Extract<RunState, { exists: true }>).runId;
    return { status: 201, body: runs.present(request.actor, runId, result), version: result.version };
  }),
  implement(api.getWorkflowRun, async ({ params, actor }) => {
    const run = await runOf(params.id);
    const history = await executionSteps(run.state.executionArn);
    return { body: { ...runs.present(actor, params.id, run), ...history }, version: run.version };
  }),
  implement(api.cancelWorkflowRun, async (request) => {
    const run = await runOf(request.params.id);
    if (run.state.status !== 'running')
      throw new HttpProblem(409, 'run-ended', 'Run already ended', `The run ended ${run.state.status}`);
    const result = await cancelRun(run.state, run.createdAt, {
      actor: request.actor,
      correlationId: request.correlationId,
    });
    return { body: runs.present(request.actor, request.params.id, result), version: result.version };
  }),
  implement(api.rerunWorkflowRun, async (request) => {
    const run = await runOf(request.params.id);
    if (run.state.status === 'running')
      throw new HttpProblem(409, 'run-running', 'Run still running', 'Re-run it once it has ended');
    if (run.state.workflowVersion === 0)
      throw new HttpProblem(409, 'test-run', 'Test runs are not re-run', 'Start a new test run of the draft');
    const machine = await machineOf(run.state.workflowId, run.state.workflowVersion);
    const result = await rerun(run.state, machine, {
      actor: request.actor,
      correlationId: request.correlationId,
    });
    const runId = (result.state as Extract<RunState, { exists: true }>).runId;
    return { status: 201, body: runs.present(request.actor, runId, result), version: result.version };
  }),
  implement(api.listTasks, ({ query, actor }) => {
    const role = query.role ?? actor.role;
    assertTaskRole(actor, role);
    return tasks.list(actor, { ...query, role });
  }),
  implement(api.getTask, async ({ params, actor }) => {
    const task = await loadRecord(aggregates.workflowTask, params.id);
    if (!task.state.exists) throw notFound(`Task ${params.id}`);
    assertTaskRole(actor, task.state.role);
    return { body: tasks.present(actor, params.id, task), version: task.version };
  }),
  implement(api.completeTask, async (request) => {
    const task = await loadRecord(aggregates.workflowTask, request.params.id);
    if (!task.state.exists) throw notFound(`Task ${request.params.id}`);
    assertTaskRole(request.actor, task.state.role);
    return tasks.command(request, request.params.id, {
      type: 'CompleteTask',
      ...(request.body.note ? { note: request.body.note } : {}),
    });
  }),
]);
