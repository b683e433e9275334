import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../../../../functions/api/monitoring/contract.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../../support/cloud.ts';
import { conforms } from '../fixtures.ts';

/**
 * Monitoring against the in-process local cloud: stop s3rver and the deep health shows its buckets down
 * within their timeout; after 3 of 5 runs of `monitoring-check` the alert fires, reaches the mail inbox
 * and the notification centre; restore it and after 3 of 3 passing runs it recovers, with an info
 * notification (emailed too).
 */
/** Each run of the check writes a datapoint per rule and waits for the bus: minutes on a busy machine. */
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
  await cloud?.services.s3.start();
  await cloud?.stop();
});

type Health = { status: string; checks: (Json & { check: string; status: string; reason: string })[] };
type Rule = Json & { id: string; state: string; acknowledged?: Json; silencedUntil?: string };

const RULE = 'health-bucket-backups';
const check = async () => {
  await cloud.scheduler.runNow('monitoring-check');
  await cloud.settle();
};
const ruleOf = async (): Promise<Rule> => {
  const res = await owner.get<{ rule: Rule; history: Json[] }>(`/api/monitoring/alerts/${RULE}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  conforms(api.getAlertRule, res.body);
  return res.body.rule;
};
const inboxTitles = async (who: Api) =>
  ((await who.get<{ items: Json[] }>('/api/notifications?limit=100')).body.items ?? []).map((n) =>
    String(n.title),
  );

describe('monitoring: deep health and alerts through an outage', () => {
  it('checks every dependency; managers may read it, viewers may not', async () => {
    const res = await manager.get<Health>('/api/health/deep');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    conforms(api.deepHealth, res.body);
    const byCheck = Object.fromEntries(res.body.checks.map((c) => [c.check, c]));
    for (const name of [
      'table:events',
      'table:views',
      'table:audit',
      'bucket:backups',
      'bus',
      'cognito',
      'stepfunctions',
    ])
      expect(byCheck[name]?.status, `${name}: ${byCheck[name]?.reason}`).toBe('ok');
    expect(byCheck['pipeline:outbox']).toMatchObject({ figures: { depth: expect.any(Number) } });
    // Read from the metrics the projector and the bus emit: measured, and nothing lost on a fresh cloud.
    expect(byCheck['pipeline:projections']).toMatchObject({
      status: 'ok',
      figures: { projected: expect.any(Number), projectionLagP95Seconds: expect.any(Number) },
    });
    expect(byCheck['pipeline:dead-letters']).toMatchObject({ status: 'ok', figures: { deadLetters: 0 } });
    expect((await viewer.get('/api/health/deep')).status).toBe(403);
    expect((await viewer.get('/api/monitoring/alerts')).status).toBe(403);
    expect(
      (
        await manager.post(`/api/monitoring/alerts/${RULE}/silence`, {
          until: new Date(Date.now() + 60_000).toISOString(),
        })
      ).status,
    ).toBe(403);
  });

  it(
    'starts in INSUFFICIENT_DATA and is OK after three passing runs',
    async () => {
      expect((await ruleOf()).state).toBe('INSUFFICIENT_DATA');
      for (let i = 0; i < 3; i++) await check();
      expect((await ruleOf()).state).toBe('OK');
      const list = await owner.get<{ items: Rule[] }>('/api/monitoring/alerts?state=OK');
      conforms(api.listAlertRules, list.body);
      expect(list.body.items.map((r) => r.id)).toContain(RULE);
    },
    SLOW,
  );

  it(
    'fires after 3 of 5 runs with S3 down, emails and notifies; recovers after 3 of 3',
    async () => {
      await cloud.services.s3.stop();
      const started = performance.now();
      const health = await owner.get<Health>('/api/health/deep');
      expect(performance.now() - started).toBeLessThan(5_000);
      const backups = health.body.checks.find((c) => c.check === 'bucket:backups')!;
      expect(backups.status, backups.reason).toBe('down');
      expect(health.body.status).toBe('down');
      expect(health.body.checks.find((c) => c.check === 'table:events')?.status).toBe('ok');

      await check();
      await check();
      expect((await ruleOf()).state).toBe('OK');
      await check();
      const firing = await ruleOf();
      expect(firing.state).toBe('ALARM');
      expect(firing.reason).toMatch(/3 of the last 5 checks breached/);
      await expect.poll(() => inboxTitles(owner)).toContain('Alert firing: Backups bucket down');
      const mail = (await cloud.mail.received()).filter((m) =>
        m.subject.includes('Critical: Alert firing: Backups bucket down'),
      );
      expect(mail.map((m) => m.to[0]?.address).toSorted()).toEqual([
        'admin@firefly.example',
        'owner@firefly.example',
      ]);
      expect(mail[0]?.text).toContain(`/monitoring/alerts/${RULE}`);

      const acknowledged = await owner.post<Rule>(`/api/monitoring/alerts/${RULE}/acknowledge`, {
        note: 'Looking',
      });
      expect(acknowledged.status, JSON.stringify(acknowledged.body)).toBe(200);
      expect(acknowledged.body.acknowledged).toMatchObject({ by: 'owner@firefly.example', note: 'Looking' });

      await cloud.services.s3.start();
      await check();
      await check();
      // No flapping: two passing runs are not yet the three in a row recovery needs.
      expect((await ruleOf()).state).toBe('ALARM');
      await check();
      const recovered = await ruleOf();
      expect(recovered.state).toBe('OK');
      expect(recovered.acknowledged).toBeUndefined();
      await expect.poll(() => inboxTitles(owner)).toContain('Alert recovered: Backups bucket down');
      expect(
        (await cloud.mail.received()).some(
          (m) => m.subject === '[Firefly] Alert recovered: Backups bucket down',
        ),
      ).toBe(true);

      const detail = await owner.get<{ history: Json[] }>(`/api/monitoring/alerts/${RULE}`);
      expect(detail.body.history.map((h) => `${h.kind}${h.to ? `:${h.to}` : ''}`)).toEqual([
        'changed:OK',
        'acknowledged',
        'changed:ALARM',
        'changed:OK',
      ]);
    },
    SLOW,
  );

  it(
    'silences a rule until a time: its changes then notify nobody',
    async () => {
      const until = new Date(Date.now() + 3_600_000).toISOString();
      const silenced = await owner.post<Rule>(`/api/monitoring/alerts/${RULE}/silence`, { until });
      expect(silenced.status, JSON.stringify(silenced.body)).toBe(200);
      conforms(api.silenceAlert, silenced.body);
      expect(silenced.body.silencedUntil).toBe(until);
      await cloud.services.s3.stop();
      for (let i = 0; i < 3; i++) await check();
      await cloud.services.s3.start();
      expect((await ruleOf()).state).toBe('ALARM');
      expect(
        (await inboxTitles(owner)).filter((t) => t === 'Alert firing: Backups bucket down'),
      ).toHaveLength(1);
      const lifted = await owner.post<Rule>(`/api/monitoring/alerts/${RULE}/unsilence`);
      expect(lifted.status).toBe(200);
      expect(lifted.body.silencedUntil).toBeUndefined();
      // Bad input is a clear 4xx: a silence in the past, a rule that does not exist, lifting twice.
      expect(
        (await owner.post(`/api/monitoring/alerts/${RULE}/silence`, { until: '2020-01-01T00:00:00Z' }))
          .status,
      ).toBe(422);
      expect((await owner.post('/api/monitoring/alerts/no-such-rule/acknowledge', {})).status).toBe(404);
      expect((await owner.post(`/api/monitoring/alerts/${RULE}/unsilence`)).status).toBe(409);
    },
    SLOW,
  );
});
