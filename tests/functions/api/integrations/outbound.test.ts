import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../../../../functions/api/outbound/contract.ts';
import { env } from '../../../../functions/runtime/env.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../../support/cloud.ts';
import { conforms, created, customer, ifMatch } from '../fixtures.ts';

let cloud: TestCloud;
let owner: Api;
let manager: Api;
let viewer: Api;
const startedAt = new Date().toISOString();

beforeAll(async () => {
  // Retries in milliseconds rather than minutes and hours: 5 min becomes 30 ms, 30 min 180 ms.
  process.env[env.OUTBOUND_RETRY_SCALE] = '0.0001';
  cloud = await startTestCloud();
  [owner, manager, viewer] = await Promise.all([
    signedIn(cloud, 'owner'),
    signedIn(cloud, 'manager'),
    signedIn(cloud, 'viewer'),
  ]);
});
afterAll(async () => {
  delete process.env[env.OUTBOUND_RETRY_SCALE];
  await cloud?.stop();
});

const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> => {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
};

const receiver = () => cloud.sandboxes.receiver;

/** Adds an endpoint on a named receiver, tells the receiver its secret, and waits for its view. */
const endpointOn = async (name: string, extra: Json = {}) => {
  const endpoint = created(
    await owner.post('/api/webhook-endpoints', {
      url: receiver().endpoint(name),
      description: `Receiver ${name}`,
      eventTypes: ['CustomerRegistered'],
      ...extra,
    }),
  );
  receiver().configure(name, { secret: String(endpoint.signingSecret) });
  await cloud.settle();
  return endpoint;
};

const deliveriesOf = async (endpointId: unknown) =>
  (await owner.get<{ items: Json[] }>(`/api/webhook-endpoints/${endpointId}/deliveries`)).body.items;

