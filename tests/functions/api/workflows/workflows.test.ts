import { createHash } from 'node:crypto';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../../../events/contexts/workflows.ts';
import * as api from '../../../../functions/api/workflows/contract.ts';
import { definition } from '../../../domain/workflows/sample.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../../support/cloud.ts';
import { conforms, created, ifMatch } from '../fixtures.ts';

let cloud: TestCloud;
let owner: Api;
let manager: Api;
let viewer: Api;

beforeAll(async () => {
  cloud = await startTestCloud();
  [owner, manager, viewer] = await Promise.all([
    signedIn(cloud, 'owner'),
    signedIn(cloud, 'manager'),
    signedIn(cloud, 'viewer'),
  ]);
});
afterAll(() => cloud?.stop());

/** Set, condition and wait only: runs without the workflow-step function. */
const runnable: WorkflowDefinition = definition([
  {
    id: 'big',
    kind: 'condition',
    when: { field: '$.trigger.data.amountCents', op: 'greaterThan', value: 100 },
    ifTrue: 'pause',
    ifFalse: 'small',
  },
  { id: 'pause', kind: 'wait', for: { amount: 1, unit: 'seconds' }, next: 'mark' },
  {
    id: 'mark',
    kind: 'set',
    vars: { size: { value: 'big' }, amount: { path: '$.trigger.data.amountCents' } },
  },
  { id: 'small', kind: 'set', vars: { size: { value: 'small' } } },
]);

const broken: WorkflowDefinition = definition([
  { id: 'a', kind: 'set', vars: { x: { value: 1 } }, next: 'ghost' },
  { id: 'lonely', kind: 'wait', next: 'a' },
]);

const draft = async (body: Json = { name: 'Big payments', definition: runnable }) => {
  const workflow = created(await manager.post('/api/workflows', body));
  conforms(api.createWorkflow, workflow);
  return workflow;
};

const sfn = () => new SFNClient({});

