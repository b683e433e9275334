import { GetScheduleCommand } from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBytes } from '../../../../functions/adapters/blobs.ts';
import { scheduler } from '../../../../functions/adapters/clients.ts';
import * as api from '../../../../functions/api/reports/delivery-contract.ts';
import { exportFiles, query as queryTask, runPrefix } from '../../../../functions/reports/delivery/tasks.ts';
import { handler as startReport } from '../../../../functions/reports/start.ts';
import { config } from '../../../../functions/runtime/config.ts';
import {
  type Api,
  type Json,
  request,
  signedIn,
  startTestCloud,
  type TestCloud,
} from '../../../support/cloud.ts';
import { conforms, created, ifMatch } from '../fixtures.ts';
import { yearOfHistory } from './history.ts';

let cloud: TestCloud;
let owner: Api;
let analyst: Api;
let manager: Api;
let viewer: Api;

beforeAll(async () => {
  cloud = await startTestCloud();
  await yearOfHistory('report-delivery', { dataset: true });
  [owner, analyst, manager, viewer] = await Promise.all([
    signedIn(cloud, 'owner'),
    signedIn(cloud, 'analyst'),
    signedIn(cloud, 'manager'),
    signedIn(cloud, 'viewer'),
  ]);
}, 180_000);
afterAll(() => cloud?.stop());

/** Leads by month, oldest first: the periods a condition compares. */
const byMonth = {
  dataset: 'leads',
  rows: [{ field: 'captured_on', grain: 'month', as: 'month' }],
  values: [{ agg: 'count', as: 'leads' }],
  sort: [{ by: 'month', direction: 'asc' }],
};

const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, ms = 60_000) => {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
};

const runsOf = async (id: string) =>
  (await analyst.get<{ items: Json[] }>(`/api/reports/saved/${id}/runs`)).body.items;
const ended = (id: string, runId: string) =>
  until(
    () => runsOf(id),
    (runs) => runs.some((r) => r.runId === runId && r.status !== 'running'),
    `run ${runId}`,
  ).then((runs) => runs.find((r) => r.runId === runId)!);

const mailWith = async (address: string, subject: string) =>
  (await cloud.mail.received()).filter(
    (m) => m.to.some((t) => t.address === address) && m.subject.includes(subject),
  );

let report: Json;

const fresh = async () => (await analyst.get<Json>(`/api/reports/saved/${report.id}`)).body;