describe('outbound webhooks to a receiver', () => {
  let crm: Json;

  it('creates an endpoint whose signing secret is shown once, then only as a hint', async () => {
    crm = await endpointOn('crm');
    conforms(api.createEndpoint, crm);
    expect(crm.signingSecret).toMatch(/^whsec_/);
    expect(crm).toMatchObject({
      status: 'active',
      format: 'standard-webhooks',
      secret: { last4: String(crm.signingSecret).slice(-4) },
      owner: { id: expect.any(String) },
      actions: expect.arrayContaining(['rotate-secret', 'disable', 'replay']),
    });
    const read = created(await owner.get(`/api/webhook-endpoints/${crm.id}`), 200);
    conforms(api.getEndpoint, read);
    expect(JSON.stringify(read)).not.toContain(String(crm.signingSecret));
    const listed = await owner.get<{ items: Json[] }>('/api/webhook-endpoints');
    expect(JSON.stringify(listed.body)).not.toContain(String(crm.signingSecret));
    const history = await owner.get<{ items: Json[] }>(`/api/audit/entries?type=OutboundEndpointCreated`);
    expect(JSON.stringify(history.body)).not.toContain(String(crm.signingSecret));
  });

  it('delivers a subscribed event, signed so the receiver verifies it with the endpoint secret', async () => {
    const buyer = await customer(owner);
    await cloud.settle();
    const got = receiver().received('crm');
    expect(got).toHaveLength(1);
    expect(got[0]!.verified).toBe(true);
    const body = JSON.parse(got[0]!.body) as Json;
    expect(body).toMatchObject({
      id: got[0]!.headers['webhook-id'],
      type: 'CustomerRegistered',
      timestamp: expect.any(String),
      data: { customerId: buyer.id, name: buyer.name },
    });
    const log = await deliveriesOf(crm.id);
    conforms(api.listEndpointDeliveries, { items: log });
    expect(log[0]).toMatchObject({
      id: got[0]!.headers['webhook-id'],
      status: 'delivered',
      attempts: [{ attempt: 1, ok: true, statusCode: 200, responseBody: expect.stringContaining('ok') }],
      actions: [],
    });
  });

  it('retries a failing receiver on the schedule under the same webhook-id until it accepts', async () => {
    const flaky = await endpointOn('flaky');
    receiver().configure('flaky', { fail: 3 });
    await customer(owner);
    await cloud.settle();
    // The first attempt and the 5-second retry are the consumer's; the rest are the schedule's.
    expect(receiver().received('flaky').length).toBeGreaterThanOrEqual(2);
    await until(
      async () => {
        await cloud.scheduler.runNow('outbound-retries');
        return receiver().received('flaky');
      },
      (got) => got.length >= 4,
      'the fourth attempt',
    );
    const got = receiver().received('flaky');
    expect(got.map((r) => r.answered)).toEqual([500, 500, 500, 200]);
    expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(got.every((r) => r.verified)).toBe(true);
    await cloud.settle();
    const [delivery] = await deliveriesOf(flaky.id);
    expect(delivery).toMatchObject({ status: 'delivered' });
    expect((delivery!.attempts as Json[]).map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 500],
      [2, 500],
      [3, 500],
      [4, 200],
    ]);
    const endpoint = created(await owner.get(`/api/webhook-endpoints/${flaky.id}`), 200);
    expect(endpoint.failingSince).toBeUndefined();
    // Its sync counts the four attempts: three failed with their reason, one delivered, and the lag.
    const sync = created(await owner.get(`/api/webhook-endpoints/${flaky.id}/sync`), 200);
    conforms(api.endpointSync, sync);
    expect(sync).toMatchObject({
      status: 'degraded',
      reasons: ['75.0% of attempts in the window failed'],
      stats: {
        totals: { deliveries: 1, delivered: 1, pending: 0, failed: 0, attempts: 4, failedAttempts: 3 },
        errors: [{ reason: 'The receiver answered 500', count: 3 }],
        lagMs: { p50: expect.any(Number) },
      },
    });
    expect((sync.stats as Json).hours as Json[]).toHaveLength(24);
  });

  it('retries one delivery now, by hand, under the same webhook-id', async () => {
    const down = await endpointOn('down');
    receiver().configure('down', { fail: 1000, failWith: 503 });
    await customer(owner);
    await cloud.settle();
    const [pending] = await deliveriesOf(down.id);
    expect(pending).toMatchObject({
      status: 'pending',
      actions: ['retry'],
      nextAttemptAt: expect.any(String),
    });
    receiver().configure('down', { fail: 0 });
    const retried = created(await owner.post(`/api/webhook-deliveries/${pending!.id}/retry`), 200);
    conforms(api.retryDelivery, retried);
    expect(retried).toMatchObject({ status: 'delivered' });
    expect((retried.attempts as Json[]).at(-1)).toMatchObject({ ok: true, manual: true });
    const ids = receiver()
      .received('down')
      .map((r) => r.headers['webhook-id']);
    expect(new Set(ids)).toEqual(new Set([pending!.id]));
    const again = await owner.post(`/api/webhook-deliveries/${pending!.id}/retry`);
    expect(again.status).toBe(409);
  });

  it('never keeps a response carrying the secret for an Idempotency-Key replay, nor lets it be cached', async () => {
    const body = { url: receiver().endpoint('twice'), eventTypes: ['CustomerRegistered'] };
    const headers = { 'idempotency-key': 'outbound-create-twice' };
    const first = await owner.post('/api/webhook-endpoints', body, headers);
    const second = await owner.post('/api/webhook-endpoints', body, headers);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    expect(second.body.signingSecret).not.toBe(first.body.signingSecret);
    const revealed = await owner.post(
      `/api/webhook-endpoints/${first.body.id}/secret/reveal`,
      undefined,
      headers,
    );
    expect(revealed.headers.get('cache-control')).toBe('no-store');
  });

  it('reveals the secret on request, recording the decryption in the audit log', async () => {
    const revealed = created(await owner.post(`/api/webhook-endpoints/${crm.id}/secret/reveal`), 200);
    expect(revealed.signingSecret).toBe(crm.signingSecret);
    expect((await manager.post(`/api/webhook-endpoints/${crm.id}/secret/reveal`)).status).toBe(403);
    await cloud.settle();
    const audit = await owner.get<{ items: Json[] }>('/api/audit/entries?type=CredentialDecrypted');
    expect(
      audit.body.items.some(
        (e) => (e.changes as Json).purpose === 'reveal' && (e.changes as Json).integrationId === crm.id,
      ),
    ).toBe(true);
  });

  it('rotates the secret: deliveries carry both signatures for a day', async () => {
    const current = created(await owner.get(`/api/webhook-endpoints/${crm.id}`), 200);
    const rotated = created(
      await owner.post(`/api/webhook-endpoints/${crm.id}/secret`, undefined, ifMatch(current)),
      200,
    );
    conforms(api.rotateSecret, rotated);
    expect(rotated.signingSecret).not.toBe(crm.signingSecret);
    expect(rotated.previousSignsUntil).toBeDefined();
    await cloud.settle();
    await customer(owner);
    await cloud.settle();
    const last = receiver().received('crm').at(-1)!;
    expect(last.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    for (const secret of [crm.signingSecret, rotated.signingSecret])
      expect(() => new Webhook(String(secret)).verify(last.body, last.headers)).not.toThrow();
  });

  it('replays a time range under the original ids, making what is missing and leaving what arrived', async () => {
    await cloud.settle();
    const late = await endpointOn('late');
    const replayed = created(
      await owner.post(`/api/webhook-endpoints/${late.id}/replay`, {
        from: startedAt,
        to: new Date().toISOString(),
      }),
      202,
    );
    conforms(api.replayEndpoint, replayed);
    expect(replayed.created).toBeGreaterThanOrEqual(4);
    await until(
      async () => {
        await cloud.scheduler.runNow('outbound-retries');
        return receiver().received('late');
      },
      (got) => got.length >= Number(replayed.created),
      'the replayed deliveries',
    );
    const ids = receiver()
      .received('late')
      .map((r) => r.headers['webhook-id']);
    expect(ids.every((id) => id?.startsWith(`${late.id}_`))).toBe(true);
    const again = created(
      await owner.post(`/api/webhook-endpoints/${late.id}/replay`, {
        from: startedAt,
        to: new Date().toISOString(),
      }),
      202,
    );
    expect(again).toMatchObject({ created: 0, requeued: 0 });
  });

  it('posts a Slack-style { text } summary, unsigned, to a Slack endpoint', async () => {
    await endpointOn('slack', { format: 'slack' });
    const buyer = await customer(owner);
    await cloud.settle();
    const [got] = receiver().received('slack');
    expect(got!.headers['webhook-signature']).toBeUndefined();
    const body = JSON.parse(got!.body) as Json;
    expect(Object.keys(body)).toEqual(['text']);
    expect(body.text).toContain('CustomerRegistered');
    expect(body.text).toContain(String(buyer.name));
  });

  it('stops sending once disabled', async () => {
    const current = created(await owner.get(`/api/webhook-endpoints/${crm.id}`), 200);
    const disabled = created(
      await owner.post(
        `/api/webhook-endpoints/${crm.id}/disable`,
        { reason: 'CRM retired' },
        ifMatch(current),
      ),
      200,
    );
    expect(disabled).toMatchObject({ status: 'disabled', disabledReason: 'CRM retired' });
    expect(disabled.actions).toEqual(['rotate-secret', 'enable']);
    await cloud.settle();
    const before = receiver().received('crm').length;
    await customer(owner);
    await cloud.settle();
    expect(receiver().received('crm')).toHaveLength(before);
  });

  it("fails a disabled endpoint's pending deliveries, and will not retry them by hand", async () => {
    const dead = await endpointOn('dead');
    receiver().configure('dead', { fail: 1000 });
    await customer(owner);
    await cloud.settle();
    const [pending] = await deliveriesOf(dead.id);
    expect(pending).toMatchObject({ status: 'pending' });
    const current = created(await owner.get(`/api/webhook-endpoints/${dead.id}`), 200);
    expect(current.failingSince).toEqual(expect.any(String));
    created(
      await owner.post(`/api/webhook-endpoints/${dead.id}/disable`, { reason: 'Gone' }, ifMatch(current)),
      200,
    );
    const refused = await owner.post(`/api/webhook-deliveries/${pending!.id}/retry`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: 'https://firefly.example/problems/endpoint-disabled' });
    const sent = receiver().received('dead').length;
    await until(
      async () => {
        await cloud.scheduler.runNow('outbound-retries');
        await cloud.settle();
        return deliveriesOf(dead.id);
      },
      (rows) => rows[0]?.status === 'failed',
      'the delivery to fail',
    );
    expect((await deliveriesOf(dead.id))[0]).toMatchObject({ failedReason: 'The endpoint is disabled' });
    expect(receiver().received('dead')).toHaveLength(sent);
  });

  it('refuses unknown event types and bad input with 400, and roles without the permission', async () => {
    const unknown = await owner.post('/api/webhook-endpoints', {
      url: receiver().endpoint('x'),
      eventTypes: ['NoSuchEvent'],
    });
    expect(unknown.status).toBe(400);
    const own = await owner.post('/api/webhook-endpoints', {
      url: receiver().endpoint('x'),
      eventTypes: ['OutboundDeliveryAttempted'],
    });
    expect(own.status).toBe(400);
    expect(
      (await owner.post('/api/webhook-endpoints', { url: 'not a url', eventTypes: ['CustomerRegistered'] }))
        .status,
    ).toBe(400);
    // A number no record can hold is refused at the door, not left to stop the endpoint's projection.
    const huge = await owner.post('/api/webhook-endpoints', {
      url: receiver().endpoint('x'),
      eventTypes: ['CustomerRegistered'],
      filters: { amountCents: 1e308 },
    });
    expect(huge.status).toBe(400);
    expect(JSON.stringify(huge.body)).toContain('body.filters.amountCents');
    const types = await manager.get<{ items: Json[] }>('/api/webhook-event-types');
    conforms(api.listEventTypes, types.body);
    expect(types.body.items.map((t) => t.type)).toContain('OrderPlaced');
    expect(
      (
        await manager.post('/api/webhook-endpoints', {
          url: receiver().endpoint('x'),
          eventTypes: ['CustomerRegistered'],
        })
      ).status,
    ).toBe(403);
    expect((await viewer.get('/api/webhook-endpoints')).status).toBe(403);
  });
});
