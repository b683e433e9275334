import { describe, expect, it } from 'vitest';
import {
  availableWorkflowActions,
  type WorkflowCommand,
  workflowDecider,
} from '../../../domain/workflows/workflows.ts';
import { replay } from '../helpers.ts';
import { definition } from './sample.ts';

const d = definition([{ id: 'a', kind: 'set', vars: { x: { value: 1 } } }]);
const drafted: WorkflowCommand = {
  type: 'DraftWorkflow',
  workflowId: 'wf1',
  name: 'Deposits',
  description: '',
  definition: d,
  owner: { id: 'u1' },
};
const publish = (
  version: number,
  permissions: string[],
  publisherPermissions = permissions,
): WorkflowCommand => ({
  type: 'PublishWorkflow',
  version,
  permissions,
  publisherPermissions,
  stateMachineArn: `arn:aws:states:us-east-1:1:stateMachine:firefly-test-wf-wf1-v${version}`,
  aslSha256: 'abc',
});
const context = { today: '2026-12-02' as never, by: 'u1' };

describe('the workflow decider', () => {
  it('publishes versions in order, each only after the draft changed', () => {
    const { state, refused, events } = replay(workflowDecider, [
      drafted,
      publish(1, ['orders:write']),
      publish(2, []),
      { type: 'EditWorkflow', name: 'Deposits v2', description: '', definition: d },
      publish(3, []),
      publish(2, []),
    ]);
    expect(refused).toEqual(['nothing-to-publish', 'version-taken']);
    expect(events.filter((e) => e.type === 'WorkflowPublished').map((e) => e.data.version)).toEqual([1, 2]);
    expect(state).toMatchObject({
      status: 'active',
      versions: 2,
      draftChanged: false,
      published: { version: 2 },
    });
  });

  it('never gives a workflow a permission its publisher lacks, or one no workflow may hold', () => {
    expect(
      replay(workflowDecider, [drafted, publish(1, ['orders:write'], ['customers:write'])]).refused,
    ).toEqual(['permissions-not-grantable']);
    expect(replay(workflowDecider, [drafted, publish(1, ['users:manage'])]).refused).toEqual([
      'permissions-not-grantable',
    ]);
  });

  it('pauses only what is active, resumes only what is paused, and changes nothing archived', () => {
    const { state, refused } = replay(workflowDecider, [
      drafted,
      { type: 'PauseWorkflow' },
      publish(1, []),
      { type: 'PauseWorkflow', reason: 'Holiday' },
      { type: 'EditWorkflow', name: 'Edited while paused', description: '', definition: d },
      publish(2, []),
      { type: 'ResumeWorkflow' },
      { type: 'ResumeWorkflow' },
      { type: 'ArchiveWorkflow' },
      { type: 'EditWorkflow', name: 'Too late', description: '', definition: d },
      { type: 'ArchiveWorkflow' },
    ]);
    expect(refused).toEqual([
      'workflow-not-active',
      'workflow-not-paused',
      'workflow-archived',
      'workflow-archived',
    ]);
    expect(state).toMatchObject({ status: 'archived', name: 'Edited while paused', versions: 2 });
    expect(availableWorkflowActions(state, context)).toEqual([]);
  });

  it('offers the actions the state allows', () => {
    const fresh = replay(workflowDecider, [drafted]).state;
    expect(availableWorkflowActions(fresh, context)).toEqual(['edit', 'publish', 'archive']);
    const active = replay(workflowDecider, [drafted, publish(1, [])]).state;
    expect(availableWorkflowActions(active, context)).toEqual(['edit', 'pause', 'archive']);
  });
});
