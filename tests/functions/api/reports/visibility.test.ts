import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../../../../functions/api/reports/contract.ts';
import { dropReadModels, rebuildViews } from '../../../../functions/projections/project.ts';
import { buildDataset } from '../../../../functions/reports/dataset-build.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../../support/cloud.ts';
import { conforms, created, ifMatch } from '../fixtures.ts';

/**
 * Who sees a saved report, route by route and role by role: its owner, those it is shared with (by id
 * or role, to view or edit), owners and admins of the platform; to anyone else it does not exist.
 */
let cloud: TestCloud;
let owner: Api;
let admin: Api;
let analyst: Api;
let manager: Api;
let viewer: Api;
let managerId: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  await buildDataset({ full: true, now: new Date(Date.now() + 5_000) });
  [owner, admin, analyst, manager, viewer] = await Promise.all([
    signedIn(cloud, 'owner'),
    signedIn(cloud, 'admin'),
    signedIn(cloud, 'analyst'),
    signedIn(cloud, 'manager'),
    signedIn(cloud, 'viewer'),
  ]);
  managerId = String((await manager.get<Json>('/api/me')).body.id);
}, 120_000);
afterAll(() => cloud?.stop());

const byChannel = { dataset: 'leads', rows: [{ field: 'channel' }], values: [{ agg: 'count', as: 'leads' }] };

const save = async (name: string) =>
  created(await analyst.post('/api/reports/saved', { name, definition: byChannel })) as Json & { id: string };

