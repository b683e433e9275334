import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listKeys, putJson } from '../../../functions/adapters/blobs.ts';
import { readStream } from '../../../functions/adapters/event-store.ts';
import { partsPrefix } from '../../../functions/backup/layout.ts';
import { listBackupIds } from '../../../functions/backup/manifests.ts';
import { isoWeekOf, ORPHAN_AGE_MS, selectKept } from '../../../functions/backup/retention.ts';
import { config } from '../../../functions/runtime/config.ts';
import { type Api, signedIn, startTestCloud, type TestCloud } from '../../support/cloud.ts';
import { conformance } from '../../support/openapi-conformance.ts';
import type { OpenApiDocument } from '../../support/openapi-fuzz.ts';
import { backupNow, backupTestEnv } from './support.ts';

describe('retention policy (grandfather-father-son)', () => {
  it('numbers ISO weeks as ISO 8601 does', () => {
    expect(isoWeekOf('2026-01-01T12:00:00Z')).toBe('2026-W01');
    expect(isoWeekOf('2027-01-01T12:00:00Z')).toBe('2026-W53');
    expect(isoWeekOf('2024-12-30T00:00:00Z')).toBe('2025-W01');
    expect(isoWeekOf('2026-06-15T00:00:00Z')).toBe('2026-W25');
  });

  /** 400 days of nightly backups: a full one each Sunday, incrementals chained in between. */
  const nightly = () => {
    const points = [];
    let previous: string | undefined;
    for (let day = 0; day < 400; day++) {
      const until = new Date(Date.UTC(2025, 0, 1, 3) + day * 86_400_000).toISOString();
      const id = `B${String(day).padStart(4, '0')}`;
      const kind: 'full' | 'incremental' =
        new Date(until).getUTCDay() === 0 || !previous ? 'full' : 'incremental';
      points.push({
        id,
        kind,
        range: { until },
        previous: previous ? { id: previous, sha256: 'x' } : undefined,
      });
      previous = id;
    }
    return points;
  };

  it('keeps 7 daily, 4 weekly and 12 monthly restore points, and every backup they build on', () => {
    const points = nightly();
    const kept = selectKept(points, { daily: 7, weekly: 4, monthly: 12 });
    const byId = new Map(points.map((p) => [p.id, p]));
    const last = points.at(-1)!;
    // The last 7 days are all kept.
    for (const p of points.slice(-7)) expect(kept.has(p.id)).toBe(true);
    // 12 months have a kept point: the latest of each.
    const months = new Set([...kept].map((id) => byId.get(id)!.range.until.slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(12);
    // Every kept incremental can be restored: its chain back to a full backup is kept.
    for (const id of kept) {
      let p = byId.get(id)!;
      while (p.kind === 'incremental') {
        expect(kept.has(p.previous!.id)).toBe(true);
        p = byId.get(p.previous!.id)!;
      }
    }
    // And far from everything is kept.
    expect(kept.size).toBeLessThan(points.length / 4);
    expect(kept.has(last.id)).toBe(true);
    expect(kept.has(points[0]!.id)).toBe(false);
  });

  it('always keeps the latest backup, even with a policy of zero', () => {
    const points = nightly().slice(0, 10);
    expect([...selectKept(points, { daily: 0, weekly: 0, monthly: 0 })]).toEqual(
      // The latest, and the chain it needs back to its full backup.
      expect.arrayContaining([points.at(-1)!.id]),
    );
  });
});

describe('retention in the backup run, and its settings', () => {
  let cloud: TestCloud;
  let owner: Api;

  beforeAll(async () => {
    backupTestEnv();
    cloud = await startTestCloud();
    owner = await signedIn(cloud, 'owner');
    await owner.post('/api/customers', { name: 'Ada', email: 'ada@example.com' });
  });
  afterAll(() => cloud?.stop());

  it('has default settings and changes them with If-Match, refusing stale or bad ones', async () => {
    const defaults = await owner.get('/api/backup-settings');
    expect(defaults.body).toMatchObject({
      retention: { daily: 7, weekly: 4, monthly: 12 },
      fullEvery: 7,
      version: 0,
    });
    expect(defaults.headers.get('etag')).toBe('"0"');
    const bad = await owner.put('/api/backup-settings', {
      retention: { daily: -1, weekly: 4, monthly: 12 },
      fullEvery: 7,
    });
    expect(bad.status).toBe(400);
    const changed = await owner.put(
      '/api/backup-settings',
      { retention: { daily: 1, weekly: 0, monthly: 0 }, fullEvery: 7 },
      { 'if-match': '"0"' },
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ version: 1, updatedBy: 'owner@firefly.example' });
    const stale = await owner.put(
      '/api/backup-settings',
      { retention: { daily: 2, weekly: 0, monthly: 0 }, fullEvery: 7 },
      { 'if-match': '"0"' },
    );
    expect(stale.status).toBe(409);
    const manager = await signedIn(cloud, 'manager');
    expect((await manager.put('/api/backup-settings', changed.body)).status).toBe(403);
  });

  it('expires backups no kept restore point needs, and sweeps parts of runs that never completed', async () => {
    const first = await backupNow(cloud, owner, 'full');
    const second = await backupNow(cloud, owner, 'incremental');
    // Parts of an interrupted run: one old enough to sweep, one that may still be running.
    const old = ulid(Date.now() - ORPHAN_AGE_MS - 60_000);
    const recent = ulid();
    await putJson(config.backupsBucket, `${partsPrefix(old)}part-00001.json`, {});
    await putJson(config.backupsBucket, `${partsPrefix(recent)}part-00001.json`, {});
    expect(await listBackupIds()).toEqual([first.id, second.id]);

    // Keep 1 daily: the latest full backup alone; the earlier chain expires.
    const third = await backupNow(cloud, owner, 'full');
    expect(third.retention).toEqual({ expired: [first.id, second.id] });
    expect(await listBackupIds()).toEqual([third.id]);
    for (const id of [first.id, second.id, old]) {
      expect((await listKeys(config.backupsBucket, partsPrefix(id as string))).keys).toEqual([]);
    }
    expect((await listKeys(config.backupsBucket, partsPrefix(recent))).keys).toHaveLength(1);
    const expired = await owner.get(`/api/backups/${first.id}`);
    expect(expired.body.status).toBe('expired');
    // An expired backup is shown as the description says (its expiredAt included).
    const { check } = conformance((await owner.get<OpenApiDocument>('/api/openapi.json')).body);
    const listed = await owner.get('/api/backups');
    for (const [path, res] of [
      ['/api/backups/{id}', expired],
      ['/api/backups', listed],
    ] as const) {
      const answer = {
        status: res.status,
        contentType: res.headers.get('content-type') ?? '',
        text: JSON.stringify(res.body),
      };
      expect(check('GET', path, answer)).toEqual([]);
    }
    const facts = (await readStream('backup-retention')).flatMap((c) => c.events);
    expect(facts).toMatchObject([
      { type: 'BackupsExpired', data: { backupIds: [first.id, second.id], kept: 1 } },
    ]);
  });
});
