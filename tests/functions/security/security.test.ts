import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamId } from '../../../events/envelope.ts';
import { dynamo } from '../../../functions/adapters/clients.ts';
import { appendRecorded } from '../../../functions/adapters/event-store.ts';
import { handler as digestHandler } from '../../../functions/audit/digest-handler.ts';
import { seqKey } from '../../../functions/audit/store.ts';
import { DEFAULT_DEMO_PASSWORD } from '../../../infra/local/cognito-seed.ts';
import {
  type Api,
  type Json,
  request,
  signedIn,
  startTestCloud,
  type TestCloud,
} from '../../support/cloud.ts';

let cloud: TestCloud;
let owner: Api;
let admin: Api;

const signInFrom = (ip: string, email: string, password = 'Wrong-password-1!') =>
  request(cloud.url, 'POST', '/api/auth/sign-in', {
    body: { email, password },
    headers: { 'x-forwarded-for': ip, 'user-agent': 'security-test' },
  });

const events = async (rule: string) => {
  await cloud.settle();
  return ((await admin.get(`/api/security/events?rule=${rule}&limit=100`)).body.items ?? []) as Json[];
};

const userId = async (email: string) =>
  ((await admin.get('/api/users')).body.items ?? []).find((u) => u.email === email)!.id as string;

beforeAll(async () => {
  cloud = await startTestCloud();
  owner = await signedIn(cloud, 'owner');
  admin = await signedIn(cloud, 'admin');
});
afterAll(() => cloud?.stop());

describe('failed sign-ins', () => {
  it('raises credential stuffing spread over a few addresses', async () => {
    const ips = ['198.51.100.11', '198.51.100.12', '198.51.100.13'];
    for (let i = 0; i < 9; i++) await signInFrom(ips[i % 3]!, `victim${i}@example.com`);
    const found = await events('credential-stuffing');
    expect(found.find((e) => (e.subject as Json).kind === 'addresses')).toMatchObject({
      severity: 'high',
      status: 'open',
      evidence: expect.objectContaining({ accountCount: 8 }),
    });
  });

  it('locks an account after five failures, says until when, and lets an admin unlock it', async () => {
    const email = 'viewer@firefly.example';
    const ip = '192.0.2.10';
    const replies = [];
    for (let i = 0; i < 5; i++) replies.push(await signInFrom(ip, email));
    expect(replies.slice(0, 4).map((r) => r.status)).toEqual([401, 401, 401, 401]);
    const locked = replies[4]!;
    expect(locked.status).toBe(423);
    expect(locked.body).toMatchObject({
      type: 'https://firefly.example/problems/account-locked',
      detail: expect.stringMatching(/locked until \d\d:\d\d UTC .* \(in 1 minute\)/),
    });
    const until = Date.parse((locked.body as Json).lockedUntil as string);
    expect(until - Date.now()).toBeGreaterThan(50_000);
    expect(until - Date.now()).toBeLessThanOrEqual(60_000);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(50);
    // The right password does not get through while locked, and does not extend the lock.
    const right = await signInFrom(ip, email, DEFAULT_DEMO_PASSWORD);
    expect(right.status).toBe(423);
    expect((right.body as Json).lockedUntil).toBe((locked.body as Json).lockedUntil);
    // An account that does not exist locks the same way, so lockouts reveal nothing.
    for (let i = 0; i < 4; i++) await signInFrom(ip, 'nobody@firefly.example');
    expect((await signInFrom(ip, 'nobody@firefly.example')).status).toBe(423);

    const id = await userId(email);
    expect((await admin.get(`/api/users/${id}`)).body).toMatchObject({
      failedSignIns: 5,
      lockedUntil: expect.any(String),
    });
    const unlocked = await admin.post(`/api/users/${id}/unlock`);
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.lockedUntil).toBeUndefined();
    expect((await signInFrom(ip, email, DEFAULT_DEMO_PASSWORD)).status).toBe(200);

    const found = await events('failed-sign-ins-account');
    expect(found.find((e) => (e.subject as Json).id === email)).toMatchObject({
      severity: 'medium',
      explanation: expect.stringContaining('guessing the password'),
    });
  });

  it('pauses an address after 20 failures and raises per-address and credential-stuffing events', async () => {
    const ip = '203.0.113.66';
    for (let i = 0; i < 20; i++) {
      const reply = await signInFrom(ip, `stuffed${i}@example.com`);
      expect(reply.status).toBe(401);
    }
    // Even the right password for a real account is refused from that address now.
    const paused = await signInFrom(ip, 'analyst@firefly.example', DEFAULT_DEMO_PASSWORD);
    expect(paused.status).toBe(429);
    expect(paused.body).toMatchObject({
      type: 'https://firefly.example/problems/too-many-attempts',
      lockedUntil: expect.any(String),
    });
    expect((await signInFrom('203.0.113.67', 'analyst@firefly.example', DEFAULT_DEMO_PASSWORD)).status).toBe(
      200,
    );
    const byAddress = await events('failed-sign-ins-address');
    expect(byAddress.find((e) => (e.subject as Json).id === ip)).toMatchObject({ severity: 'medium' });
    const stuffing = await events('credential-stuffing');
    expect(stuffing.find((e) => (e.subject as Json).id === ip)).toMatchObject({
      severity: 'high',
      evidence: expect.objectContaining({ accountCount: 5 }),
    });
  });
});

