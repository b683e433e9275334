import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpointDecider } from '../../../../domain/integrations/outbound-endpoints.ts';
import { sourceOf } from '../../../../events/catalog.ts';
import { readStream } from '../../../../functions/adapters/event-store.ts';
import * as api from '../../../../functions/api/notifications/contract.ts';
import { aggregates, systemStreams } from '../../../../functions/application/aggregates.ts';
import { execute } from '../../../../functions/application/command.ts';
import { dropReadModels, rebuildViews } from '../../../../functions/projections/project.ts';
import { invoke } from '../../../../infra/local/lambda.ts';
import type { ReceivedEmail } from '../../../../infra/local/mail.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../../support/cloud.ts';
import { conforms, created } from '../fixtures.ts';

let cloud: TestCloud;
let owner: Api;
let admin: Api;
let viewer: Api;

beforeAll(async () => {
  cloud = await startTestCloud();
  [owner, admin, viewer] = await Promise.all([
    signedIn(cloud, 'owner'),
    signedIn(cloud, 'admin'),
    signedIn(cloud, 'viewer'),
  ]);
});
afterAll(async () => {
  await cloud?.stop();
});

type Inbox = { items: Json[]; unread: number; nextCursor?: string };

const inboxOf = async (who: Api) => {
  const res = await who.get<Inbox>('/api/notifications');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  conforms(api.listNotifications, res.body);
  return res.body;
};

const mailTo = async (address: string, subject: string): Promise<ReceivedEmail[]> =>
  (await cloud.mail.received()).filter(
    (m) => m.to.some((t) => t.address === address) && m.subject.includes(subject),
  );

describe('the notification centre and its email', () => {
  let notification: Json;
  let securityEventId: string;

  it('tells owners and admins of a security event, in the centre and by email with a console link', async () => {
    // Inviting someone straight into the admin role is a role escalation: a high-severity detection.
    created(await owner.post('/api/users', { email: 'straight.in@example.com', role: 'admin' }));
    await cloud.settle();
    const inbox = await inboxOf(owner);
    notification = inbox.items.find((n) => String(n.title).includes('straight.in@example.com'))!;
    expect(notification).toMatchObject({
      status: 'unread',
      severity: 'warning',
      source: { kind: 'security-event' },
      link: expect.stringMatching(/^\/security\/events\//),
    });
    securityEventId = String((notification.source as Json).id);
    expect(inbox.unread).toBeGreaterThanOrEqual(1);
    expect((await inboxOf(admin)).items.map((n) => n.id)).toContain(notification.id);

    const mails = await mailTo('owner@firefly.example', 'straight.in@example.com');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/^\[Firefly\] Warning: Security: /);
    expect(mails[0]!.text).toContain(`${cloud.url}/security/events/${securityEventId}`);
    expect(await mailTo('admin@firefly.example', 'straight.in@example.com')).toHaveLength(1);
  });

  it('shows no one a notification that is not theirs', async () => {
    expect((await inboxOf(viewer)).items.map((n) => n.id)).not.toContain(notification.id);
    const res = await viewer.post(`/api/notifications/${notification.id}/read`);
    expect(res.status).toBe(404);
  });

  it('raises nothing and emails no one again when the same event is delivered twice', async () => {
    const [commit] = await readStream(systemStreams.security(securityEventId));
    const event = commit!.events[0]!;
    await invoke(cloud.functions.get('notifications')!, {
      source: sourceOf(event.type),
      'detail-type': event.type,
      detail: event,
    });
    await cloud.settle();
    expect((await inboxOf(owner)).items.filter((n) => n.id === notification.id)).toHaveLength(1);
    expect(await mailTo('owner@firefly.example', 'straight.in@example.com')).toHaveLength(1);
  });

  it('marks one read for its reader only, then all read', async () => {
    const before = await inboxOf(owner);
    const read = created(await owner.post(`/api/notifications/${notification.id}/read`), 200);
    conforms(api.readNotification, read);
    expect(read).toMatchObject({ id: notification.id, status: 'read', readAt: expect.any(String) });
    const after = await inboxOf(owner);
    expect(after.unread).toBe(before.unread - 1);
    // Unread first: the read one comes after every unread one.
    const statuses = after.items.map((n) => n.status);
    expect(statuses).toEqual(statuses.toSorted((a, b) => (a === b ? 0 : a === 'unread' ? -1 : 1)));
    expect((await inboxOf(admin)).items.find((n) => n.id === notification.id)?.status).toBe('unread');

    const all = created(await admin.post('/api/notifications/read-all'), 200);
    conforms(api.readAllNotifications, all);
    expect(all).toMatchObject({ unread: 0 });
    expect((await inboxOf(admin)).unread).toBe(0);
  });

  it('keeps who read what through a rebuild of the views: read marks are events', async () => {
    const before = await inboxOf(owner);
    expect(before.items.find((n) => n.id === notification.id)?.status).toBe('read');
    await dropReadModels();
    expect((await inboxOf(owner)).items).toEqual([]);
    const rebuilt = await rebuildViews();
    expect(rebuilt.inboxRows).toBeGreaterThan(0);
    const after = await inboxOf(owner);
    expect(after.unread).toBe(before.unread);
    expect(after.items).toEqual(before.items);
  });

  it('tells the owner of an outbound endpoint the platform disabled after five days failing', async () => {
    const endpoint = created(
      await owner.post('/api/webhook-endpoints', {
        url: cloud.sandboxes.receiver.endpoint('gone'),
        description: 'A receiver that went away',
        eventTypes: ['CustomerRegistered'],
      }),
    );
    const stream = aggregates.outboundEndpoint.stream(String(endpoint.id));
    const meta = { actor: { id: 'outbound-webhooks', role: 'system' }, correlationId: 'test' };
    const day = 24 * 3600_000;
    // What the sender records of its attempts: failing since six days ago, and failing still.
    await execute(
      endpointDecider,
      stream,
      { type: 'RecordEndpointOutcome', ok: false, at: new Date(Date.now() - 6 * day).toISOString() },
      meta,
    );
    const disabled = await execute(
      endpointDecider,
      stream,
      { type: 'RecordEndpointOutcome', ok: false, at: new Date().toISOString() },
      meta,
    );
    expect(disabled.events.map((e) => e.type)).toEqual(['OutboundEndpointDisabled']);
    await cloud.settle();
    const told = (await inboxOf(owner)).items.find(
      (n) => (n.source as Json).kind === 'outbound-endpoint' && (n.source as Json).id === endpoint.id,
    );
    expect(told).toMatchObject({
      title: 'Webhook endpoint disabled',
      severity: 'warning',
      status: 'unread',
      link: `/webhook-endpoints/${endpoint.id}`,
    });
    expect(String(told!.body)).toContain(cloud.sandboxes.receiver.endpoint('gone'));
    // Only its owner: not every admin.
    expect((await inboxOf(admin)).items.some((n) => n.id === told!.id)).toBe(false);
    const mails = await mailTo('owner@firefly.example', 'Webhook endpoint disabled');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(`${cloud.url}/webhook-endpoints/${endpoint.id}`);
  });

  it('refuses a cursor it never issued with a 400', async () => {
    expect((await owner.get('/api/notifications?cursor=x.nonsense')).status).toBe(400);
  });
});
