import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../support/cloud.ts';
import { created, customer } from '../api/fixtures.ts';
import { definitionOf, failure, position, publishedWorkflow, runStepIn } from './support.ts';

let cloud: TestCloud;
let owner: Api;
let manager: Api;

beforeAll(async () => {
  cloud = await startTestCloud();
  [owner, manager] = await Promise.all([signedIn(cloud, 'owner'), signedIn(cloud, 'manager')]);
});
afterAll(() => cloud?.stop());

const base = (id: string) => ({ id, name: id, position });

describe('the workflow step runner', () => {
  it('looks a record up as the API lists it, and names a missing one Firefly.NotFound', async () => {
    const buyer = await customer(owner);
    await cloud.settle();
    const step = {
      ...base('find'),
      kind: 'lookup',
      record: 'customer',
      recordId: { path: '$.trigger.data.customerId' },
      as: 'customer',
    } as const;
    const workflowId = await publishedWorkflow(definitionOf(step), []);
    const found = (await runStepIn(cloud, workflowId, step, { customerId: buyer.id })) as Json;
    expect(found).toMatchObject({ id: buyer.id, name: buyer.name, email: buyer.email });
    const missing = await failure(runStepIn(cloud, workflowId, step, { customerId: 'nobody' }));
    expect(missing.name).toBe('Firefly.NotFound');
  });

  it('runs a command as workflow:<id>, recorded as the actor of the events it causes', async () => {
    const step = {
      ...base('register'),
      kind: 'command',
      operation: 'postApiCustomers',
      body: { name: { path: '$.trigger.data.name' }, email: { value: 'wf-buyer@example.com' } },
    } as const;
    const workflowId = await publishedWorkflow(definitionOf(step), ['customers:write']);
    const result = (await runStepIn(cloud, workflowId, step, { name: 'Wendy Flow' })) as Json;
    expect(result).toMatchObject({ name: 'Wendy Flow', email: 'wf-buyer@example.com' });
    const history = await owner.get<{ items: Json[] }>(`/api/customers/${result.id}/events`);
    expect(history.body.items[0]).toMatchObject({
      type: 'CustomerRegistered',
      actor: { id: `workflow:${workflowId}`, role: 'workflow', permissions: ['customers:write'] },
    });
  });

  it('names a business refusal Firefly.CommandRefused with its problem code, and a missing permission Firefly.Forbidden', async () => {
    const contact = {
      ...base('contact'),
      kind: 'command',
      operation: 'postApiCustomersIdContacts',
      params: { id: { value: 'no-such-customer' } },
      body: { method: { value: 'phone' }, summary: { value: 'Checked in' } },
    } as const;
    const allowed = await publishedWorkflow(definitionOf(contact), ['customers:write']);
    const refused = await failure(runStepIn(cloud, allowed, contact));
    expect(refused.name).toBe('Firefly.CommandRefused');
    expect(refused.message).toMatch(/^customer-not-found: /);
    const invalid = await failure(
      runStepIn(cloud, allowed, { ...contact, body: { ...contact.body, method: { value: 'pigeon' } } }),
    );
    expect(invalid.name).toBe('Firefly.CommandRefused');
    expect(invalid.message).toMatch(/^validation-error: .*method/);
    const readOnly = await publishedWorkflow(definitionOf(contact), ['customers:read']);
    const forbidden = await failure(runStepIn(cloud, readOnly, contact));
    expect(forbidden.name).toBe('Firefly.Forbidden');
    expect(forbidden.message).toContain('customers:write');
  });

  it('emails an address from the run with placeholders filled as text', async () => {
    const step = {
      ...base('welcome'),
      kind: 'email',
      to: { address: { path: '$.trigger.data.email' } },
      subject: 'Welcome, {{$.trigger.data.name}}',
      body: 'Hello {{$.trigger.data.name}}, your quote {{$.trigger.data.quoteId}} is ready. <b>{{$.trigger.data.missing}}</b>',
    } as const;
    const workflowId = await publishedWorkflow(definitionOf(step), []);
    const result = (await runStepIn(cloud, workflowId, step, {
      email: 'ann@example.com',
      name: 'Ann <Admin>',
      quoteId: 'Q-7',
    })) as Json;
    expect(result).toMatchObject({ sent: 1 });
    const mail = (await cloud.mail.received()).find((m) => m.subject === 'Welcome, Ann <Admin>');
    expect(mail?.to.map((t) => t.address)).toEqual(['ann@example.com']);
    expect(mail?.text?.trim()).toBe('Hello Ann <Admin>, your quote Q-7 is ready. <b></b>');
  });

  it('sends a signed webhook, and a 503 with Retry-After is waited for and thrown as Firefly.Transient', async () => {
    const receiver = cloud.sandboxes.receiver;
    const endpoint = created(
      await owner.post('/api/webhook-endpoints', {
        url: receiver.endpoint('wf'),
        description: 'Workflow receiver',
        eventTypes: ['CustomerRegistered'],
      }),
    );
    receiver.configure('wf', { secret: String(endpoint.signingSecret) });
    await cloud.settle();
    const step = {
      ...base('hook'),
      kind: 'webhook',
      endpointId: String(endpoint.id),
      payload: { orderId: { path: '$.trigger.data.orderId' }, note: { value: 'hi' } },
    } as const;
    const workflowId = await publishedWorkflow(definitionOf(step), []);
    await runStepIn(cloud, workflowId, step, { orderId: 'O-1' });
    const [got] = receiver.received('wf');
    expect(got?.verified).toBe(true);
    expect(JSON.parse(got!.body)).toMatchObject({
      type: `workflow.${workflowId}.hook`,
      data: { orderId: 'O-1', note: 'hi' },
    });

    receiver.configure('wf', {
      secret: String(endpoint.signingSecret),
      fail: 1,
      failWith: 503,
      retryAfter: 1,
    });
    const started = Date.now();
    const error = await failure(runStepIn(cloud, workflowId, step, { orderId: 'O-2' }));
    expect(error.name).toBe('Firefly.Transient');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it("creates a task once per step of an execution, in the role's list and notifications", async () => {
    const step = {
      ...base('follow-up'),
      kind: 'task',
      role: 'manager',
      title: 'Call {{$.trigger.data.name}}',
      details: 'A new lead came in',
      dueInDays: 2,
      link: '/leads/{{$.trigger.data.leadId}}',
    } as const;
    const workflowId = await publishedWorkflow(definitionOf(step), []);
    const execution = `arn:aws:states:us-east-1:000000000000:execution:firefly-wf-test-v1:task-once`;
    const first = (await runStepIn(
      cloud,
      workflowId,
      step,
      { name: 'Lee', leadId: 'L1' },
      execution,
    )) as Json;
    const again = (await runStepIn(
      cloud,
      workflowId,
      step,
      { name: 'Lee', leadId: 'L1' },
      execution,
    )) as Json;
    expect(again.taskId).toBe(first.taskId);
    await cloud.settle();
    const tasks = await manager.get<{ items: Json[] }>('/api/tasks?status=open');
    const mine = tasks.body.items.filter((t) => t.workflowId === workflowId);
    expect(mine).toEqual([
      expect.objectContaining({
        id: first.taskId,
        title: 'Call Lee',
        link: '/leads/L1',
        role: 'manager',
        actions: ['complete'],
      }),
    ]);
    const inbox = await manager.get<{ items: Json[] }>('/api/notifications');
    expect(inbox.body.items.some((n) => n.title === 'New task: Call Lee')).toBe(true);
    const done = created(await manager.post(`/api/tasks/${first.taskId}/complete`, { note: 'Called' }), 200);
    expect(done).toMatchObject({ status: 'done', note: 'Called', actions: [] });
  });
});
