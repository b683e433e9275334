import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowTemplate } from '../../../domain/workflows/templates.ts';
import * as runsApi from '../../../functions/api/workflow-runs/contract.ts';
import * as api from '../../../functions/api/workflows/contract.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../support/cloud.ts';
import {
  builtOrder,
  conforms,
  created,
  customer,
  ifMatch,
  item,
  model,
  paidOrder,
  supplier,
} from '../api/fixtures.ts';

/**
 * Each template end to end on the local cloud: drafted from the template through the API, published
 * with the permissions it asks, started by an ordinary API action causing its trigger event, and its
 * effect read back (the email in the local inbox, the task, the purchase order, the delivery). Every
 * Wait state pauses 0 ms here (LOCAL_SFN_WAIT_MS), so templates that wait days run at once.
 */
process.env.LOCAL_SFN_WAIT_MS = '0';
process.env.LOCAL_SFN_RETRY_INTERVAL_MS = '0';

let cloud: TestCloud;
let owner: Api;
let manager: Api;
let home: Json;

beforeAll(async () => {
  cloud = await startTestCloud();
  [owner, manager] = await Promise.all([signedIn(cloud, 'owner'), signedIn(cloud, 'manager')]);
  home = await model(manager);
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

/** Drafts a workflow from the template with one click's request, and publishes it as it asks. */
const publishTemplate = async (templateId: string) => {
  const drafted = created(await manager.post('/api/workflows', { templateId }));
  conforms(api.createWorkflow, drafted);
  const template = workflowTemplate(templateId)!;
  expect(drafted).toMatchObject({
    name: template.name,
    description: template.description,
    templateId,
    definition: template.definition,
    problems: [],
  });
  const res = await manager.post(
    `/api/workflows/${drafted.id}/publish`,
    { permissions: template.permissions },
    ifMatch(drafted),
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  await cloud.settle();
  return { id: String(drafted.id), published: res.body as Json };
};

/** Archived once its test is done, so later tests' actions do not start it too. */
const archive = async (workflow: Json) => {
  const res = await manager.post(`/api/workflows/${workflow.id}/archive`, undefined, ifMatch(workflow));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  await cloud.settle();
};

const runsOf = async (workflowId: string) => {
  const res = await manager.get<{ items: Json[] }>(`/api/workflows/${workflowId}/runs`);
  expect(res.status).toBe(200);
  return res.body.items;
};

/** The one run of a workflow, succeeded, with the steps its history shows entered. */
const onlyRun = async (workflowId: string) => {
  const runs = await runsOf(workflowId);
  expect(runs).toHaveLength(1);
  const res = await manager.get(`/api/workflow-runs/${runs[0]!.id}`);
  conforms(runsApi.getWorkflowRun, res.body);
  const run = res.body as { id: string; status: string; steps: Json[] };
  expect(run.status, JSON.stringify(run)).toBe('succeeded');
  return { id: run.id, entered: [...new Set(run.steps.map((s) => s.step))] };
};

const mailTo = async (address: string, subject: string) =>
  (await cloud.mail.received()).filter(
    (m) => m.subject === subject && m.to.some((t) => t.address.toLowerCase() === address.toLowerCase()),
  );

const openTasks = async (runId: unknown) =>
  (await manager.get<{ items: Json[] }>('/api/tasks?status=open')).body.items.filter(
    (t) => t.runId === runId,
  );

describe('the template gallery', () => {
  it('lists the six templates with their trigger and steps, and refuses an unknown one by its field', async () => {
    const res = await manager.get<{ items: Json[] }>('/api/workflows/templates');
    expect(res.status).toBe(200);
    conforms(api.listTemplates, res.body);
    expect(res.body.items.map((t) => [t.id, (t.trigger as Json).eventType, t.stepCount])).toEqual([
      ['deposit-reminder', 'QuoteAccepted', 6],
      ['low-stock-reorder', 'StockAdjusted', 6],
      ['new-lead-welcome', 'LeadCaptured', 5],
      ['build-completed-delivery', 'BuildCompleted', 4],
      ['payment-failed-reminders', 'PaymentFailed', 8],
      ['damage-claim-filed', 'DamageClaimFiled', 2],
    ]);
    const unknown = await manager.post('/api/workflows', { templateId: 'no-such-template' });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({
      type: 'https://firefly.example/problems/unknown-template',
      errors: [{ path: 'templateId' }],
    });
    const nameless = await manager.post('/api/workflows', {});
    expect(nameless.status).toBe(400);
    const viewer = await signedIn(cloud, 'viewer');
    expect((await viewer.get('/api/workflows/templates')).status).toBe(200);
    expect((await viewer.post('/api/workflows', { templateId: 'deposit-reminder' })).status).toBe(403);
  });

  it('keeps a name given with a template', async () => {
    const drafted = created(
      await manager.post('/api/workflows', { templateId: 'damage-claim-filed', name: 'Claims desk' }),
    );
    expect(drafted).toMatchObject({ name: 'Claims desk', templateId: 'damage-claim-filed', status: 'draft' });
  });
});

describe('each template, end to end on the local cloud', () => {
  it('deposit reminder: a week after a quote is accepted without a deposit, emails the customer and tasks a manager', async () => {
    const { id, published } = await publishTemplate('deposit-reminder');
    const buyer = await customer(manager);
    const quote = created(await manager.post('/api/quotes', { customerId: buyer.id, modelId: home.id }));
    const sent = created(await manager.post(`/api/quotes/${quote.id}/send`, {}, ifMatch(quote)), 200);
    const accepted = created(await manager.post(`/api/quotes/${quote.id}/accept`, {}, ifMatch(sent)));
    const orderId = String((accepted.order as Json).id);
    await quiet();
    const run = await onlyRun(id);
    expect(run.entered).toEqual(['wait-week', 'order', 'no-deposit', 'customer', 'remind', 'call']);
    expect(await mailTo(String(buyer.email), `Your deposit for order ${orderId}`)).toHaveLength(1);
    expect((await openTasks(run.id)).map((t) => [t.title, t.role, t.link])).toEqual([
      [`Call ${buyer.name} about the deposit`, 'manager', `/orders/${orderId}`],
    ]);
    await archive(published);
  });

  it('low stock: stock taken below the reorder point places a purchase order from the preferred supplier and emails the managers', async () => {
    const { id, published } = await publishTemplate('low-stock-reorder');
    const vendor = await supplier(manager, 12);
    const low = await item(manager, { onHand: 5, reorderPoint: 2, supplierId: String(vendor.id) });
    const plenty = await item(manager, { onHand: 50, reorderPoint: 2, supplierId: String(vendor.id) });
    for (const stocked of [low, plenty])
      created(
        await manager.post(
          `/api/items/${stocked.id}/adjustments`,
          { delta: -3, reason: 'damage' },
          ifMatch(stocked),
        ),
        200,
      );
    await quiet();
    const runs = await runsOf(id);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    const orders = await manager.get<{ items: Json[] }>(`/api/purchase-orders?supplierId=${vendor.id}`);
    expect(orders.body.items.map((o) => o.lines)).toEqual([
      [{ itemId: low.id, quantity: 10, unitCostCents: 10_000, receivedQuantity: 0 }],
    ]);
    const po = orders.body.items[0]!;
    const history = await manager.get<{ items: Json[] }>(`/api/purchase-orders/${po.id}/events`);
    expect(history.body.items.map((e) => [e.type, (e.actor as Json).id])).toEqual([
      ['PurchaseOrderPlaced', `workflow:${id}`],
    ]);
    const mail = await mailTo('manager@firefly.example', `Reordered ${low.name}`);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain(`Purchase order ${po.id} for 10`);
    expect(await mailTo('manager@firefly.example', `Reordered ${plenty.name}`)).toEqual([]);

    // More stock taken while that order is open: the reorder is refused as already on order, so the
    // run ends quietly: no second order, no second email, no failure email.
    const now = await manager.get<Json>(`/api/items/${low.id}`);
    created(
      await manager.post(
        `/api/items/${low.id}/adjustments`,
        { delta: -1, reason: 'damage' },
        ifMatch(now.body),
      ),
      200,
    );
    await quiet();
    expect((await runsOf(id)).map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const after = await manager.get<{ items: Json[] }>(`/api/purchase-orders?supplierId=${vendor.id}`);
    expect(after.body.items).toHaveLength(1);
    expect(await mailTo('manager@firefly.example', `Reordered ${low.name}`)).toHaveLength(1);
    expect(await mailTo('manager@firefly.example', `Could not reorder ${low.name}`)).toEqual([]);
    await archive(published);
  });

  it('new lead: welcomes the lead by email, then two days later tasks a manager to follow up', async () => {
    const { id, published } = await publishTemplate('new-lead-welcome');
    const lead = created(
      await manager.post('/api/leads', {
        name: 'Grace Hopper',
        email: 'grace.hopper@example.com',
        channel: 'referral',
        marketingConsent: true,
      }),
    );
    await quiet();
    const run = await onlyRun(id);
    expect(run.entered).toEqual(['welcome', 'wait-two-days', 'lead', 'still-open', 'follow-up']);
    expect(
      await mailTo('grace.hopper@example.com', 'Thank you for your interest, Grace Hopper'),
    ).toHaveLength(1);
    expect((await openTasks(run.id)).map((t) => [t.title, t.link])).toEqual([
      ['Follow up with Grace Hopper', `/leads/${lead.id}`],
    ]);
    await archive(published);
  });

  it('build completed: books the delivery as the workflow and emails the customer its day', async () => {
    const { id, published } = await publishTemplate('build-completed-delivery');
    const order = await builtOrder(manager, String(home.id));
    await quiet();
    const run = await onlyRun(id);
    expect(run.entered).toEqual(['book', 'order', 'customer', 'tell-customer']);
    const shipment = await manager.get(`/api/shipments/${order.id}`);
    expect(shipment.status).toBe(200);
    // The build completed on 2026-04-08; a delivery booked without a day goes a week later.
    expect(shipment.body).toMatchObject({
      status: 'scheduled',
      scheduledFor: '2026-04-15',
      carrier: 'Our carrier',
    });
    const history = await manager.get<{ items: Json[] }>(`/api/shipments/${order.id}/events`);
    expect((history.body.items[0]!.actor as Json).id).toBe(`workflow:${id}`);
    const buyer = (await manager.get(`/api/customers/${order.customerId}`)).body;
    expect(
      await mailTo(String(buyer.email), `Your ${home.name} is ready: delivery on 2026-04-15`),
    ).toHaveLength(1);
    await archive(published);
  });

  it('payment failed: emails the customer at once, and again with a task when the balance is still due', async () => {
    const { id, published } = await publishTemplate('payment-failed-reminders');
    const order = await paidOrder(manager, String(home.id));
    created(
      await manager.post(
        `/api/orders/${order.id}/failed-payments`,
        { amountCents: 1_000_000, method: 'card', reason: 'Declined' },
        ifMatch(order),
      ),
    );
    await quiet();
    const run = await onlyRun(id);
    expect(run.entered).toEqual([
      'order',
      'customer',
      'first-notice',
      'wait-three-days',
      'latest',
      'still-due',
      'second-notice',
      'call',
    ]);
    const buyer = (await manager.get(`/api/customers/${order.customerId}`)).body;
    const email = String(buyer.email);
    const first = await mailTo(email, `Your payment for order ${order.id} did not go through`);
    expect(first).toHaveLength(1);
    expect(first[0]!.text).toContain('was declined: Declined');
    expect(await mailTo(email, `Reminder: payment for order ${order.id}`)).toHaveLength(1);
    expect((await openTasks(run.id)).map((t) => t.title)).toEqual([
      `Call ${buyer.name} about a failed payment`,
    ]);
    await archive(published);
  });

  it('damage claim filed: tasks a manager with the claim and emails the owners a note', async () => {
    const { id, published } = await publishTemplate('damage-claim-filed');
    const order = await builtOrder(manager, String(home.id));
    let shipment = created(
      await manager.post('/api/shipments', {
        orderId: order.id,
        carrier: 'Cascade Freight',
        destination: 'Bend, OR',
        scheduledFor: '2026-04-15',
      }),
    );
    shipment = created(
      await manager.post(
        `/api/shipments/${order.id}/dispatch`,
        { trackingRef: 'CF-9', on: '2026-04-15' },
        ifMatch(shipment),
      ),
      200,
    );
    created(
      await owner.post(
        `/api/shipments/${order.id}/claims`,
        { description: 'Cracked window', amountCents: 90_000 },
        ifMatch(shipment),
      ),
    );
    await quiet();
    const run = await onlyRun(id);
    expect(run.entered).toEqual(['follow-claim', 'tell-owner']);
    expect((await openTasks(run.id)).map((t) => [t.title, t.link])).toEqual([
      [`Follow the damage claim on shipment ${order.id}`, `/shipments/${order.id}`],
    ]);
    const note = await mailTo('owner@firefly.example', `Damage claim filed on shipment ${order.id}`);
    expect(note).toHaveLength(1);
    expect(note[0]!.text).toContain('Cracked window');
    await archive(published);
  });
});
