import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../../../../functions/api/reports/contract.ts';
import { buildDataset, datasetLagMs } from '../../../../functions/reports/dataset-build.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../../support/cloud.ts';
import { conforms, created, ifMatch } from '../fixtures.ts';
import { yearOfHistory } from './history.ts';

let cloud: TestCloud;
let owner: Api;
let analyst: Api;
let viewer: Api;

beforeAll(async () => {
  cloud = await startTestCloud();
  await yearOfHistory('report-builder', { dataset: false });
  [owner, analyst, viewer] = await Promise.all([
    signedIn(cloud, 'owner'),
    signedIn(cloud, 'analyst'),
    signedIn(cloud, 'viewer'),
  ]);
}, 120_000);
afterAll(() => cloud?.stop());

const byChannel = { dataset: 'leads', rows: [{ field: 'channel' }], values: [{ agg: 'count', as: 'leads' }] };
const total = (rows: Json[]) => rows.reduce((sum, r) => sum + Number(r.leads), 0);

describe('the report builder through the API', () => {
  it('builds the dataset from the store, then takes only new commits into it, idempotently', async () => {
    const first = await buildDataset({ full: true, now: new Date(Date.now() + 5_000) });
    expect(first.events).toBeGreaterThan(100);
    const before = await owner.post('/api/reports/query', { definition: byChannel });
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    conforms(api.queryReport, before.body);
    const leads = total(before.body.rows as Json[]);
    expect(leads).toBeGreaterThan(0);

    created(await owner.post('/api/leads', { name: 'Newest', email: 'newest@example.com', channel: 'show' }));
    // A build takes commits older than two seconds; building twice with one clock, after the lead has
    // settled, makes the second build's window closed and so empty.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const until = new Date();
    const next = await buildDataset({ now: until });
    // At least the lead: sign-ins outside office hours also raise security events and notifications in
    // the background, which land in the store too but touch no table.
    expect(next.commits).toBeGreaterThanOrEqual(1);
    expect(next.tables).toEqual(['leads']);
    expect(datasetLagMs(next.manifest)).toBeLessThan(60_000);
    const again = await buildDataset({ now: until });
    expect(again.commits).toBe(0);
    expect(again.tables).toEqual([]);
    const after = await owner.post('/api/reports/query', { definition: byChannel });
    expect(total(after.body.rows as Json[])).toBe(leads + 1);
  });

  it('lists the datasets a role may read, with typed fields', async () => {
    const res = await viewer.get('/api/reports/datasets');
    expect(res.status).toBe(200);
    conforms(api.reportDatasets, res.body);
    const orders = (res.body.items as Json[]).find((d) => d.name === 'orders')!;
    expect(orders.fields).toContainEqual(expect.objectContaining({ name: 'total_cents', type: 'integer' }));
  });

  it('pages a large preview with a cursor', async () => {
    const definition = { dataset: 'leads', rows: [{ field: 'lead_id' }, { field: 'channel' }] };
    const first = await owner.post('/api/reports/query', { definition, pageSize: 5 });
    expect(first.status).toBe(200);
    expect(first.body.rows).toHaveLength(5);
    const second = await owner.post('/api/reports/query', {
      definition,
      pageSize: 5,
      cursor: first.body.nextCursor,
    });
    expect(second.body.rows).toHaveLength(5);
    expect((second.body.rows as Json[])[0]!.lead_id).not.toBe((first.body.rows as Json[])[0]!.lead_id);
  });

  it('answers bad definitions with problems naming the part to fix, never a 5xx', async () => {
    const cases: [unknown, string][] = [
      [{ ...byChannel, rows: [{ field: 'nope' }] }, 'definition.rows[0].field'],
      [{ ...byChannel, values: [{ agg: 'sum', field: 'channel' }] }, 'definition.values[0].agg'],
      [
        { ...byChannel, fields: [{ name: 'x', expression: "read_parquet('/etc/passwd')" }] },
        'definition.fields[0].expression',
      ],
      [{ ...byChannel, dataset: 'users' }, 'definition.dataset'],
    ];
    for (const [definition, path] of cases) {
      const res = await owner.post('/api/reports/query', { definition });
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ path })]);
    }
    const none = await owner.post('/api/reports/query', {
      definition: { ...byChannel, filters: [{ field: 'channel', op: 'equals', value: 'carrier pigeon' }] },
    });
    expect(none.status).toBe(200);
    expect(none.body.rows).toEqual([]);
  });

  it('drills from a mark to the records behind it, under the report filters and with bound values', async () => {
    const report = await owner.post('/api/reports/query', { definition: byChannel });
    const mark = (report.body.rows as Json[])[0]!;
    const drilled = await viewer.post('/api/reports/drill', {
      definition: byChannel,
      point: { channel: mark.channel },
      value: 'leads',
      pageSize: 1000,
    });
    expect(drilled.status, JSON.stringify(drilled.body)).toBe(200);
    conforms(api.drillReport, drilled.body);
    const rows = drilled.body.rows as Json[];
    expect(rows).toHaveLength(Number(mark.leads));
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set([mark.channel]));
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['lead_id', 'captured_on', 'status']));
    // A quote in the value is a value, not SQL.
    const odd = await viewer.post('/api/reports/drill', {
      definition: byChannel,
      point: { channel: "web' OR '1'='1" },
    });
    expect(odd.status).toBe(200);
    expect(odd.body.rows).toEqual([]);
    const bad = await viewer.post('/api/reports/drill', { definition: byChannel, point: { status: 'open' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'point.status' })]);
  });

  it('runs a report over the previous period for a KPI, and says where a report has none', async () => {
    const lastYear = {
      dataset: 'leads',
      values: [{ agg: 'count', as: 'leads' }],
      filters: [{ field: 'captured_on', op: 'in_last', amount: 6, unit: 'month' }],
    };
    const now = await owner.post('/api/reports/query', { definition: lastYear });
    const before = await owner.post('/api/reports/query', { definition: lastYear, period: 'previous' });
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    const all = await owner.post('/api/reports/query', { definition: { ...lastYear, filters: [] } });
    const count = (r: { body: Json }) => Number((r.body.rows as Json[])[0]!.leads);
    expect(count(now) + count(before)).toBeLessThanOrEqual(count(all));
    expect(count(before)).toBeGreaterThan(0);
    const none = await owner.post('/api/reports/query', { definition: byChannel, period: 'previous' });
    expect(none.status).toBe(422);
    expect(none.body.errors).toEqual([expect.objectContaining({ path: 'definition.visual.compare' })]);
  });

  it('saves a report from a template, edits it with If-Match, runs it as JSON and CSV, archives it', async () => {
    const templates = await viewer.get('/api/reports/templates');
    expect((templates.body.items as Json[]).length).toBeGreaterThanOrEqual(10);
    expect(
      (await viewer.post('/api/reports/saved', { name: 'Nope', templateId: 'lead-funnel' })).status,
    ).toBe(403);
    const made = await analyst.post('/api/reports/saved', { name: 'Funnel', templateId: 'lead-funnel' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    conforms(api.createSavedReport, made.body);
    expect(made.body).toMatchObject({ templateId: 'lead-funnel', version: 1, actions: ['edit', 'archive'] });
    const id = String(made.body.id);
    const stale = await analyst.put(
      `/api/reports/saved/${id}`,
      { name: 'x', definition: byChannel },
      { 'if-match': '"0"' },
    );
    expect(stale.status).toBe(409);
    const edited = await analyst.put(
      `/api/reports/saved/${id}`,
      { name: 'By channel', definition: byChannel },
      ifMatch(made.body),
    );
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.version).toBe(2);
    const bad = await analyst.put(
      `/api/reports/saved/${id}`,
      { name: 'By channel', definition: { ...byChannel, rows: [{ field: 'nope' }] } },
      ifMatch(edited.body),
    );
    expect(bad.status).toBe(422);
    // Not shared with viewers yet: to them it does not exist.
    expect((await viewer.get(`/api/reports/saved/${id}/results`)).status).toBe(404);
    const shared = await analyst.post(
      `/api/reports/saved/${id}/shares`,
      { grantee: { kind: 'role', role: 'viewer' }, access: 'view' },
      ifMatch(edited.body),
    );
    expect(shared.status, JSON.stringify(shared.body)).toBe(200);
    const results = await viewer.get(`/api/reports/saved/${id}/results`);
    expect(results.status).toBe(200);
    conforms(api.savedReportResults, results.body);
    const csv = await viewer.get<string>(`/api/reports/saved/${id}/results?format=csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe('channel,leads');
    // Someone else's report, not shared with them: a manager does not see it; an owner of the platform may change it.
    const manager = await signedIn(cloud, 'manager');
    expect(
      (await manager.post(`/api/reports/saved/${id}/archive`, undefined, ifMatch(shared.body))).status,
    ).toBe(404);
    const archived = await owner.post(`/api/reports/saved/${id}/archive`, undefined, ifMatch(shared.body));
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ status: 'archived', actions: [] });
    const history = await owner.get(`/api/reports/saved/${id}/events`);
    expect((history.body.items as Json[]).map((e) => e.type)).toEqual([
      'ReportDrafted',
      'ReportEdited',
      'ReportShared',
      'ReportArchived',
    ]);
    await cloud.settle();
    const listed = await viewer.get('/api/reports/saved?status=archived');
    expect((listed.body.items as Json[]).map((r) => r.id)).toContain(id);
  });
});
