import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../../../../functions/api/reports/dashboard-contract.ts';
import {
  type Api,
  apiAs,
  type Json,
  signedIn,
  startTestCloud,
  type TestCloud,
} from '../../../support/cloud.ts';
import { conforms, created, ifMatch } from '../fixtures.ts';
import { yearOfHistory } from './history.ts';

let cloud: TestCloud;
let owner: Api;
let analyst: Api;
let viewer: Api;

beforeAll(async () => {
  cloud = await startTestCloud();
  await yearOfHistory('dashboards', { dataset: true });
  [owner, analyst, viewer] = await Promise.all([
    signedIn(cloud, 'owner'),
    signedIn(cloud, 'analyst'),
    signedIn(cloud, 'viewer'),
  ]);
}, 120_000);
afterAll(() => cloud?.stop());

const template = (tileId: string, templateId: string, width = 1) => ({
  tileId,
  source: { kind: 'template', templateId },
  width,
});
const lastMonth = { kind: 'date', range: { op: 'in_last', amount: 1, unit: 'month' } };
const sum = (rows: Json[], column: string) => rows.reduce((n, r) => n + Number(r[column] ?? 0), 0);

const tileResults = (as: Api, id: string, tileId: string, body: Json = {}) =>
  as.post(`/api/dashboards/${id}/tiles/${tileId}/results`, body);