describe('other detections', () => {
  it('notes a sign-in from a new address', async () => {
    const email = 'manager@firefly.example';
    expect((await signInFrom('192.0.2.50', email, DEFAULT_DEMO_PASSWORD)).status).toBe(200);
    await cloud.settle();
    expect((await signInFrom('192.0.2.51', email, DEFAULT_DEMO_PASSWORD)).status).toBe(200);
    const found = await events('new-address-sign-in');
    expect(found.find((e) => (e.evidence as Json).address === '192.0.2.51')).toMatchObject({
      severity: 'low',
      subject: { kind: 'account', id: email },
    });
  });

  it('raises role escalations, graded by the role granted', async () => {
    const invited = await owner.post('/api/users', { email: 'rising@example.com', role: 'viewer' });
    expect(invited.status).toBe(201);
    const id = invited.body.id as string;
    await owner.put(`/api/users/${id}/role`, { role: 'manager' });
    await owner.put(`/api/users/${id}/role`, { role: 'admin' });
    await owner.put(`/api/users/${id}/role`, { role: 'viewer' });
    const found = (await events('role-escalation')).filter(
      (e) => (e.subject as Json).id === 'rising@example.com',
    );
    expect(found.map((e) => e.severity).sort()).toEqual(['high', 'medium']);
  });

  it('raises a burst of sensitive reads', async () => {
    for (let i = 0; i < 10; i++) await admin.get(`/api/audit/entries?type=OrderPlaced&limit=${i + 1}`);
    const found = await events('sensitive-read-burst');
    expect(found.find((e) => (e.subject as Json).id === 'admin@firefly.example')).toMatchObject({
      severity: 'medium',
      evidence: expect.objectContaining({ reads: 10 }),
    });
  });

  it('notes activity outside business hours once a day', async () => {
    const actor = { id: 'sub-night', email: 'night@firefly.example', role: 'manager', ip: '192.0.2.99' };
    // Sunday 2026-03-08, 03:00 and 04:00 in Denver.
    for (const at of ['2026-03-08T10:00:00Z', '2026-03-08T11:00:00Z']) {
      await appendRecorded(
        streamId('customer', `night-${at}`),
        [
          {
            type: 'CustomerRegistered',
            data: { customerId: `night-${at}`, name: 'Night', email: 'n@x.com', marketingConsent: false },
          },
        ],
        { actor, correlationId: `night-${at}`, at: new Date(at) },
      );
    }
    const found = (await events('off-hours-activity')).filter((e) => (e.subject as Json).id === actor.email);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'low',
      evidence: { localTime: expect.stringMatching(/^2026-03-08 0[34]:00$/) },
    });
  });

  it('raises repeated webhook signature failures', async () => {
    for (let i = 0; i < 5; i++) {
      await appendRecorded(
        streamId('webhook', 'stripe'),
        [
          {
            type: 'WebhookSignatureRejected',
            data: { provider: 'stripe', endpoint: '/webhooks/stripe', reason: 'mismatch' },
          },
        ],
        { actor: { id: '203.0.113.200', role: 'anonymous', ip: '203.0.113.200' }, correlationId: `wh-${i}` },
      );
    }
    const found = await events('webhook-signature-failures');
    expect(found[0]).toMatchObject({ severity: 'high', subject: { kind: 'webhook', id: 'stripe' } });
  });

  it('raises audit-log tampering when the digest job finds a broken chain', async () => {
    await cloud.settle();
    await dynamo().send(
      new PutCommand({
        TableName: process.env.AUDIT_TABLE!,
        Item: {
          pk: 'chain',
          sk: seqKey(3),
          entry: '{"forged":true}',
          hash: 'x',
          prevHash: 'y',
          eventId: 'z',
        },
      }),
    );
    const outcome = await digestHandler({});
    expect(outcome.digest).toMatchObject({
      written: false,
      reason: expect.stringContaining('does not verify'),
    });
    const found = await events('audit-log-tampering');
    expect(found[0]).toMatchObject({
      severity: 'critical',
      title: expect.stringContaining('Entry 3 was edited'),
    });
  });
});

