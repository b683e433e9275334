import type { Step, WorkflowDefinition } from '../../../events/contexts/workflows.ts';

/** Test definitions: steps without canvas noise. */
type Loose<T> = T extends unknown ? Omit<T, 'name' | 'position'> & { name?: string } : never;

export const step = (s: Loose<Step>): Step => ({ name: s.id, position: { x: 0, y: 0 }, ...s }) as Step;

export const definition = (
  steps: Loose<Step>[],
  trigger: WorkflowDefinition['trigger'] = { kind: 'manual' },
  start = steps[0]!.id,
): WorkflowDefinition => ({ trigger, start, steps: steps.map(step) });

export const STEP_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:firefly-test-workflow-step';

export const runInput = (data: Record<string, unknown>, vars: Record<string, unknown> = {}) => ({
  trigger: { kind: 'event', data },
  vars,
  steps: {},
  errors: {},
  run: { workflowId: 'wf1', version: 1, runId: 'r1' },
});