const share = async (report: Json, grantee: Json) => {
  const current = (await analyst.get<Json>(`/api/reports/saved/${report.id}`)).body;
  const res = await analyst.post(
    `/api/reports/saved/${report.id}/shares`,
    { grantee, access: 'view' },
    ifMatch(current),
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
};

describe('dashboards through the API', () => {
  let dashboard: Json;
  let leadsReport: Json;

  it('makes a dashboard of a template and a saved report, for those who may edit reports', async () => {
    const report = created(
      await analyst.post('/api/reports/saved', { name: 'Leads', templateId: 'lead-conversion-by-channel' }),
    );
    const body = {
      name: 'Sales and leads',
      tiles: [
        template('sales', 'sales-by-month', 2),
        { tileId: 'leads', source: { kind: 'report', reportId: report.id }, width: 1 },
      ],
    };
    expect((await viewer.post('/api/dashboards', body)).status).toBe(403);
    const res = await analyst.post('/api/dashboards', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    conforms(api.createDashboard, res.body);
    expect(res.body).toMatchObject({
      version: 1,
      status: 'active',
      filters: [],
      actions: ['edit', 'archive'],
    });
    dashboard = res.body;
    const read = await viewer.get(`/api/dashboards/${dashboard.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ tiles: body.tiles, actions: [] });
    // A saved report stays private on a dashboard: its tile is no report at all to those it isn't
    // shared with, and works for them once it is.
    const hidden = await tileResults(viewer, String(dashboard.id), 'leads');
    expect(hidden.status).toBe(404);
    await share(report, { kind: 'role', role: 'viewer' });
    expect((await tileResults(viewer, String(dashboard.id), 'leads')).status).toBe(200);
    leadsReport = report;
  });

  it('refuses a tile of a saved report its maker may not see', async () => {
    const res = await viewer.post('/api/dashboards', { name: 'x', tiles: [] });
    expect(res.status).toBe(403);
    const mine = created(
      await owner.post('/api/reports/saved', { name: 'Private', templateId: 'lead-funnel' }),
    );
    const refused = await analyst.post('/api/dashboards', {
      name: 'Not mine',
      tiles: [{ tileId: 'p', source: { kind: 'report', reportId: mine.id } }],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'tiles[0].source.reportId' })]);
  });

  it("runs each tile with the shared filters that fit it, and says which didn't", async () => {
    const id = String(dashboard.id);
    const plain = await tileResults(viewer, id, 'leads');
    expect(plain.status, JSON.stringify(plain.body)).toBe(200);
    conforms(api.dashboardTileResults, plain.body);
    expect(plain.body).toMatchObject({ title: 'Leads', filters: [] });
    const channel = String((plain.body.rows as Json[])[0]!.channel);
    const filtered = await tileResults(viewer, id, 'leads', {
      filters: [
        { kind: 'date', range: { op: 'in_last', amount: 6, unit: 'month' } },
        { kind: 'equals', field: 'channel', values: [channel] },
      ],
    });
    expect(filtered.status, JSON.stringify(filtered.body)).toBe(200);
    expect(filtered.body.filters).toEqual([
      { index: 0, applied: true, field: 'captured_on' },
      { index: 1, applied: true, field: 'channel' },
    ]);
    const all = sum(plain.body.rows as Json[], 'leads');
    const some = sum(filtered.body.rows as Json[], 'leads');
    expect(all).toBeGreaterThan(0);
    expect(some).toBeLessThan(all);
    expect(new Set((filtered.body.rows as Json[]).map((r) => r.channel))).toEqual(new Set([channel]));

    const sales = await tileResults(viewer, id, 'sales', {
      filters: [lastMonth, { kind: 'equals', field: 'channel', values: ['web_form'] }],
    });
    expect(sales.status, JSON.stringify(sales.body)).toBe(200);
    expect(sales.body.filters).toEqual([
      { index: 0, applied: true, field: 'placed_on' },
      { index: 1, applied: false, reason: "This report's data has no field channel" },
    ]);
    // A tile being edited runs before it is saved.
    const unsaved = await tileResults(viewer, id, 'new', { tile: template('new', 'lead-funnel') });
    expect(unsaved.status, JSON.stringify(unsaved.body)).toBe(200);
    expect(unsaved.body.title).toBe('Lead → quote → order funnel');
    const other = await tileResults(viewer, id, 'x', { tile: template('new', 'lead-funnel') });
    expect(other.status).toBe(422);
    expect((await tileResults(viewer, id, 'nope')).status).toBe(404);
    expect((await tileResults(viewer, 'nope', 'sales')).status).toBe(404);
  });

  it('saves shared filters with the dashboard: its tiles run with them unless told otherwise', async () => {
    const id = String(dashboard.id);
    const before = sum((await tileResults(viewer, id, 'leads')).body.rows as Json[], 'leads');
    const edited = await analyst.put(
      `/api/dashboards/${id}`,
      { name: 'Sales and leads', tiles: dashboard.tiles, filters: [lastMonth] },
      ifMatch(dashboard),
    );
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.version).toBe(2);
    const after = await tileResults(viewer, id, 'leads');
    expect(after.body.filters).toEqual([{ index: 0, applied: true, field: 'captured_on' }]);
    expect(sum(after.body.rows as Json[], 'leads')).toBeLessThan(before);
    // A stale version is refused with the current one: nothing is lost.
    const stale = await analyst.put(`/api/dashboards/${id}`, { name: 'Lost', tiles: [] }, ifMatch(dashboard));
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      type: expect.stringContaining('version-conflict'),
      currentVersion: 2,
    });
    dashboard = edited.body;
  });

  it('answers 403 for a tile whose data the caller may not read, and runs the others', async () => {
    const key = created(
      await owner.post('/api/api-keys', { name: 'Leads only', permissions: ['reports:read', 'leads:read'] }),
    );
    const leadsOnly = apiAs(cloud, String(key.key));
    await share(leadsReport, { kind: 'user', id: `apikey:${key.id}` });
    const id = String(dashboard.id);
    expect((await leadsOnly.get(`/api/dashboards/${id}`)).status).toBe(200);
    expect((await tileResults(leadsOnly, id, 'leads')).status).toBe(200);
    const refused = await tileResults(leadsOnly, id, 'sales');
    expect(refused.status).toBe(403);
    expect(refused.body.title).toMatch(/this tile/);
  });

  it('refuses bad tiles and filters with problems naming each', async () => {
    const res = await analyst.post('/api/dashboards', {
      name: 'Bad',
      tiles: [template('a', 'sales-by-month'), template('a', 'lead-funnel'), template('c', 'nope')],
      filters: [{ kind: 'date', range: { op: 'between', from: '2026-03-01', to: '2026-01-01' } }],
    });
    expect(res.status).toBe(422);
    expect((res.body.errors as Json[]).map((e) => e.path)).toEqual([
      'tiles[1].tileId',
      'tiles[2].source.templateId',
      'filters[0].range',
    ]);
    const shape = await analyst.post('/api/dashboards', {
      name: 'Bad',
      tiles: [{ ...template('a', 'sales-by-month'), width: 5 }],
    });
    // A shape the contract refuses is the edge's 400, pointing at the field.
    expect(shape.status).toBe(400);
    expect(JSON.stringify(shape.body.errors)).toContain('width');
    const missing = await analyst.post('/api/dashboards', {
      name: 'Bad',
      tiles: [{ tileId: 'r', source: { kind: 'report', reportId: 'nope' } }],
    });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([expect.objectContaining({ path: 'tiles[0].source.reportId' })]);
  });

  it('serves the Overview from its templates until an owner or admin customises it', async () => {
    const first = await viewer.get('/api/dashboards/overview');
    expect(first.status).toBe(200);
    conforms(api.getDashboard, first.body);
    expect(first.body).toMatchObject({ id: 'overview', version: 0, actions: [] });
    const tiles = first.body.tiles as Json[];
    expect(tiles.map((t) => (t.source as Json).templateId)).toContain('sales-by-month');
    const ran = await tileResults(viewer, 'overview', 'sales-by-month');
    expect(ran.status, JSON.stringify(ran.body)).toBe(200);
    expect((await owner.get('/api/dashboards/overview')).body.actions).toEqual(['edit']);

    const mine = { name: 'Overview', tiles: tiles.slice(0, 2), filters: [lastMonth] };
    expect((await analyst.put('/api/dashboards/overview', mine, ifMatch(first.body))).status).toBe(403);
    const customised = await owner.put('/api/dashboards/overview', mine, ifMatch(first.body));
    expect(customised.status, JSON.stringify(customised.body)).toBe(200);
    expect(customised.body).toMatchObject({ version: 1, tiles: tiles.slice(0, 2), filters: [lastMonth] });
    expect((await viewer.get('/api/dashboards/overview')).body).toMatchObject({ version: 1 });
    const history = await owner.get('/api/dashboards/overview/events');
    expect((history.body.items as Json[]).map((e) => e.type)).toEqual(['DashboardCreated']);
  });

  it('archives a dashboard and lists it by status', async () => {
    const archived = await analyst.post(
      `/api/dashboards/${dashboard.id}/archive`,
      undefined,
      ifMatch(dashboard),
    );
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ status: 'archived', actions: [] });
    await cloud.settle();
    const listed = await viewer.get('/api/dashboards?status=archived');
    conforms(api.listDashboards, listed.body);
    expect((listed.body.items as Json[]).map((d) => d.id)).toEqual([dashboard.id]);
  });
});
