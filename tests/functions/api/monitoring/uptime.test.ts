import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../../../../functions/api/monitoring/contract.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../../support/cloud.ts';
import { conforms } from '../fixtures.ts';

/**
 * Uptime on the in-process local cloud: the synthetic checks run with `runNow` (the real schedule runs
 * too, every minute, so counts are "at least"); stopping the local Cognito makes the sign-in check fail,
 * which opens an incident and lowers availability; starting it again closes the incident after 3 passing
 * runs. Then the SLO's target (If-Match) and a rule's settings and channels (email, console, webhook).
 */
const SLOW = 180_000;
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
afterAll(async () => {
  await cloud?.services.cognito.start();
  await cloud?.services.s3.start();
  await cloud?.stop();
});

type Check = Json & { check: string; status: string; availability: number | null; daily: Json[] };
type Incident = Json & { check: string; open: boolean; end?: string; durationSeconds: number };

const uptime = async () => {
  await cloud.scheduler.runNow('uptime-check');
  await cloud.settle();
};
const report = async () => {
  const res = await owner.get<{ checks: Check[] }>('/api/monitoring/uptime?days=7');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  conforms(api.getUptime, res.body);
  return Object.fromEntries(res.body.checks.map((c) => [c.check, c]));
};
const incidents = async () => {
  const res = await owner.get<{ items: Incident[] }>('/api/monitoring/uptime/incidents?check=sign-in');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  conforms(api.listUptimeIncidents, res.body);
  return res.body.items;
};

