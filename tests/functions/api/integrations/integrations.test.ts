import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCredential, rotateLocalKey } from '../../../../functions/adapters/credentials.ts';
import * as api from '../../../../functions/api/integrations/contract.ts';
import {
  type Api,
  type Json,
  request,
  signedIn,
  startTestCloud,
  type TestCloud,
} from '../../../support/cloud.ts';
import { builtOrder, conforms, created, customer, ifMatch, item, model } from '../fixtures.ts';

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

const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> => {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
};

const connectPayments = async () =>
  created(
    await owner.post('/api/integrations', {
      template: 'stripe-payments',
      name: 'Card payments',
      baseUrl: cloud.sandboxes.payments.url,
      apiKey: cloud.sandboxes.payments.apiKey,
    }),
  );

const quoteOrder = async () => {
  const home = await model(owner);
  const buyer = await customer(owner);
  return created(
    await owner.post('/api/orders', { customerId: buyer.id, modelId: home.id, optionCodes: [] }),
  );
};

/** Pays (or declines) a checkout on the sandbox's page, as a person clicking its button. */
const submit = (url: string, outcome: 'succeed' | 'decline') =>
  fetch(`${url}/${outcome}`, { method: 'POST' });

describe('the payments integration, end to end through the sandbox', () => {
  let integration: Json;

  it('connects from its template, keeping credentials encrypted and showing only hints', async () => {
    integration = await connectPayments();
    conforms(api.connectIntegration, integration);
    const text = JSON.stringify(integration);
    expect(text).not.toContain(cloud.sandboxes.payments.apiKey);
    expect(text).not.toContain('whsec_');
    expect(integration).toMatchObject({
      template: 'stripe-payments',
      status: 'active',
      credentials: {
        apiKey: { last4: cloud.sandboxes.payments.apiKey.slice(-4) },
        signingSecret: { fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) },
      },
      webhookUrl: `${cloud.url}/webhooks/${integration.id}`,
      actions: expect.arrayContaining(['test', 'disable']),
    });
    const history = await owner.get(`/api/integrations/${integration.id}/events`);
    expect(JSON.stringify(history.body)).not.toContain('whsec_');
  });

  it('refuses a key the provider refuses, and a base URL that is not a URL', async () => {
    const refused = await owner.post('/api/integrations', {
      template: 'stripe-payments',
      name: 'Bad key',
      baseUrl: cloud.sandboxes.payments.url,
      apiKey: 'sk_test_not_the_key',
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      type: 'https://firefly.example/problems/provider-refused-credential',
    });
    const missing = await owner.post('/api/integrations', { template: 'stripe-payments', name: 'No key' });
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ type: 'https://firefly.example/problems/template-input-missing' });
  });

  it('runs a connection test, each check with its result and time', async () => {
    const tested = created(await owner.post(`/api/integrations/${integration.id}/test`), 200);
    conforms(api.testIntegration, tested);
    const checks = (tested.lastTest as { checks: Json[] }).checks;
    expect(checks.map((c) => [c.check, c.outcome])).toEqual([
      ['reachable', 'passed'],
      ['tls', 'skipped'],
      ['credential', 'passed'],
      ['permissions', 'passed'],
      ['webhook-round-trip', 'passed'],
    ]);
    for (const check of checks) expect(check.ms).toBeGreaterThanOrEqual(0);
  });

  it('takes a card deposit: checkout, pay on the provider page, the signed webhook records it', async () => {
    const order = await quoteOrder();
    const checkout = created(
      await manager.post(`/api/integrations/${integration.id}/checkouts`, {
        orderId: order.id,
        amountCents: 500_000,
      }),
    );
    conforms(api.startCheckout, checkout);
    expect((await submit(String(checkout.url), 'succeed')).status).toBe(200);
    const paid = await until(
      () => owner.get(`/api/orders/${order.id}`),
      (res) => (res.body.payments as Json[]).length > 0,
      'the payment on the order',
    );
    expect(paid.body).toMatchObject({
      stage: 'deposit_paid',
      paidCents: 500_000,
      payments: [{ kind: 'deposit', method: 'card', status: 'received', amountCents: 500_000 }],
    });
    const events = await owner.get<{ items: Json[] }>(`/api/orders/${order.id}/events`);
    const deposit = events.body.items.find((e) => e.type === 'DepositPaid')!;
    expect(deposit.actor).toMatchObject({ id: `integration:${integration.id}`, role: 'integration' });

    await cloud.settle();
    const log = await owner.get<{ items: Json[] }>(`/api/integrations/${integration.id}/deliveries`);
    conforms(api.listDeliveries, log.body);
    expect(log.body.items.find((d) => d.eventType === 'payment_intent.succeeded')).toMatchObject({
      status: 'applied',
      record: { kind: 'order', id: order.id },
    });

    // The provider sends the same event again (a retry): answered 200, nothing recorded twice.
    const sent = cloud.sandboxes.payments.deliveries().find((d) => d.type === 'payment_intent.succeeded')!;
    const again = await cloud.sandboxes.payments.redeliver(sent.eventId);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true, outcome: 'applied' });
    const after = await owner.get(`/api/orders/${order.id}`);
    expect(after.body.paidCents).toBe(500_000);

    // A refund at the provider comes back as a refund on the order.
    const intent = (paid.body.payments as Json[])[0]!.paymentId as string;
    expect((await cloud.sandboxes.payments.refund(intent, 100_000)).status).toBe(200);
    const refunded = await until(
      () => owner.get(`/api/orders/${order.id}`),
      (res) => res.body.refundedCents === 100_000,
      'the refund on the order',
    );
    expect(refunded.body.netPaidCents).toBe(400_000);
  });

  it('records a declined card as a failed payment', async () => {
    const order = await quoteOrder();
    const checkout = created(
      await manager.post(`/api/integrations/${integration.id}/checkouts`, { orderId: order.id }),
    );
    expect(checkout.amountCents).toBe(order.totalCents);
    await submit(String(checkout.url), 'decline');
    const failed = await until(
      () => owner.get(`/api/orders/${order.id}`),
      (res) => (res.body.payments as Json[]).length > 0,
      'the failed payment',
    );
    expect(failed.body).toMatchObject({
      stage: 'quote',
      payments: [{ status: 'failed', method: 'card', reason: 'Your card was declined.' }],
    });
  });

  it('refuses checkouts beyond the balance, for unknown orders, and for roles without payments', async () => {
    const order = await quoteOrder();
    const over = await manager.post(`/api/integrations/${integration.id}/checkouts`, {
      orderId: order.id,
      amountCents: Number(order.totalCents) + 1,
    });
    expect(over.status).toBe(422);
    const unknown = await manager.post(`/api/integrations/${integration.id}/checkouts`, { orderId: 'nope' });
    expect(unknown.status).toBe(422);
    const script = await manager.post(`/api/integrations/${integration.id}/checkouts`, {
      orderId: order.id,
      returnUrl: 'javascript:alert(1)',
    });
    expect(script.status).toBe(400);
    const forbidden = await viewer.post(`/api/integrations/${integration.id}/checkouts`, {
      orderId: order.id,
    });
    expect(forbidden.status).toBe(403);
  });

  it('refuses forged, missing and stale signatures, records each, and answers 404 for unknown URLs', async () => {
    const body = JSON.stringify({
      id: 'evt_forged',
      type: 'payment_intent.succeeded',
      created: 1,
      data: { object: {} },
    });
    const forged = await request(cloud.url, 'POST', `/webhooks/${integration.id}`, {
      rawBody: body,
      headers: { 'stripe-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` },
    });
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ type: 'https://firefly.example/problems/signature-mismatch' });
    const missing = await request(cloud.url, 'POST', `/webhooks/${integration.id}`, { rawBody: body });
    expect(missing.body).toMatchObject({ type: 'https://firefly.example/problems/signature-missing' });
    const unknown = await request(cloud.url, 'POST', '/webhooks/01JZZZZZZZZZZZZZZZZZZZZZZZ', {
      rawBody: body,
    });
    expect(unknown.status).toBe(404);
    const huge = await request(cloud.url, 'POST', `/webhooks/${integration.id}`, {
      rawBody: JSON.stringify({ pad: 'x'.repeat(300 * 1024) }),
    });
    expect(huge.status).toBe(413);
    await cloud.settle();
    const security = await owner.get<{ items: Json[] }>('/api/audit/entries?type=WebhookSignatureRejected');
    const reasons = security.body.items.map((e) => (e.changes as Json).reason);
    expect(reasons).toEqual(expect.arrayContaining(['mismatch', 'missing', 'unknown-integration']));
  });

  it('shows its sync: deliveries and refusals per hour, error reasons and lag', async () => {
    const sync = await manager.get<Json>(`/api/integrations/${integration.id}/sync`);
    expect(sync.status).toBe(200);
    conforms(api.integrationSync, sync.body);
    const stats = sync.body.stats as Json & { totals: Json; hours: Json[]; errors: Json[] };
    expect(stats.hours).toHaveLength(24);
    // The deposit and the declined card were applied; the forged and the unsigned request rejected.
    expect(stats.totals.applied).toBeGreaterThanOrEqual(2);
    expect(stats.totals.rejected).toBeGreaterThanOrEqual(2);
    expect(stats.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ reason: 'Signature mismatch' })]),
    );
    expect(stats.lagMs).toMatchObject({ p50: expect.any(Number) });
    expect(stats.lastSuccessAt).toEqual(expect.any(String));
    expect((await viewer.get(`/api/integrations/${integration.id}/sync`)).status).toBe(403);
    expect((await owner.get(`/api/integrations/${integration.id}/sync?hours=0`)).status).toBe(400);
  });

  it('raises an alert when scheduled checks fail 3 of 5 runs, and clears it after 3 passes', async () => {
    const checked = async (times: number) => {
      for (let i = 0; i < times; i++) await cloud.scheduler.runNow('integration-health');
      return (await owner.get<Json>(`/api/integrations/${integration.id}/sync`)).body;
    };
    const healthy = await checked(1);
    expect((healthy.checks as Json).runs).toEqual([expect.objectContaining({ failed: [] })]);
    cloud.sandboxes.payments.setOutage(true);
    try {
      const once = await checked(1);
      expect(once.checks).not.toHaveProperty('alert');
      expect(once.reasons).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^The last health check failed: reachable|credential/),
        ]),
      );
      const failing = await checked(2);
      expect(failing.status).toBe('failing');
      expect((failing.checks as Json).alert).toMatchObject({ reason: expect.stringContaining('503') });
    } finally {
      cloud.sandboxes.payments.setOutage(false);
    }
    const read = await owner.get<Json>(`/api/integrations/${integration.id}`);
    expect(read.body.alert).toMatchObject({ since: expect.any(String) });
    // Owners and admins are told, in the notification centre and by email (critical).
    await cloud.settle();
    const told = await until(
      async () => (await owner.get<{ items: Json[] }>('/api/notifications?limit=100')).body.items,
      (items) => items.some((n) => String(n.title).startsWith('Integration failing')),
      'the alert notification',
    );
    expect(told.find((n) => String(n.title).startsWith('Integration failing'))).toMatchObject({
      severity: 'critical',
      link: `/integrations/${integration.id}`,
    });
    await until(
      () => cloud.mail.received(),
      (mail) => mail.some((m) => m.subject.includes('Integration failing')),
      'the alert email',
    );
    // One passing run does not clear it (no flapping); three in a row do.
    expect((await checked(2)).checks).toHaveProperty('alert');
    const recovered = await checked(1);
    expect(recovered.checks).not.toHaveProperty('alert');
    const history = await owner.get<{ items: Json[] }>(`/api/integrations/${integration.id}/events`);
    const types = history.body.items.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['IntegrationAlertRaised', 'IntegrationAlertCleared']));
    expect(types.filter((t) => t === 'IntegrationAlertRaised')).toHaveLength(1);
  });

  it('lets owners and admins manage integrations, managers and analysts read them, viewers neither', async () => {
    expect((await manager.get('/api/integrations')).status).toBe(200);
    expect((await viewer.get('/api/integrations')).status).toBe(403);
    const templates = await manager.get<{ items: Json[] }>('/api/integration-templates');
    conforms(api.listTemplates, templates.body);
    expect(templates.body.items.map((t) => t.id)).toContain('stripe-payments');
    const denied = await manager.post('/api/integrations', {
      template: 'standard-webhooks',
      name: 'x',
      signingSecret: 'whsec_x',
    });
    expect(denied.status).toBe(403);
  });
});

