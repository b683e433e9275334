import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceOf } from '../../../events/catalog.ts';
import type { WorkflowDefinition } from '../../../events/contexts/workflows.ts';
import * as api from '../../../functions/api/workflow-runs/contract.ts';
import { aggregates } from '../../../functions/application/aggregates.ts';
import { loadRecord } from '../../../functions/application/command.ts';
import { cancelRun } from '../../../functions/workflows/runs.ts';
import { invoke } from '../../../infra/local/lambda.ts';
import { definition } from '../../domain/workflows/sample.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../support/cloud.ts';
import { conforms, created, customer, ifMatch } from '../api/fixtures.ts';

let cloud: TestCloud;
let owner: Api;
let manager: Api;

beforeAll(async () => {
  cloud = await startTestCloud();
  [owner, manager] = await Promise.all([signedIn(cloud, 'owner'), signedIn(cloud, 'manager')]);
});
afterAll(() => cloud?.stop());

/** Until every commit is published, every execution has ended and its end is recorded. */
const quiet = async () => {
  for (let i = 0; i < 4; i++) {
    await cloud.settle();
    await cloud.stepFunctions.idle();
  }
  await cloud.settle();
};

const publish = async (name: string, body: WorkflowDefinition, permissions: string[] = []) => {
  const workflow = created(await manager.post('/api/workflows', { name, definition: body }));
  const res = await manager.post(`/api/workflows/${workflow.id}/publish`, { permissions }, ifMatch(workflow));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  await cloud.settle();
  return String(workflow.id);
};

const runsOf = async (workflowId: string, query = '') => {
  const res = await manager.get<{ items: Json[] }>(`/api/workflows/${workflowId}/runs${query}`);
  expect(res.status).toBe(200);
  conforms(api.listWorkflowRuns, res.body);
  return res.body.items;
};

const runOf = async (runId: unknown) => {
  const res = await manager.get(`/api/workflow-runs/${runId}`);
  expect(res.status).toBe(200);
  conforms(api.getWorkflowRun, res.body);
  return res.body as Json & { steps: Json[] };
};

const welcome = definition(
  [
    {
      id: 'find',
      kind: 'lookup',
      record: 'customer',
      recordId: { path: '$.trigger.data.customerId' },
      as: 'buyer',
      next: 'welcome',
    },
    {
      id: 'welcome',
      kind: 'email',
      to: { address: { path: '$.vars.buyer.email' } },
      subject: 'Welcome to Firefly, {{$.vars.buyer.name}}',
      body: 'Hello {{$.vars.buyer.name}}, thank you for registering.',
      next: 'follow-up',
    },
    { id: 'follow-up', kind: 'task', role: 'manager', title: 'Call {{$.vars.buyer.name}}', dueInDays: 2 },
  ],
  { kind: 'event', eventType: 'CustomerRegistered' },
);

