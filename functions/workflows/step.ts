import { WORKFLOW_ROLE } from '../../domain/access/permissions.ts';
import { Step } from '../../events/contexts/workflows.ts';
import type { Actor } from '../../events/envelope.ts';
import { observability } from '../runtime/observability.ts';
import { misconfigured, testFailure } from './steps/errors.ts';
import type { RunData } from './steps/values.ts';
import { readWorkflow } from './workflow-record.ts';

const { logger, instrument } = observability('workflow-step');

/** What every workflow Task state passes (docs/workflows.md): the step, the run's data, the execution. */
export interface StepInput {
  step: unknown;
  data: RunData;
  execution: string;
  /** Set by a test run on the step it makes fail (domain/workflows/compile.ts). */
  failOnPurpose?: boolean;
}

/**
 * The permissions a run's command steps carry: those its version was published with. A test run of
 * the draft (version 0) carries the latest published version's, and none before the first publish.
 */
const identityOf = async (run: { workflowId: string; version: number }) => {
  const workflow = await readWorkflow(run.workflowId);
  const published = run.version > 0 ? workflow?.versions.get(run.version) : workflow?.latest;
  return { workflowId: run.workflowId, permissions: published?.permissions ?? [] };
};

/**
 * The one Lambda every Task state of a workflow calls: runs one step as the workflow's own identity and
 * returns its result (the state's ResultPath keeps it). Errors are thrown by name for Retry and Catch.
 */
export const runStep = async (input: StepInput): Promise<unknown> => {
  // The compiler leaves out where a step sits on the canvas (domain/workflows/compile.ts).
  const parsed = Step.safeParse({ position: { x: 0, y: 0 }, ...(input.step as object) });
  if (!parsed.success) throw misconfigured(`The step is not valid: ${parsed.error.message.slice(0, 500)}`);
  const step = parsed.data;
  if (input.failOnPurpose) throw testFailure(step.id);
  const run = (input.data?.run ?? {}) as { workflowId?: string; version?: number };
  if (!run.workflowId) throw misconfigured("The run's data names no workflow");
  const identity = await identityOf({ workflowId: run.workflowId, version: run.version ?? 0 });
  const actor: Actor = {
    id: `workflow:${identity.workflowId}`,
    role: WORKFLOW_ROLE,
    permissions: [...identity.permissions],
  };
  logger.appendKeys({ workflowId: run.workflowId, step: step.id, kind: step.kind });
  // Each kind's module loads when a step of its kind runs: together they would weigh on every cold start.
  switch (step.kind) {
    case 'lookup':
      return (await import('./steps/lookup.ts')).runLookup(step, input.data);
    case 'command':
      return (await import('./steps/command.ts')).runCommand(step, input.data, input.execution, identity);
    case 'email':
      return (await import('./steps/email.ts')).runEmail(step, input.data);
    case 'webhook':
      return (await import('./steps/webhook.ts')).runWebhook(step, input.data, input.execution, actor);
    case 'task':
      return (await import('./steps/task.ts')).runTask(step, input.data, input.execution, actor);
    default:
      throw misconfigured(`A ${step.kind} step is not a task the step runner runs`);
  }
};

export const handler = instrument(async (input: StepInput) => runStep(input));