describe('a Standard Webhooks integration: rotation, replays and bodies that are not events', () => {
  const first = `whsec_${Buffer.from('a'.repeat(32)).toString('base64')}`;
  const second = `whsec_${Buffer.from('b'.repeat(32)).toString('base64')}`;
  let integration: Json;

  const deliver = (secret: string, id: string, body: string, at = new Date()) =>
    request(cloud.url, 'POST', `/webhooks/${integration.id}`, {
      rawBody: body,
      headers: {
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': new Webhook(secret).sign(id, at, body),
      },
    });
  const event = (id: string, extra = {}) =>
    JSON.stringify({
      id,
      type: 'thing.happened',
      created: Math.floor(Date.now() / 1000),
      data: { object: extra },
    });

  beforeAll(async () => {
    integration = created(
      await owner.post('/api/integrations', {
        template: 'standard-webhooks',
        name: 'Generic',
        signingSecret: first,
      }),
    );
  });

  it('verifies, keeps and answers a delivery; the same id again is a duplicate, with another body a replay', async () => {
    const body = event('msg_1');
    const ok = await deliver(first, 'msg_1', body);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ outcome: 'ignored', duplicate: false });
    const again = await deliver(first, 'msg_1', body);
    expect(again.body).toMatchObject({ duplicate: true });
    const replay = await deliver(first, 'msg_1', event('msg_1', { changed: true }));
    expect(replay.status).toBe(409);
    const stale = await deliver(first, 'msg_2', event('msg_2'), new Date(Date.now() - 10 * 60_000));
    expect(stale.status).toBe(401);
    expect(stale.body).toMatchObject({ type: 'https://firefly.example/problems/signature-expired' });
  });

  it('keeps an unreadable body behind a valid signature, refused with 400', async () => {
    const res = await deliver(first, 'msg_bad', '{not json');
    expect(res.status).toBe(400);
    await cloud.settle();
    const log = await owner.get<{ items: Json[] }>(
      `/api/integrations/${integration.id}/deliveries?status=refused`,
    );
    expect(log.body.items.map((d) => d.providerEventId)).toContain('msg_bad');
  });

  it('rotates the signing secret; the previous one keeps verifying during the overlap', async () => {
    const current = created(await owner.get(`/api/integrations/${integration.id}`), 200);
    const rotated = created(
      await owner.post(
        `/api/integrations/${integration.id}/credentials`,
        { signingSecret: second },
        ifMatch(current),
      ),
      200,
    );
    expect(rotated.previousAcceptedUntil).toBeDefined();
    const stale = await owner.post(
      `/api/integrations/${integration.id}/credentials`,
      { signingSecret: first },
      ifMatch(current),
    );
    expect(stale.status).toBe(409);
    expect((await deliver(second, 'msg_3', event('msg_3'))).status).toBe(200);
    expect((await deliver(first, 'msg_4', event('msg_4'))).status).toBe(200);
    await cloud.settle();
    const log = await owner.get<{ items: Json[] }>(`/api/integrations/${integration.id}/deliveries`);
    // Newest first: the log is in the order deliveries arrived, whatever the providers' ids.
    expect(log.body.items.slice(0, 2).map((d) => d.providerEventId)).toEqual(['msg_4', 'msg_3']);
    const byId = new Map(log.body.items.map((d) => [d.providerEventId, d.verifiedWith]));
    expect(byId.get('msg_3')).toBe('current');
    expect(byId.get('msg_4')).toBe('previous');
  });

  it('refuses deliveries once disabled', async () => {
    const current = created(await owner.get(`/api/integrations/${integration.id}`), 200);
    created(
      await owner.post(
        `/api/integrations/${integration.id}/disable`,
        { reason: 'Sender retired' },
        ifMatch(current),
      ),
      200,
    );
    expect((await deliver(second, 'msg_5', event('msg_5'))).status).toBe(410);
  });
});

