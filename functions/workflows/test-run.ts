import { createHash } from 'node:crypto';
import { validateWorkflow } from '../../domain/workflows/validate.ts';
import type { Actor } from '../../events/envelope.ts';
import { createWorkflowMachine } from '../adapters/workflow-machines.ts';
import { config } from '../runtime/config.ts';
import { compileChecked } from './asl.ts';
import { WorkflowInvalidError } from './publish.ts';
import { startRun } from './runs.ts';
import type { WorkflowForRuns } from './workflow-record.ts';

/** Steps that run as a Task, and so can be made to fail on purpose. */
const FAILABLE = new Set(['lookup', 'command', 'email', 'webhook', 'task']);

/**
 * Runs a workflow's draft as version 0 with a sample input, before publishing it. The draft is
 * validated like a publish (its command steps with the latest version's permissions, which a test
 * run's steps act with), compiled (optionally with one step made to fail, to run its error path) and
 * run on a state machine named after its definition, so each changed draft gets its own.
 */
export const testRunDraft = async (
  workflow: WorkflowForRuns & { draft: NonNullable<WorkflowForRuns['draft']> },
  input: { data: Record<string, unknown>; failStep?: string; operations: ReadonlyMap<string, string> },
  meta: { actor: Actor; correlationId: string },
) => {
  const problems = validateWorkflow(workflow.draft, {
    operations: input.operations,
    permissions: workflow.latest?.permissions ?? [],
  });
  if (input.failStep) {
    const step = workflow.draft.steps.find((s) => s.id === input.failStep);
    if (!step || !FAILABLE.has(step.kind))
      problems.push({
        field: 'failStep',
        message: `Only a lookup, command, email, webhook or task step of the draft can be made to fail; "${input.failStep}" is ${step ? `a ${step.kind} step` : 'no step of it'}`,
      });
  }
  if (problems.length) throw new WorkflowInvalidError(problems);
  const compiled = await compileChecked(
    workflow.draft,
    config.workflowMachines.stepFunctionArn,
    `${workflow.name} (test run of the draft)`,
    input.failStep,
  );
  const stateMachineArn = await createWorkflowMachine({
    workflowId: workflow.workflowId,
    version: `t${createHash('sha256').update(compiled.text).digest('hex').slice(0, 12)}`,
    definition: compiled.text,
  });
  return startRun(
    { workflowId: workflow.workflowId, version: 0, stateMachineArn },
    { kind: 'test', data: input.data },
    meta,
  );
};