describe('workflows API', () => {
  it('drafts a workflow from scratch, whose one step says what it still needs', async () => {
    const workflow = await draft({ name: 'From scratch' });
    expect(workflow).toMatchObject({
      status: 'draft',
      versions: 0,
      draftChanged: true,
      owner: { email: 'manager@firefly.example' },
    });
    expect((workflow.definition as WorkflowDefinition).trigger).toEqual({ kind: 'manual' });
    expect(workflow.problems).toEqual([
      { stepId: 'first', field: 'vars', message: 'Set at least one variable' },
    ]);
    expect(workflow.actions).toEqual(['edit', 'publish', 'archive']);
    const unknown = await manager.post('/api/workflows', { name: 'T', templateId: 'no-such-template' });
    expect(unknown.status).toBe(422);
    expect((await viewer.post('/api/workflows', { name: 'Nope' })).status).toBe(403);
  });

  it('edits the draft with If-Match, and refuses a stale version with 409', async () => {
    const workflow = await draft();
    const edited = await manager.put(
      `/api/workflows/${workflow.id}`,
      { name: 'Renamed', definition: broken },
      ifMatch(workflow),
    );
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    conforms(api.editWorkflow, edited.body);
    expect(edited.body).toMatchObject({ name: 'Renamed', version: 2 });
    const stale = await manager.put(
      `/api/workflows/${workflow.id}`,
      { name: 'Again', definition: runnable },
      ifMatch(workflow),
    );
    expect(stale.status).toBe(409);
    expect((await manager.get(`/api/workflows/${workflow.id}`)).body).toMatchObject({ name: 'Renamed' });
  });

  it('validates a definition without saving it, each problem pointing at its step and field', async () => {
    const res = await manager.post('/api/workflows/validate', { definition: broken });
    expect(res.status).toBe(200);
    conforms(api.validateWorkflow, res.body);
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        { stepId: 'a', field: 'next', message: 'No step has the id "ghost"' },
        {
          stepId: 'lonely',
          field: 'for',
          message: 'Wait for a duration, or until a date of the run: exactly one',
        },
        { stepId: 'lonely', field: 'id', message: 'No path from the trigger reaches this step' },
      ]),
    );
    const commands = definition([{ id: 'cancel', kind: 'command', operation: 'postApiOrdersIdCancel' }]);
    const withPermissions = await manager.post('/api/workflows/validate', {
      definition: commands,
      permissions: ['orders:write'],
    });
    expect(withPermissions.body.problems).toEqual([
      {
        stepId: 'cancel',
        field: 'operation',
        message: expect.stringContaining('needs the permission orders:cancel'),
      },
    ]);
    // Bad input is a 400 naming the field, never a 5xx.
    const bad = await manager.post('/api/workflows/validate', {
      definition: { ...runnable, start: 'NOT AN ID' },
    });
    expect(bad.status).toBe(400);
  });

  it('refuses to publish an invalid draft with 422 listing its problems, and changes nothing', async () => {
    const workflow = await draft({ name: 'Broken', definition: broken });
    const res = await manager.post<Json>(
      `/api/workflows/${workflow.id}/publish`,
      { permissions: [] },
      ifMatch(workflow),
    );
    expect(res.status).toBe(422);
    expect(res.body.problems).toEqual(
      expect.arrayContaining([{ stepId: 'a', field: 'next', message: 'No step has the id "ghost"' }]),
    );
    const after = (await manager.get(`/api/workflows/${workflow.id}`)).body;
    expect(after).toMatchObject({ status: 'draft', version: workflow.version, versions: 0 });
    expect(after.published).toBeUndefined();
    expect((await manager.get<Json>(`/api/workflows/${workflow.id}/versions`)).body.items).toEqual([]);
  });

  it('publishes version 1 as a state machine that starts and succeeds', async () => {
    const workflow = await draft();
    const res = await manager.post(
      `/api/workflows/${workflow.id}/publish`,
      { permissions: ['orders:write'] },
      ifMatch(workflow),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    conforms(api.publishWorkflow, res.body);
    expect(res.body).toMatchObject({
      status: 'active',
      versions: 1,
      draftChanged: false,
      published: { version: 1, permissions: ['orders:write'] },
    });
    const published = res.body.published as { stateMachineArn: string; aslSha256: string };
    expect(published.stateMachineArn).toMatch(
      new RegExp(`:stateMachine:firefly-local-wf-${workflow.id}-v1$`),
    );

    const machine = await sfn().send(
      new DescribeStateMachineCommand({ stateMachineArn: published.stateMachineArn }),
    );
    expect(createHash('sha256').update(machine.definition!).digest('hex')).toBe(published.aslSha256);

    const runInput = (amountCents: number) =>
      JSON.stringify({
        trigger: { kind: 'manual', data: { amountCents } },
        vars: {},
        steps: {},
        errors: {},
        run: { workflowId: workflow.id, version: 1, runId: `r${amountCents}` },
      });
    const started = await Promise.all(
      [500, 50].map((amount) =>
        sfn().send(
          new StartExecutionCommand({
            stateMachineArn: published.stateMachineArn,
            name: `run-${amount}`,
            input: runInput(amount),
          }),
        ),
      ),
    );
    const ended = await Promise.all(started.map((s) => cloud.stepFunctions.wait(s.executionArn!)));
    expect(ended.map((e) => e.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    const described = await sfn().send(
      new DescribeExecutionCommand({ executionArn: started[0]!.executionArn }),
    );
    expect(JSON.parse(described.output!).vars).toEqual({ size: 'big', amount: 500 });
    expect(JSON.parse(ended[1]!.output!).vars).toEqual({ size: 'small' });

    const versions = await manager.get<Json>(`/api/workflows/${workflow.id}/versions`);
    conforms(api.listVersions, versions.body);
    expect(versions.body.items).toEqual([
      expect.objectContaining({
        version: 1,
        publishedBy: expect.objectContaining({ email: 'manager@firefly.example' }),
      }),
    ]);
    const version = await viewer.get<Json>(`/api/workflows/${workflow.id}/versions/1`);
    conforms(api.getVersion, version.body);
    expect(version.body.asl).toMatchObject({ StartAt: 'big' });
    expect((await viewer.get(`/api/workflows/${workflow.id}/versions/2`)).status).toBe(404);

    // Nothing changed since: publishing again is refused and makes no second machine.
    const current = (await manager.get(`/api/workflows/${workflow.id}`)).body;
    expect((await manager.post(`/api/workflows/${workflow.id}/publish`, {}, ifMatch(current))).status).toBe(
      409,
    );
  });

  it('pauses, resumes and archives, offering only what the state allows', async () => {
    let workflow = await draft();
    workflow = (await manager.post(`/api/workflows/${workflow.id}/publish`, {}, ifMatch(workflow)))
      .body as Json;
    expect(workflow.actions).toEqual(['edit', 'pause', 'archive']);
    const paused = await manager.post(
      `/api/workflows/${workflow.id}/pause`,
      { reason: 'Supplier holiday' },
      ifMatch(workflow),
    );
    expect(paused.body).toMatchObject({
      status: 'paused',
      pausedReason: 'Supplier holiday',
      actions: ['edit', 'resume', 'archive'],
    });
    expect(
      (await manager.post(`/api/workflows/${workflow.id}/pause`, {}, ifMatch(paused.body as Json))).status,
    ).toBe(409);
    const resumed = await manager.post(
      `/api/workflows/${workflow.id}/resume`,
      undefined,
      ifMatch(paused.body as Json),
    );
    expect(resumed.body).toMatchObject({ status: 'active' });
    expect((resumed.body as Json).pausedReason).toBeUndefined();
    const archived = await manager.post(
      `/api/workflows/${workflow.id}/archive`,
      undefined,
      ifMatch(resumed.body as Json),
    );
    expect(archived.body).toMatchObject({ status: 'archived', actions: [] });
    const edit = await manager.put(
      `/api/workflows/${workflow.id}`,
      { name: 'Later', definition: runnable },
      ifMatch(archived.body as Json),
    );
    expect(edit.status).toBe(409);
    const history = await owner.get<Json>(`/api/workflows/${workflow.id}/events`);
    expect(history.body.items!.map((e) => e.type)).toEqual([
      'WorkflowDrafted',
      'WorkflowPublished',
      'WorkflowPaused',
      'WorkflowResumed',
      'WorkflowArchived',
    ]);
  });

  it('lists workflows by status and by words of their names', async () => {
    const unique = `Zebra${Date.now().toString(36)}`;
    const one = await draft({ name: `${unique} deposits`, definition: runnable });
    await draft({ name: `${unique} leads`, definition: runnable });
    await manager.post(`/api/workflows/${one.id}/publish`, {}, ifMatch(one));
    await cloud.settle();
    const all = await viewer.get<Json>(`/api/workflows?search=${unique}`);
    conforms(api.listWorkflows, all.body);
    expect(all.body.items).toHaveLength(2);
    const active = await viewer.get<Json>(`/api/workflows?search=${unique}&status=active`);
    expect(active.body.items!.map((w) => w.id)).toEqual([one.id]);
    // A viewer reads but is offered nothing to do.
    expect(active.body.items![0]!.actions).toEqual([]);
  });

  it('tells the builder the trigger events with their fields, the operations and what can be chosen', async () => {
    const res = await viewer.get<Json>('/api/workflows/meta');
    expect(res.status).toBe(200);
    conforms(api.workflowMeta, res.body);
    const triggers = res.body.triggers as { type: string; fields: { path: string; type: string }[] }[];
    expect(triggers.find((t) => t.type === 'PaymentFailed')?.fields).toContainEqual(
      expect.objectContaining({ path: 'amountCents', type: 'number' }),
    );
    expect(triggers.some((t) => t.type.startsWith('Workflow'))).toBe(false);
    expect(res.body.operations).toContainEqual(
      expect.objectContaining({ operationId: 'postApiOrdersIdCancel', permission: 'orders:cancel' }),
    );
    expect(res.body.roles).toContain('manager');
  });
});