describe('workflow runs on the local cloud', () => {
  let welcomeId: string;
  let runId: string;

  it('starts a run when an ordinary API action causes its trigger event, and shows its step history', async () => {
    welcomeId = await publish('Welcome new customers', welcome);
    const buyer = await customer(owner);
    await quiet();
    const runs = await runsOf(welcomeId);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      workflowId: welcomeId,
      workflowVersion: 1,
      status: 'succeeded',
      trigger: { kind: 'event', eventType: 'CustomerRegistered' },
      durationMs: expect.any(Number),
      actions: ['rerun'],
    });
    runId = String(runs[0]!.id);
    const run = await runOf(runId);
    const tasks = run.steps.filter((s) => s.type === 'Task');
    expect(tasks.map((s) => [s.step, s.status, s.retries])).toEqual([
      ['find', 'succeeded', 0],
      ['welcome', 'succeeded', 0],
      ['follow-up', 'succeeded', 0],
    ]);
    expect(tasks[0]!.output).toMatchObject({ vars: { buyer: { id: buyer.id, email: buyer.email } } });
    const mail = (await cloud.mail.received()).find((m) => m.subject === `Welcome to Firefly, ${buyer.name}`);
    expect(mail?.to.map((t) => t.address)).toEqual([buyer.email]);
    const open = await manager.get<{ items: Json[] }>('/api/tasks?status=open');
    expect(open.body.items.some((t) => t.runId === runId && t.title === `Call ${buyer.name}`)).toBe(true);
  });

  it('starts one run however often the trigger event is delivered', async () => {
    const buyer = await customer(owner);
    await quiet();
    const before = await runsOf(welcomeId);
    const history = await owner.get<{ items: Json[] }>(`/api/customers/${buyer.id}/events`);
    const envelope = history.body.items[0]!;
    const busEvent = {
      source: sourceOf(String(envelope.type)),
      'detail-type': envelope.type,
      detail: envelope,
    };
    const start = cloud.functions.get('workflow-start')!;
    await Promise.all([invoke(start, busEvent), invoke(start, busEvent)]);
    await invoke(start, busEvent);
    await quiet();
    expect(await runsOf(welcomeId)).toHaveLength(before.length);
  });

  it('re-runs an ended run with the same input as a new run', async () => {
    const res = await manager.post(`/api/workflow-runs/${runId}/rerun`);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    conforms(api.rerunWorkflowRun, res.body);
    expect(res.body).toMatchObject({ trigger: { kind: 'rerun', rerunOf: runId }, status: 'running' });
    await quiet();
    expect((await runOf(res.body.id)).status).toBe('succeeded');
  });

  it('fails a run on a refused command, names the step, and tells the workflow owner', async () => {
    const refusing = await publish(
      'Log a call',
      definition([
        {
          id: 'contact',
          kind: 'command',
          operation: 'postApiCustomersIdContacts',
          params: { id: { path: '$.trigger.data.customerId' } },
          body: { method: { value: 'phone' }, summary: { value: 'Welcome call' } },
        },
      ]),
      ['customers:write'],
    );
    const res = await manager.post(`/api/workflows/${refusing}/runs`, { input: { customerId: 'nobody' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    conforms(api.runWorkflow, res.body);
    await quiet();
    const run = await runOf(res.body.id);
    expect(run).toMatchObject({
      status: 'failed',
      failedStep: 'contact',
      error: 'Firefly.CommandRefused',
      cause: expect.stringContaining('customer-not-found'),
    });
    expect(run.steps.find((s) => s.step === 'contact')).toMatchObject({ status: 'failed', retries: 0 });
    const inbox = await manager.get<{ items: Json[] }>('/api/notifications');
    expect(inbox.body.items.find((n) => n.title === 'Workflow run failed: Log a call')).toMatchObject({
      severity: 'warning',
      link: `/workflows/${refusing}/runs/${res.body.id}`,
    });
    const stats = await manager.get(`/api/workflows/${refusing}/stats`);
    conforms(api.workflowStats, stats.body);
    expect(stats.body).toMatchObject({
      runs: 1,
      successRate: 0,
      failuresByStep: [{ step: 'contact', failures: 1 }],
    });
    expect((await runsOf(refusing, '?status=succeeded')).length).toBe(0);
    expect((await runsOf(refusing, '?status=failed')).length).toBe(1);
  });

  it('cancels a running run, which then ends cancelled and cannot be cancelled again', async () => {
    const slow = await publish(
      'Slow',
      definition([
        { id: 'pause', kind: 'wait', for: { amount: 60, unit: 'seconds' }, next: 'mark' },
        { id: 'mark', kind: 'set', vars: { done: { value: true } } },
      ]),
    );
    const started = created(await manager.post(`/api/workflows/${slow}/runs`, { input: {} }));
    const res = await manager.post(`/api/workflow-runs/${started.id}/cancel`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', actions: ['rerun'] });
    await quiet();
    expect((await runOf(started.id)).status).toBe('cancelled');
    expect((await manager.post(`/api/workflow-runs/${started.id}/cancel`)).status).toBe(409);
  });

  it("answers a cancel with the cancelled run when the stopped execution's end is recorded first", async () => {
    const slow = await publish(
      'Slow to race',
      definition([{ id: 'pause', kind: 'wait', for: { amount: 60, unit: 'seconds' } }]),
    );
    const started = created(await manager.post(`/api/workflows/${slow}/runs`, { input: {} }));
    const before = await loadRecord(aggregates.workflowRun, String(started.id));
    if (!before.state.exists) throw new Error('The run was not recorded');
    // The race the API can lose: the execution's ABORTED end is recorded between stop and write.
    await new SFNClient({}).send(new StopExecutionCommand({ executionArn: before.state.executionArn }));
    await quiet();
    const cancelled = await cancelRun(before.state, before.createdAt, {
      actor: { id: 'u-test', role: 'manager', email: 'manager@firefly.example' },
      correlationId: 'race',
    });
    expect(cancelled.state).toMatchObject({ status: 'cancelled' });
    expect(cancelled.events).toEqual([]);
  });
});

describe('a workflow on a schedule', () => {
  const schedules = new SchedulerClient({});
  const scheduleOf = async (name: string) => {
    try {
      return await schedules.send(
        new GetScheduleCommand({ Name: name, GroupName: 'firefly-local-workflows' }),
      );
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  };

  it('gets a Scheduler schedule in its time zone once published, which starts a run of it; pause deletes it, resume makes it again', async () => {
    const scheduled = await publish(
      'Every morning',
      definition([{ id: 'mark', kind: 'set', vars: { ran: { value: true } } }], {
        kind: 'schedule',
        expression: 'cron(0 9 * * ? *)',
        timezone: 'America/Denver',
      }),
    );
    const name = `wf-${scheduled}`;
    // Through the same Scheduler API calls AWS gets: the local cloud answers them over its scheduler.
    expect(await scheduleOf(name)).toMatchObject({
      ScheduleExpression: 'cron(0 9 * * ? *)',
      ScheduleExpressionTimezone: 'America/Denver',
      Target: { Arn: expect.stringMatching(/:function:workflow-start$/) },
    });
    expect(cloud.scheduler.names()).toContain(name);
    await cloud.scheduler.runNow(name);
    await quiet();
    expect(await runsOf(scheduled)).toEqual([
      expect.objectContaining({ status: 'succeeded', trigger: { kind: 'schedule' } }),
    ]);

    const workflow = await manager.get(`/api/workflows/${scheduled}`);
    const paused = await manager.post(`/api/workflows/${scheduled}/pause`, {}, ifMatch(workflow.body));
    expect(paused.status, JSON.stringify(paused.body)).toBe(200);
    await quiet();
    expect(await scheduleOf(name)).toBeUndefined();
    expect(cloud.scheduler.names()).not.toContain(name);

    const resumed = await manager.post(`/api/workflows/${scheduled}/resume`, {}, ifMatch(paused.body));
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);
    await quiet();
    expect(await scheduleOf(name)).toMatchObject({ ScheduleExpressionTimezone: 'America/Denver' });
    expect(cloud.scheduler.names()).toContain(name);
  });
});

describe('a test run of the draft', () => {
  const guarded = definition([
    { id: 'note', kind: 'task', role: 'manager', title: 'Check the order', onError: 'fallback' },
    { id: 'fallback', kind: 'set', vars: { recovered: { value: true } } },
  ]);

  it('runs the unpublished draft as version 0, and a step made to fail takes its error path at once', async () => {
    const workflow = created(
      await manager.post('/api/workflows', { name: 'Guarded note', definition: guarded }),
    );
    const res = await manager.post(`/api/workflows/${workflow.id}/test-runs`, {
      input: {},
      failStep: 'note',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    conforms(api.testWorkflow, res.body);
    await quiet();
    const run = await runOf(res.body.id);
    expect(run).toMatchObject({ status: 'succeeded', workflowVersion: 0, trigger: { kind: 'test' } });
    expect(run.steps.find((s) => s.step === 'note')).toMatchObject({
      status: 'caught',
      retries: 0,
      error: 'Firefly.TestFailure',
    });
    expect(run.steps.find((s) => s.step === 'fallback')).toMatchObject({ status: 'succeeded' });
    // Without the forced failure the same draft creates its task.
    const plain = await manager.post(`/api/workflows/${workflow.id}/test-runs`, { input: {} });
    expect(plain.status, JSON.stringify(plain.body)).toBe(201);
    await quiet();
    expect((await runOf(plain.body.id)).steps.find((s) => s.step === 'note')).toMatchObject({
      status: 'succeeded',
    });
  });

  it('refuses a step that cannot fail, or a draft with problems, naming the field (422)', async () => {
    const workflow = created(
      await manager.post('/api/workflows', { name: 'Guarded two', definition: guarded }),
    );
    const res = await manager.post(`/api/workflows/${workflow.id}/test-runs`, { failStep: 'fallback' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ problems: [{ field: 'failStep' }] });
    const missing = await manager.post('/api/workflows/01ARZ3NDEKTSV4RRFFQ69G5FAV/test-runs', {});
    expect(missing.status).toBe(404);
  });
});
