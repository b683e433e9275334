import { ulid } from 'ulid';
import type { WorkflowDefinition } from '../../../events/contexts/workflows.ts';
import { SYSTEM_ACTOR } from '../../../events/envelope.ts';
import { append } from '../../../functions/adapters/event-store.ts';
import { EMPTY_STREAM } from '../../../functions/application/event-store-port.ts';
import { workflowStream } from '../../../functions/workflows/workflow-record.ts';
import { invoke } from '../../../infra/local/lambda.ts';
import type { TestCloud } from '../../support/cloud.ts';

/** A one-step definition around the step under test (the runner only reads the step it is given). */
export const definitionOf = (step: WorkflowDefinition['steps'][number]): WorkflowDefinition => ({
  trigger: { kind: 'manual' },
  start: step.id,
  steps: [step],
});

/**
 * A workflow published as version 1 with the given permissions, written as wf-core's publish writes it
 * (the runs side only reads these events).
 */
export const publishedWorkflow = async (
  definition: WorkflowDefinition,
  permissions: string[],
  stateMachineArn = 'arn:aws:states:us-east-1:000000000000:stateMachine:firefly-wf-test-v1',
) => {
  const workflowId = ulid();
  await append(
    workflowStream(workflowId),
    EMPTY_STREAM,
    [
      {
        type: 'WorkflowDrafted',
        data: { workflowId, name: 'Test workflow', description: '', definition, owner: { id: 'owner-1' } },
      },
      {
        type: 'WorkflowPublished',
        data: { workflowId, version: 1, definition, permissions, stateMachineArn, aslSha256: '0'.repeat(64) },
      },
    ],
    { actor: SYSTEM_ACTOR, correlationId: workflowId },
  );
  return workflowId;
};

export const position = { x: 0, y: 0 };

/** Runs one step through the workflow-step function as a Task state would call it. */
export const runStepIn = (
  cloud: TestCloud,
  workflowId: string,
  step: unknown,
  trigger: Record<string, unknown> = {},
  execution = `arn:aws:states:us-east-1:000000000000:execution:firefly-wf-test-v1:${ulid()}`,
) =>
  invoke(cloud.functions.get('workflow-step')!, {
    step,
    data: {
      trigger: { kind: 'manual', data: trigger },
      vars: {},
      steps: {},
      errors: {},
      run: { workflowId, version: 1, runId: ulid() },
    },
    execution,
  });

/** The error a step threw, for its name (the ASL error) and message. */
export const failure = async (run: Promise<unknown>): Promise<Error> => {
  try {
    await run;
  } catch (error) {
    return error as Error;
  }
  throw new Error('The step succeeded; it was expected to fail');
};