describe('a lead forms integration', () => {
  it('turns a signed form submission into a captured lead, once', async () => {
    const secret = `whsec_${Buffer.from('c'.repeat(32)).toString('base64')}`;
    const forms = created(
      await owner.post('/api/integrations', {
        template: 'lead-forms',
        name: 'Landing pages',
        signingSecret: secret,
      }),
    );
    const at = new Date();
    const body = JSON.stringify({
      id: 'sub_1',
      type: 'lead.submitted',
      created: Math.floor(at.getTime() / 1000),
      data: {
        object: {
          name: 'Grace Hopper',
          email: 'grace@example.com',
          channel: 'paid_social',
          marketingConsent: true,
        },
      },
    });
    const send = () =>
      request<Json>(cloud.url, 'POST', `/webhooks/${forms.id}`, {
        rawBody: body,
        headers: {
          'webhook-id': 'msg_lead_1',
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': new Webhook(secret).sign('msg_lead_1', at, body),
        },
      });
    const first = await send();
    expect(first.body, JSON.stringify(first.body)).toMatchObject({ outcome: 'applied', duplicate: false });
    const again = await send();
    expect(again.body).toMatchObject({ outcome: 'applied', duplicate: true });
    await cloud.settle();
    const log = await owner.get<{ items: Json[] }>(`/api/integrations/${forms.id}/deliveries`);
    const record = log.body.items[0]!.record as { kind: string; id: string };
    expect(record.kind).toBe('lead');
    const lead = await owner.get(`/api/leads/${record.id}`);
    expect(lead.body).toMatchObject({ name: 'Grace Hopper', channel: 'paid_social', marketingConsent: true });
  });
});