describe('uptime: synthetic checks, incidents, the SLO', () => {
  it(
    'checks the console, the API health and a sign-in; managers may read it, viewers may not',
    async () => {
      for (let i = 0; i < 3; i++) await uptime();
      const checks = await report();
      for (const name of ['console', 'api', 'sign-in']) {
        expect(checks[name]?.status, JSON.stringify(checks[name]?.latest)).toBe('up');
        expect(checks[name]?.availability).toBe(1);
        expect(Number(checks[name]?.daily.at(-1)?.runs)).toBeGreaterThanOrEqual(3);
      }
      expect(checks['sign-in']?.daily).toHaveLength(7);
      const slo = await owner.get<Json>('/api/monitoring/slo');
      conforms(api.getSlo, slo.body);
      expect(slo.body).toMatchObject({ target: 0.999, windowDays: 30, availability: 1 });
      expect(slo.headers.get('etag')).toBe('"0"');
      expect((await manager.get('/api/monitoring/uptime')).status).toBe(200);
      expect((await viewer.get('/api/monitoring/uptime')).status).toBe(403);
      expect((await viewer.get('/api/monitoring/slo')).status).toBe(403);
      expect((await manager.put('/api/monitoring/slo', { target: 0.99 }, { 'if-match': '"0"' })).status).toBe(
        403,
      );
      // The synthetic password is never in what the API or the events show.
      expect(JSON.stringify(checks)).not.toMatch(/Up-[A-Za-z0-9_-]{20}/);
    },
    SLOW,
  );

  it(
    'opens an incident when sign-in fails 2 of 3 runs, and closes it after 3 passing runs',
    async () => {
      await cloud.services.cognito.stop();
      try {
        await uptime();
        await uptime();
      } finally {
        await cloud.services.cognito.start();
      }
      const during = await incidents();
      expect(during[0], JSON.stringify(during)).toMatchObject({ check: 'sign-in', open: true });
      const down = await report();
      expect(down['sign-in']?.status).toBe('down');
      expect(down['sign-in']?.availability).toBeLessThan(1);
      // The API and the console did not depend on the user pool.
      expect(down.api?.status).toBe('up');
      expect(down.console?.status).toBe('up');

      await uptime();
      await uptime();
      expect((await incidents())[0]?.open).toBe(true);
      await uptime();
      const closed = (await incidents())[0]!;
      expect(closed.open).toBe(false);
      expect(Date.parse(String(closed.end))).toBeGreaterThan(Date.parse(String(closed.start)));
      expect(closed.durationSeconds).toBeGreaterThanOrEqual(0);
      expect((await report())['sign-in']?.status).toBe('up');
      const slo = (
        await owner.get<Json & { errorBudget: { spent: number; remaining: number } }>('/api/monitoring/slo')
      ).body;
      expect(slo.errorBudget.spent).toBeGreaterThanOrEqual(2);
      expect(slo.errorBudget.remaining).toBeLessThan(1);
    },
    SLOW,
  );

  it('changes the SLO target with If-Match; refuses a bad or stale one', async () => {
    const changed = await owner.put<Json>('/api/monitoring/slo', { target: 0.99 }, { 'if-match': '"0"' });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    conforms(api.putSlo, changed.body);
    expect(changed.body).toMatchObject({ target: 0.99, version: 1 });
    expect((await owner.put('/api/monitoring/slo', { target: 0.98 }, { 'if-match': '"0"' })).status).toBe(
      409,
    );
    const bad = await owner.put<Json>('/api/monitoring/slo', { target: 1 }, { 'if-match': '"1"' });
    expect(bad.status).toBe(422);
    expect(String(bad.body.detail)).toMatch(/between 90% and 99.999%/);
    expect((await owner.put('/api/monitoring/slo', { target: 0.99 })).status).toBe(428);
  });

  it(
    "refuses unsound rule settings with the field named; sends an alert to the rule's channels",
    async () => {
      const RULE = 'health-bucket-backups';
      const detail = await owner.get<{ rule: Json }>(`/api/monitoring/alerts/${RULE}`);
      const version = String(detail.body.rule.version);
      const settings = {
        condition: { kind: 'above', threshold: 1 },
        policy: { fire: { m: 1, n: 1 }, recover: { m: 1, n: 1 } },
        channels: { console: true, email: false },
      };
      const put = (body: unknown, v = version) =>
        owner.put<Json & { errors?: { path: string }[] }>(`/api/monitoring/alerts/${RULE}/settings`, body, {
          'if-match': `"${v}"`,
        });
      const badM = await put({ ...settings, policy: { fire: { m: 4, n: 3 }, recover: { m: 1, n: 1 } } });
      expect(badM.status).toBe(422);
      expect(badM.body.errors?.map((e) => e.path)).toEqual(['body.policy.fire.m']);
      const badBand = await put({ ...settings, condition: { kind: 'outside', min: 2, max: 1 } });
      expect(badBand.body.errors?.map((e) => e.path)).toEqual(['body.condition.max']);
      const badThreshold = await put({ ...settings, condition: { kind: 'above', threshold: 7 } });
      expect(badThreshold.body.errors?.map((e) => e.path)).toEqual(['body.condition.threshold']);
      const noEndpoint = await put({
        ...settings,
        channels: { console: true, email: false, webhookEndpointId: 'nope' },
      });
      expect(noEndpoint.body.errors?.map((e) => e.path)).toEqual(['body.channels.webhookEndpointId']);
      expect(
        (
          await manager.put(`/api/monitoring/alerts/${RULE}/settings`, settings, {
            'if-match': `"${version}"`,
          })
        ).status,
      ).toBe(403);

      // A webhook endpoint subscribed to nothing of monitoring: the rule's channel chooses it.
      const receiver = cloud.sandboxes.receiver;
      const endpoint = await owner.post<Json>('/api/webhook-endpoints', {
        url: receiver.endpoint('alerts'),
        description: 'On-call pager',
        eventTypes: ['CustomerRegistered'],
      });
      expect(endpoint.status, JSON.stringify(endpoint.body)).toBe(201);
      receiver.configure('alerts', { secret: String(endpoint.body.signingSecret) });
      await cloud.settle();
      const configured = await put({
        ...settings,
        channels: { console: true, email: false, webhookEndpointId: endpoint.body.id },
      });
      expect(configured.status, JSON.stringify(configured.body)).toBe(200);
      conforms(api.configureAlertRule, configured.body);
      expect(configured.body).toMatchObject({ policy: settings.policy, channels: { email: false } });

      const mailBefore = (await cloud.mail.received()).length;
      await cloud.services.s3.stop();
      try {
        await cloud.scheduler.runNow('monitoring-check');
        await cloud.settle();
      } finally {
        await cloud.services.s3.start();
      }
      expect((await owner.get<{ rule: Json }>(`/api/monitoring/alerts/${RULE}`)).body.rule.state).toBe(
        'ALARM',
      );
      // Console: in the notification centre. Email: off, so no mail for it. Webhook: signed, verified.
      await expect
        .poll(async () =>
          ((await owner.get<{ items: Json[] }>('/api/notifications?limit=100')).body.items ?? []).map(
            (n) => n.title,
          ),
        )
        .toContain('Alert firing: Backups bucket down');
      await expect.poll(() => receiver.received('alerts').length).toBeGreaterThanOrEqual(1);
      const delivered = receiver.received('alerts')[0]!;
      expect(delivered.verified).toBe(true);
      expect(JSON.parse(delivered.body)).toMatchObject({
        type: 'AlertStateChanged',
        data: { ruleId: RULE, to: 'ALARM' },
      });
      const mails = (await cloud.mail.received()).slice(mailBefore);
      expect(mails.filter((m) => m.subject.includes('Backups bucket down'))).toEqual([]);

      // Console off as well: the recovery tells nobody in the console, still reaches the webhook.
      const current = String(
        (await owner.get<{ rule: Json }>(`/api/monitoring/alerts/${RULE}`)).body.rule.version,
      );
      const quiet = await put(
        { ...settings, channels: { console: false, email: false, webhookEndpointId: endpoint.body.id } },
        current,
      );
      expect(quiet.status, JSON.stringify(quiet.body)).toBe(200);
      await cloud.scheduler.runNow('monitoring-check');
      await cloud.settle();
      expect((await owner.get<{ rule: Json }>(`/api/monitoring/alerts/${RULE}`)).body.rule.state).toBe('OK');
      await expect.poll(() => receiver.received('alerts').length).toBeGreaterThanOrEqual(2);
      const titles = (
        (await owner.get<{ items: Json[] }>('/api/notifications?limit=100')).body.items ?? []
      ).map((n) => n.title);
      expect(titles).not.toContain('Alert recovered: Backups bucket down');
      // Email without the console is refused: it goes to the people the console notification reaches.
      const emailOnly = await put(
        { ...settings, channels: { console: false, email: true } },
        String((await owner.get<{ rule: Json }>(`/api/monitoring/alerts/${RULE}`)).body.rule.version),
      );
      expect(emailOnly.body.errors?.map((e) => e.path)).toEqual(['body.channels.email']);
    },
    SLOW,
  );
});