describe("a saved report's schedule", () => {
  it('is kept as one EventBridge Scheduler schedule in the reports group, targeting the report starter', async () => {
    report = created(
      await analyst.post('/api/reports/saved', { name: 'Leads by month', definition: byMonth }),
    );
    const schedule = {
      cron: 'cron(0 8 ? * MON *)',
      timezone: 'Europe/Berlin',
      formats: ['csv', 'xlsx', 'sql', 'json'],
      compression: 'none',
      recipients: [{ kind: 'email', address: 'analyst@firefly.example', mode: 'attachment' }],
    };
    const set = await analyst.put(`/api/reports/saved/${report.id}/schedule`, { schedule }, ifMatch(report));
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    conforms(api.setReportSchedule, set.body);
    expect(set.body.schedule).toMatchObject(schedule);
    await cloud.settle();
    const kept = await scheduler().send(
      new GetScheduleCommand({ Name: `report-${report.id}`, GroupName: 'firefly-local-reports' }),
    );
    expect(kept).toMatchObject({
      ScheduleExpression: 'cron(0 8 ? * MON *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      Target: { Arn: expect.stringContaining('report-start') },
    });
    expect(JSON.parse(kept.Target!.Input!)).toMatchObject({ reportId: report.id });

    // Changed: the same schedule, updated.
    const moved = await analyst.put(
      `/api/reports/saved/${report.id}/schedule`,
      { schedule: { ...schedule, cron: 'cron(30 6 * * ? *)' } },
      ifMatch(set.body),
    );
    expect(moved.status).toBe(200);
    await cloud.settle();
    const updated = await scheduler().send(
      new GetScheduleCommand({ Name: `report-${report.id}`, GroupName: 'firefly-local-reports' }),
    );
    expect(updated.ScheduleExpression).toBe('cron(30 6 * * ? *)');

    // Removed: gone from Scheduler; set again for the runs below.
    const removed = await analyst.delete(
      `/api/reports/saved/${report.id}/schedule`,
      undefined,
      ifMatch(moved.body),
    );
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    conforms(api.removeReportSchedule, removed.body);
    await cloud.settle();
    await expect(
      scheduler().send(
        new GetScheduleCommand({ Name: `report-${report.id}`, GroupName: 'firefly-local-reports' }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const again = await analyst.put(
      `/api/reports/saved/${report.id}/schedule`,
      { schedule },
      ifMatch(removed.body),
    );
    expect(again.status).toBe(200);
    report = again.body;
  });

  it('refuses a bad cron, zone, recipient or condition with a 422 naming the field, never a 5xx', async () => {
    const base = {
      cron: 'cron(0 8 ? * MON *)',
      timezone: 'UTC',
      formats: ['csv'],
      recipients: [{ kind: 'email', address: 'a@b.example' }],
    };
    const refused = async (schedule: Json) => {
      const res = await analyst.put(
        `/api/reports/saved/${report.id}/schedule`,
        { schedule },
        ifMatch(report),
      );
      return { status: res.status, paths: ((res.body as Json).errors as Json[]).map((e) => e.path) };
    };
    expect(await refused({ ...base, cron: 'every monday' })).toEqual({
      status: 422,
      paths: ['schedule.cron'],
    });
    expect(await refused({ ...base, cron: 'cron(99 8 ? * MON *)' })).toEqual({
      status: 422,
      paths: ['schedule.cron'],
    });
    expect(await refused({ ...base, timezone: 'Mars/Olympus' })).toEqual({
      status: 422,
      paths: ['schedule.timezone'],
    });
    expect(await refused({ ...base, recipients: [{ kind: 'webhook', endpointId: 'nope' }] })).toEqual({
      status: 422,
      paths: ['schedule.recipients[0].endpointId'],
    });
    expect(
      await refused({ ...base, condition: { kind: 'falls-by', value: 'revenue', percent: 10 } }),
    ).toEqual({ status: 422, paths: ['schedule.condition.value'] });
    const badFormat = await refused({ ...base, formats: ['pdf'] });
    expect(badFormat.status).toBe(400);
    expect(badFormat.paths).toEqual(['body.schedule.formats.0']);
    const badAddress = await refused({ ...base, recipients: [{ kind: 'email', address: 'not-an-address' }] });
    expect(badAddress.paths).toEqual(['body.schedule.recipients.0.address']);
  });

  it('is for those who may change the report: a viewer may not, a manager it is not shared with does not see it', async () => {
    expect(
      (
        await viewer.put(
          `/api/reports/saved/${report.id}/schedule`,
          { schedule: report.schedule },
          ifMatch(report),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await manager.put(
          `/api/reports/saved/${report.id}/schedule`,
          { schedule: report.schedule },
          ifMatch(report),
        )
      ).status,
    ).toBe(404);
  });
});

describe('a run of a saved report on the report state machine', () => {
  it('runs by hand: files in every format with manifests, emailed as attachments, in the history', async () => {
    const started = await analyst.post(`/api/reports/saved/${report.id}/run`);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    conforms(api.runSavedReport, started.body);
    const run = await ended(String(report.id), String(started.body.runId));
    expect(run, JSON.stringify(run)).toMatchObject({ status: 'succeeded', trigger: 'manual' });
    expect(run.rows).toBeGreaterThan(3);
    expect(run.durationMs).toBeGreaterThan(0);
    conforms(api.listReportRuns, { items: [run] });
    const files = run.files as Json[];
    expect(files.map((f) => f.format)).toEqual(['csv', 'xlsx', 'sql', 'json']);
    const xlsx = await fetch(String(files[1]!.url));
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    const csv = await (await fetch(String(files[0]!.url))).text();
    expect(csv.split('\n')[0]).toBe('month,leads');
    const manifest = (await (await fetch(String(files[0]!.manifestUrl))).json()) as Json;
    expect(manifest).toMatchObject({
      format: 'firefly-export/1',
      source: { kind: 'report', reportId: report.id },
      rows: run.rows,
      sha256: files[0]!.sha256,
    });
    const mail = await until(
      () => mailWith('analyst@firefly.example', 'Report: Leads by month'),
      (m) => m.length > 0,
      'the report email',
    );
    expect(mail[0]!.text).toContain(`${run.rows} rows`);
    expect((mail[0] as unknown as { attachments?: Json[] }).attachments?.length).toBe(4);
  });

  it('runs on its schedule through the starter, and delivers a signed webhook the receiver verifies', async () => {
    const endpoint = created(
      await owner.post('/api/webhook-endpoints', {
        url: cloud.sandboxes.receiver.endpoint('reports'),
        description: 'Report receiver',
        eventTypes: ['CustomerRegistered'],
      }),
    );
    cloud.sandboxes.receiver.configure('reports', { secret: String(endpoint.signingSecret) });
    const current = await fresh();
    const set = await analyst.put(
      `/api/reports/saved/${report.id}/schedule`,
      {
        schedule: {
          ...(current.schedule as Json),
          formats: ['csv'],
          recipients: [
            { kind: 'email', address: 'analyst@firefly.example', mode: 'link' },
            { kind: 'webhook', endpointId: endpoint.id },
          ],
        },
      },
      ifMatch(current),
    );
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    // What EventBridge Scheduler sends the starter at the schedule's time.
    const before = (await runsOf(String(report.id))).length;
    await startReport({ reportId: report.id, scheduledTime: new Date().toISOString() } as never, {} as never);
    const runs = await until(
      () => runsOf(String(report.id)),
      (r) => r.length > before,
      'the scheduled run',
    );
    const run = await ended(String(report.id), String(runs[0]!.runId));
    expect(run).toMatchObject({
      status: 'succeeded',
      trigger: 'schedule',
      scheduledTime: expect.any(String),
    });
    const got = cloud.sandboxes.receiver.received('reports');
    expect(got).toHaveLength(1);
    expect(got[0]!.verified).toBe(true);
    const body = JSON.parse(got[0]!.body) as Json;
    expect(body).toMatchObject({ type: 'report.delivered', data: { reportId: report.id, rows: run.rows } });
    const mail = await until(
      () => mailWith('analyst@firefly.example', 'Report: Leads by month'),
      (m) => m.some((x) => x.text?.includes('X-Amz-Signature')),
      'the email with links',
    );
    expect(mail.length).toBeGreaterThan(1);
  });

  it('skips delivery when its condition does not hold, and says why', async () => {
    const current = await fresh();
    const set = await analyst.put(
      `/api/reports/saved/${report.id}/schedule`,
      {
        schedule: {
          ...(current.schedule as Json),
          recipients: [{ kind: 'email', address: 'skipped@firefly.example' }],
          condition: { kind: 'falls-by', value: 'leads', percent: 100 },
        },
      },
      ifMatch(current),
    );
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const started = await analyst.post(`/api/reports/saved/${report.id}/run`);
    const run = await ended(String(report.id), String(started.body.runId));
    expect(run).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('did not fall more than 100%'),
    });
    expect(run.files).toBeUndefined();
    expect(await mailWith('skipped@firefly.example', 'Report')).toHaveLength(0);
  });

  it('retries a failing delivery, then records the failure and tells the owner', async () => {
    const endpoint = created(
      await owner.post('/api/webhook-endpoints', {
        url: cloud.sandboxes.receiver.endpoint('down'),
        description: 'Down receiver',
        eventTypes: ['CustomerRegistered'],
      }),
    );
    cloud.sandboxes.receiver.configure('down', { secret: String(endpoint.signingSecret), fail: 100 });
    const current = await fresh();
    const set = await analyst.put(
      `/api/reports/saved/${report.id}/schedule`,
      {
        schedule: {
          cron: 'cron(0 8 ? * MON *)',
          timezone: 'UTC',
          formats: ['csv'],
          recipients: [{ kind: 'webhook', endpointId: endpoint.id }],
        },
      },
      ifMatch(current),
    );
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const started = await analyst.post(`/api/reports/saved/${report.id}/run`);
    const run = await ended(String(report.id), String(started.body.runId));
    expect(run).toMatchObject({ status: 'failed', error: expect.stringContaining('Delivery failed') });
    // The first attempt and the state's two retries.
    expect(cloud.sandboxes.receiver.received('down')).toHaveLength(3);
    // The run is recorded failed first, then its owner is told.
    await until(
      async () => (await analyst.get<{ items: Json[] }>('/api/notifications?limit=100')).body.items,
      (items) => items.some((n) => String(n.title).includes('Report run failed: Leads by month')),
      "the owner's notification",
    );
  }, 90_000);
});

describe('sharing', () => {
  it('shares with a user to edit: they may then change the report; unshared, no longer', async () => {
    const me = (await manager.get<Json>('/api/me')).body;
    const current = await fresh();
    const shared = await analyst.post(
      `/api/reports/saved/${report.id}/shares`,
      { grantee: { kind: 'user', id: me.id }, access: 'edit' },
      ifMatch(current),
    );
    expect(shared.status, JSON.stringify(shared.body)).toBe(200);
    conforms(api.shareReport, shared.body);
    const share = (shared.body.shares as Json[])[0]!;
    const edited = await manager.put(
      `/api/reports/saved/${report.id}`,
      { name: 'Leads by month, shared', definition: byMonth },
      ifMatch(shared.body),
    );
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const unshared = await analyst.delete(
      `/api/reports/saved/${report.id}/shares/${share.shareId}`,
      undefined,
      ifMatch(edited.body),
    );
    expect(unshared.status).toBe(200);
    conforms(api.unshareReport, unshared.body);
    expect(
      (
        await manager.put(
          `/api/reports/saved/${report.id}`,
          { name: 'Not any more', definition: byMonth },
          ifMatch(unshared.body),
        )
      ).status,
    ).toBe(404);
  });

  it('a share link opens the results signed out, records each view, and is refused once revoked, forged or expired', async () => {
    const current = await fresh();
    const tooLong = await analyst.post(
      `/api/reports/saved/${report.id}/links`,
      { expiresAt: new Date(Date.now() + 31 * 86_400_000).toISOString() },
      ifMatch(current),
    );
    expect(tooLong.status).toBe(422);
    const made = await analyst.post(
      `/api/reports/saved/${report.id}/links`,
      { expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString() },
      ifMatch(current),
    );
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    conforms(api.createReportLink, made.body);
    const token = String(made.body.token);
    const opened = await request<Json>(cloud.url, 'GET', `/api/shared/${token}`);
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    conforms(api.openSharedReport, opened.body);
    expect(opened.body.name).toBe('Leads by month, shared');
    expect(((opened.body.result as Json).rows as Json[]).length).toBeGreaterThan(3);
    await request(cloud.url, 'GET', `/api/shared/${token}`);
    await cloud.settle();
    const views = await analyst.get<{ items: Json[] }>(`/api/reports/saved/${report.id}/links/views`);
    conforms(api.reportLinkViews, views.body);
    expect(views.body.items.filter((v) => v.linkId === made.body.linkId)).toHaveLength(2);
    const audit = await owner.get<{ items: Json[] }>('/api/audit/entries?type=SensitiveDataAccessed');
    expect(JSON.stringify(audit.body)).toContain(`share link ${made.body.linkId}`);
    expect(JSON.stringify(audit.body)).not.toContain(token);

    const forged = `${token.slice(0, -4)}${token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    const refused = await request<Json>(cloud.url, 'GET', `/api/shared/${forged}`);
    expect(refused.status).toBe(401);
    expect((await request(cloud.url, 'GET', '/api/shared/not-a-token')).status).toBe(401);

    const linked = await fresh();
    const revoked = await analyst.post(
      `/api/reports/saved/${report.id}/links/${made.body.linkId}/revoke`,
      undefined,
      ifMatch(linked),
    );
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    conforms(api.revokeReportLink, revoked.body);
    expect((await request(cloud.url, 'GET', `/api/shared/${token}`)).status).toBe(403);

    const brief = await analyst.post(
      `/api/reports/saved/${report.id}/links`,
      { expiresAt: new Date(Date.now() + 1_500).toISOString() },
      ifMatch(revoked.body),
    );
    expect(brief.status).toBe(201);
    await new Promise((r) => setTimeout(r, 2_500));
    const expired = await request<Json>(cloud.url, 'GET', `/api/shared/${brief.body.token}`);
    expect(expired.status).toBe(410);
    expect(expired.body).toMatchObject({ status: 410 });
  });
});

describe("a run under its owner's current rights", () => {
  it('fails with the reason in the run history, delivers nothing, and tells the owner and admins when the owner is disabled', async () => {
    const made = created(
      await manager.post('/api/reports/saved', { name: 'Manager leads by month', definition: byMonth }),
    );
    const managerId = String((await manager.get<Json>('/api/me')).body.id);
    const admin = await signedIn(cloud, 'admin');
    // While the owner may read it, a run succeeds.
    const first = await owner.post(`/api/reports/saved/${made.id}/run`);
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const ok = await until(
      async () => (await owner.get<{ items: Json[] }>(`/api/reports/saved/${made.id}/runs`)).body.items,
      (runs) => runs.some((r) => r.runId === first.body.runId && r.status !== 'running'),
      'the first run',
    );
    expect(ok.find((r) => r.runId === first.body.runId)).toMatchObject({ status: 'succeeded' });
    const link = await manager.post(
      `/api/reports/saved/${made.id}/links`,
      { expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
      ifMatch((await manager.get<Json>(`/api/reports/saved/${made.id}`)).body),
    );
    expect(link.status, JSON.stringify(link.body)).toBe(201);
    const openLink = () => request<Json>(cloud.url, 'GET', `/api/shared/${link.body.token}`);
    expect((await openLink()).status).toBe(200);

    expect((await owner.post(`/api/users/${managerId}/disable`, { reason: 'left' })).status).toBe(200);
    try {
      // Their share links stop showing data too, without telling the viewer why.
      const closed = await openLink();
      expect(closed.status).toBe(403);
      expect(closed.body).toMatchObject({ title: 'This link no longer shows this report' });
      expect(JSON.stringify(closed.body)).not.toContain('disabled');
      const started = await owner.post(`/api/reports/saved/${made.id}/run`);
      expect(started.status).toBe(202);
      const runs = await until(
        async () => (await owner.get<{ items: Json[] }>(`/api/reports/saved/${made.id}/runs`)).body.items,
        (items) => items.some((r) => r.runId === started.body.runId && r.status !== 'running'),
        'the refused run',
      );
      const run = runs.find((r) => r.runId === started.body.runId)!;
      expect(run).toMatchObject({ status: 'failed', error: expect.stringContaining('owner is disabled') });
      expect(run.files).toBeUndefined();
      expect(run.rows).toBeUndefined();
      await until(
        async () => (await admin.get<{ items: Json[] }>('/api/notifications?limit=100')).body.items,
        (items) => items.some((n) => String(n.title).includes('Report run failed: Manager leads by month')),
        "the admins' notification",
      );
    } finally {
      await owner.post(`/api/users/${managerId}/enable`);
    }
    expect((await openLink()).status).toBe(200);
  }, 90_000);
});

describe("a run's result", () => {
  it('is written and exported page by page: a result of many pages comes out whole, in order', async () => {
    const byDay = {
      dataset: 'leads',
      rows: [{ field: 'captured_on', grain: 'day', as: 'day' }],
      values: [{ agg: 'count', as: 'leads' }],
      sort: [{ by: 'day', direction: 'asc' }],
    };
    const made = created(
      await analyst.post('/api/reports/saved', { name: 'Leads by day', definition: byDay }),
    );
    const whole = await analyst.get<string>(`/api/reports/saved/${made.id}/results?format=csv`);
    const expected = whole.body.trim().split(/\r?\n/);
    const pageSize = 7;
    expect(expected.length - 1).toBeGreaterThan(pageSize * 3);
    const me = (await analyst.get<Json>('/api/me')).body;
    const request = {
      reportId: String(made.id),
      runId: `01PAGED${Date.now()}`,
      trigger: 'manual' as const,
      requestedBy: { id: String(me.id), role: 'analyst' },
    };
    const queried = await queryTask(request, pageSize);
    expect(queried.rows).toBe(expected.length - 1);
    // Kept between the tasks as a header and a line per row, read back line by line, never one document.
    const kept = (await getBytes(
      config.exportsBucket,
      `${runPrefix(request.reportId, request.runId)}result.ndjson`,
    ))!
      .toString('utf8')
      .trim()
      .split('\n');
    expect(kept).toHaveLength(expected.length);
    expect(JSON.parse(kept[0]!)).toMatchObject({ columns: [{ name: 'day' }, { name: 'leads' }] });
    const exported = await exportFiles(queried);
    const csv = (await getBytes(config.exportsBucket, exported.files[0]!.key))!.toString('utf8');
    expect(csv.trim().split(/\r?\n/)).toEqual(expected);
  }, 60_000);
});