describe('the security dashboard API', () => {
  it('acknowledges and resolves events, once each', async () => {
    const [event] = await events('webhook-signature-failures');
    const id = event!.id as string;
    const ack = await admin.post(`/api/security/events/${id}/acknowledge`, {
      note: 'Checking the Stripe secret',
    });
    expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'admin@firefly.example' });
    expect((await admin.post(`/api/security/events/${id}/acknowledge`, { note: 'again' })).status).toBe(409);
    const resolved = await owner.post(`/api/security/events/${id}/resolve`, {
      resolution: 'fixed',
      note: 'Rotated the secret',
    });
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      resolution: 'fixed',
      resolvedBy: 'owner@firefly.example',
    });
    expect((resolved.body.notes as Json[]).map((n) => n.kind)).toEqual(['acknowledged', 'resolved']);
    expect(
      (await admin.post(`/api/security/events/${id}/resolve`, { resolution: 'fixed', note: 'x' })).status,
    ).toBe(409);
    expect((await admin.get('/api/security/events/20990101T0000-nothing-0000000000')).status).toBe(404);
    const open = await admin.get('/api/security/events?status=resolved');
    expect(open.body.items?.map((e) => e.id)).toContain(id);
  });

  it('counts open events and recommends from the current state', async () => {
    const overview = await admin.get('/api/security/overview');
    expect(overview.status).toBe(200);
    expect((overview.body.open as Json).critical).toBeGreaterThanOrEqual(1);
    const recommendations = overview.body.recommendations as Json[];
    expect(recommendations.find((r) => r.id === 'mfa-for-privileged')?.subjects).toEqual(
      expect.arrayContaining(['owner@firefly.example', 'admin@firefly.example']),
    );
    const rules = await admin.get('/api/security/rules');
    expect((rules.body.rules as Json[]).map((r) => r.id)).toContain('credential-stuffing');
    expect(rules.body.lockout).toMatchObject({
      account: expect.stringContaining('5 consecutive failed sign-ins'),
    });
    const viewer = await signedIn(cloud, 'viewer');
    expect((await viewer.get('/api/security/overview')).status).toBe(403);
  });
});