const share = async (report: Json, grantee: Json, access: 'view' | 'edit') => {
  const current = (await analyst.get<Json>(`/api/reports/saved/${report.id}`)).body;
  const res = await analyst.post(
    `/api/reports/saved/${report.id}/shares`,
    { grantee, access },
    ifMatch(current),
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

const listed = async (as: Api, query = '') => {
  const res = await as.get<{ items: Json[]; nextCursor?: string }>(`/api/reports/saved?limit=100${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  conforms(api.listSavedReports, res.body);
  return res.body.items.map((r) => String(r.id));
};

/** Every page of a list, `limit` at a time: each page full until the last. */
const pages = async (as: Api, limit: number, query = '') => {
  const out: string[][] = [];
  let cursor: string | undefined;
  do {
    const res = await as.get<{ items: Json[]; nextCursor?: string }>(
      `/api/reports/saved?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    out.push(res.body.items.map((r) => String(r.id)));
    cursor = res.body.nextCursor;
  } while (cursor && out.length < 20);
  return out;
};

const reads = (as: Api, id: string) =>
  Promise.all(
    ['', '/events', '/results', '/runs', '/links/views'].map(
      async (path) => (await as.get(`/api/reports/saved/${id}${path}`)).status,
    ),
  );

describe('who sees a saved report', () => {
  it('is its owner and the owners and admins of the platform; to others it does not exist (404 on every read and change)', async () => {
    const report = await save('Private by channel');
    await cloud.settle();
    expect(await reads(analyst, report.id)).toEqual([200, 200, 200, 200, 200]);
    expect(await reads(owner, report.id)).toEqual([200, 200, 200, 200, 200]);
    expect(await reads(admin, report.id)).toEqual([200, 200, 200, 200, 200]);
    expect(await reads(manager, report.id)).toEqual([404, 404, 404, 404, 404]);
    // A viewer's role may not read a report's history or link views at all (403 before any report).
    expect(await reads(viewer, report.id)).toEqual([404, 403, 404, 404, 403]);
    expect(
      (
        await manager.put(
          `/api/reports/saved/${report.id}`,
          { name: 'x', definition: byChannel },
          ifMatch(report),
        )
      ).status,
    ).toBe(404);
    expect(
      (await manager.post(`/api/reports/saved/${report.id}/archive`, undefined, ifMatch(report))).status,
    ).toBe(404);
    expect((await manager.post(`/api/reports/saved/${report.id}/run`)).status).toBe(404);
    expect(await listed(analyst)).toContain(report.id);
    expect(await listed(owner)).toContain(report.id);
    expect(await listed(admin)).toContain(report.id);
    expect(await listed(manager)).not.toContain(report.id);
    expect(await listed(viewer)).not.toContain(report.id);
    expect(await listed(manager, '&search=private')).not.toContain(report.id);
    expect(await listed(owner, '&search=private')).toContain(report.id);
    // Templates stay for everyone who reads reports.
    expect((await viewer.get('/api/reports/templates')).status).toBe(200);
  });

  it('a view share lets a user read it but not change it; unsharing takes that away', async () => {
    const report = await save('Shared to view');
    const sharedBody = await share(report, { kind: 'user', id: managerId }, 'view');
    await cloud.settle();
    expect(await reads(manager, report.id)).toEqual([200, 200, 200, 200, 200]);
    expect(await listed(manager)).toContain(report.id);
    expect(await listed(manager, '&search=view')).toContain(report.id);
    const got = await manager.get<Json>(`/api/reports/saved/${report.id}`);
    expect(got.body.actions).toEqual([]);
    const edit = await manager.put(
      `/api/reports/saved/${report.id}`,
      { name: 'Changed by a viewer', definition: byChannel },
      ifMatch(sharedBody),
    );
    expect(edit.status).toBe(409);
    expect(edit.body.type).toContain('not-report-owner');
    const shareId = String((sharedBody.shares as Json[])[0]!.shareId);
    const unshared = await analyst.delete(
      `/api/reports/saved/${report.id}/shares/${shareId}`,
      undefined,
      ifMatch(sharedBody),
    );
    expect(unshared.status).toBe(200);
    await cloud.settle();
    expect(await reads(manager, report.id)).toEqual([404, 404, 404, 404, 404]);
    expect(await listed(manager)).not.toContain(report.id);
  });

  it('an edit share lets a user change it', async () => {
    const report = await save('Shared to edit');
    const sharedBody = await share(report, { kind: 'user', id: managerId }, 'edit');
    const edit = await manager.put(
      `/api/reports/saved/${report.id}`,
      { name: 'Changed by an editor', definition: byChannel },
      ifMatch(sharedBody),
    );
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
  });

  it('a role share works for everyone in the role', async () => {
    const report = await save('Shared with viewers');
    await share(report, { kind: 'role', role: 'viewer' }, 'view');
    await cloud.settle();
    expect(await reads(viewer, report.id)).toEqual([200, 403, 200, 200, 403]);
    expect(await listed(viewer)).toContain(report.id);
    expect(await reads(manager, report.id)).toEqual([404, 404, 404, 404, 404]);
  });

  it('lists what a person may see in full pages from the index, newest first, by status, each report once', async () => {
    const [r1, r2, r3, r4] = [
      await save('Page one'),
      await save('Page two'),
      await save('Page three'),
      await save('Page four'),
    ];
    await share(r1!, { kind: 'user', id: managerId }, 'view');
    await share(r3!, { kind: 'user', id: managerId }, 'view');
    // Shared with the manager twice over: by id and by role.
    await share(r3!, { kind: 'role', role: 'manager' }, 'view');
    await share(r4!, { kind: 'role', role: 'manager' }, 'edit');
    await cloud.settle();
    const mine = await listed(manager);
    expect(mine.filter((id) => [r1, r2, r3, r4].some((r) => r!.id === id))).toEqual([r4!.id, r3!.id, r1!.id]);
    const paged = await pages(manager, 1);
    expect(paged.slice(0, 3)).toEqual([[r4!.id], [r3!.id], [r1!.id]]);
    expect(paged.every((page) => page.length === 1)).toBe(true);
    expect((await pages(manager, 2, '&order=oldest')).flat().slice(-3)).toEqual([r1!.id, r3!.id, r4!.id]);
    const current = (await analyst.get<Json>(`/api/reports/saved/${r3!.id}`)).body;
    expect(
      (await analyst.post(`/api/reports/saved/${r3!.id}/archive`, undefined, ifMatch(current))).status,
    ).toBe(200);
    await cloud.settle();
    expect(await listed(manager, '&status=archived')).toEqual([r3!.id]);
    expect(await listed(manager, '&status=active')).not.toContain(r3!.id);
    expect(await listed(manager, '&status=active')).toContain(r4!.id);
    expect((await manager.get('/api/reports/saved?cursor=not-ours')).status).toBe(400);
    // Mine and shared with me, each its own list.
    const managers = created(
      await manager.post('/api/reports/saved', { name: 'Managers own', definition: byChannel }),
    );
    await cloud.settle();
    expect(await listed(manager, '&access=mine')).toEqual([managers.id]);
    const shared = await listed(manager, '&access=shared');
    expect(shared).not.toContain(managers.id);
    expect(shared.filter((id) => [r1, r2, r3, r4].some((r) => r!.id === id))).toEqual([
      r4!.id,
      r3!.id,
      r1!.id,
    ]);
    expect(await listed(analyst, '&access=mine')).toEqual(
      expect.arrayContaining([r1!.id, r2!.id, r3!.id, r4!.id]),
    );
    expect(await listed(analyst, '&access=shared')).not.toContain(r1!.id);
    expect(await listed(owner, '&access=mine')).toEqual([]);
    expect(await listed(owner, '&access=shared')).toEqual([]);
    expect((await manager.get('/api/reports/saved?access=everyone')).status).toBe(400);
  });

  it('comes back the same from a rebuild of the read models', async () => {
    const before = await listed(manager);
    await dropReadModels();
    await rebuildViews();
    expect(await listed(manager)).toEqual(before);
  });
});