describe('a carrier tracking integration, through the carrier sandbox', () => {
  it('connects with the carrier secret; signed updates dispatch and deliver the shipment, once each', async () => {
    const carrier = cloud.sandboxes.carrier;
    const tracking = created(
      await owner.post('/api/integrations', {
        template: 'carrier-tracking',
        name: 'Cascade Freight',
        signingSecret: carrier.secret,
      }),
    );
    carrier.addUrl(String(tracking.webhookUrl));
    const lumber = await item(owner, { onHand: 100 });
    const nest = await model(owner, [{ itemId: String(lumber.id), quantity: 2 }]);
    const order = await builtOrder(owner, String(nest.id));
    created(
      await owner.post('/api/shipments', {
        orderId: order.id,
        carrier: 'Cascade Freight',
        destination: 'Bend, OR',
        scheduledFor: '2026-04-15',
      }),
    );
    const orderId = String(order.id);
    const [dispatched] = await carrier.send({
      type: 'shipment.dispatched',
      orderId,
      trackingRef: 'CF-9',
      on: '2026-04-15',
    });
    expect(dispatched?.status).toBe(200);
    await cloud.settle();
    expect((await owner.get(`/api/shipments/${orderId}`)).body).toMatchObject({
      status: 'in_transit',
      trackingRef: 'CF-9',
    });
    // A carrier repeating itself changes nothing; an update for an order with no shipment is kept as ignored.
    await carrier.send({ type: 'shipment.dispatched', orderId, on: '2026-04-15' });
    await carrier.send({ type: 'shipment.dispatched', orderId: 'no-such-order' });
    expect((await carrier.send({ type: 'shipment.delivered', orderId, on: '2026-04-17' }))[0]?.status).toBe(
      200,
    );
    await cloud.settle();
    expect((await owner.get(`/api/shipments/${orderId}`)).body).toMatchObject({ status: 'delivered' });
    const log = await owner.get<{ items: Json[] }>(`/api/integrations/${tracking.id}/deliveries`);
    expect(log.body.items.map((d) => d.status).sort()).toEqual(['applied', 'applied', 'ignored', 'ignored']);
  });
});

