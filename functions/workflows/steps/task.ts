import { isRole } from '../../../domain/access/permissions.ts';
import type { Step } from '../../../events/contexts/workflows.ts';
import type { Actor } from '../../../events/envelope.ts';
import { aggregates } from '../../application/aggregates.ts';
import { execute } from '../../application/command.ts';
import { notify } from '../../notifications/notify.ts';
import { misconfigured } from './errors.ts';
import { stepIdOf } from './ids.ts';
import { fill, type RunData } from './values.ts';

const DAY_MS = 86_400_000;

/**
 * Creates a task for a role (once per step of an execution, however often the step is retried) and
 * tells the role's people in their notification centre.
 */
export const runTask = async (
  step: Extract<Step, { kind: 'task' }>,
  data: RunData,
  execution: string,
  actor: Actor,
) => {
  if (!isRole(step.role)) throw misconfigured(`No role named ${step.role}`);
  const run = (data.run ?? {}) as { workflowId?: string; runId?: string };
  const taskId = stepIdOf(execution, step.id);
  const details = step.details ? fill(step.details, data) : undefined;
  const link = step.link ? fill(step.link, data) : undefined;
  const created = await execute(
    aggregates.workflowTask.decider,
    aggregates.workflowTask.stream(taskId),
    {
      type: 'CreateTask',
      taskId,
      role: step.role,
      title: fill(step.title, data),
      ...(details ? { details } : {}),
      ...(step.dueInDays !== undefined
        ? { dueAt: new Date(Date.now() + step.dueInDays * DAY_MS).toISOString() }
        : {}),
      ...(link ? { link } : {}),
      workflowId: run.workflowId ?? 'unknown',
      runId: run.runId ?? 'unknown',
    },
    { actor, correlationId: run.runId ?? taskId },
  );
  if (!created.state.exists) throw misconfigured('The task was not created');
  await notify(
    {
      recipients: { roles: [step.role] },
      title: `New task: ${created.state.title}`,
      body: details ?? created.state.title,
      link: `/tasks/${taskId}`,
      severity: 'info',
      source: { kind: 'workflow-task', id: taskId },
      cause: { key: `workflow-task-${taskId}`, at: created.createdAt },
    },
    { actor, correlationId: run.runId ?? taskId },
  );
  return { taskId };
};