describe('rotating the credentials key', () => {
  it('keeps old credentials readable, re-seals them in the background, then the old key can go', async () => {
    const payments = await connectPayments();
    const file = join(cloud.dataDir, 'credentials.key');
    const before = readFileSync(file);
    const rotated = rotateLocalKey(file);
    expect(rotated).toMatch(/^credentials-key-\d+$/);
    // Sealed under the previous key, still readable: the connection test decrypts the API key.
    const test = async () =>
      (await owner.post<Json>(`/api/integrations/${payments.id}/test`, undefined)).body.lastTest as Json;
    expect((await test()).failed).toBe(0);
    const first = (await cloud.scheduler.runNow('credentials-reencrypt')) as { resealed: number };
    expect(first.resealed).toBeGreaterThanOrEqual(2);
    expect(await cloud.scheduler.runNow('credentials-reencrypt')).toEqual({ resealed: 0 });
    // Drop every key but the current one: what was re-sealed still opens (read here, past the API's cache).
    const onlyCurrent = () => {
      const keys = JSON.parse(readFileSync(file, 'utf8')) as {
        current: string;
        keys: Record<string, string>;
      };
      writeFileSync(
        file,
        JSON.stringify({ current: keys.current, keys: { [keys.current]: keys.keys[keys.current] } }),
      );
    };
    onlyCurrent();
    expect(await readCredential(String(payments.id), 'apiKey')).toBe(cloud.sandboxes.payments.apiKey);
    expect((await test()).failed).toBe(0);
    // Without the re-sealing, dropping the previous key would lose them.
    rotateLocalKey(file);
    onlyCurrent();
    await expect(readCredential(String(payments.id), 'apiKey')).rejects.toThrow();
    expect(readFileSync(file).equals(before)).toBe(false);
    await cloud.settle();
    const audit = await owner.get<{ items: Json[] }>('/api/audit/entries?type=CredentialDecrypted&limit=200');
    expect(audit.body.items.some((e) => (e.changes as Json).purpose === 're-encrypt')).toBe(true);
  });
});
