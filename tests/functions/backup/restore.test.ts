import { DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../../functions/adapters/clients.ts';
import { digestViewsTable, sourceViewsDigestAt } from '../../../functions/backup/digest.ts';
import { assertEmpty, RestoreRefused } from '../../../functions/backup/restore.ts';
import { config } from '../../../functions/runtime/config.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../support/cloud.ts';
import { backupNow, backupTestEnv, corrupt, manifestOf, runAndWait } from './support.ts';

let cloud: TestCloud;
let owner: Api;
let customer: Json;
let full: Json;
let incremental: Json;
/** An instant between the full backup's commits and the incremental's. */
let middle: string;

const tableExists = async (name: string) => {
  try {
    await new DynamoDBClient({}).send(new DescribeTableCommand({ TableName: name }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
};

const restore = (body: Record<string, unknown>) =>
  runAndWait(
    cloud,
    owner,
    () => owner.post('/api/restores', body),
    (id) => `/api/restores/${id}`,
  );

beforeAll(async () => {
  backupTestEnv();
  cloud = await startTestCloud();
  owner = await signedIn(cloud, 'owner');
  const model = await owner.post('/api/models', { name: 'Nest 20', basePriceCents: 5_000_000 });
  customer = (await owner.post('/api/customers', { name: 'Ada Lovelace', email: 'ada@example.com' })).body;
  for (let i = 0; i < 8; i++)
    await owner.post('/api/customers', { name: `C ${i}`, email: `c${i}@example.com` });
  const order = await owner.post('/api/orders', {
    customerId: customer.id,
    modelId: model.body.id,
    optionCodes: [],
  });
  expect(order.status).toBe(201);
  full = await backupNow(cloud, owner, 'full');
  await new Promise((r) => setTimeout(r, 5));
  middle = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 5));
  const renamed = await owner.patch(
    `/api/customers/${customer.id}`,
    { name: 'Ada King' },
    { 'if-match': '1' },
  );
  expect(renamed.status).toBe(200);
  for (let i = 8; i < 12; i++)
    await owner.post('/api/customers', { name: `C ${i}`, email: `c${i}@example.com` });
  incremental = await backupNow(cloud, owner, 'incremental');
  await cloud.settle();
});
afterAll(() => cloud?.stop());

describe('point-in-time restore', () => {
  it('restores into an empty store the views the source had at that instant (same digest)', async () => {
    const source = await sourceViewsDigestAt(middle);
    const restored = await restore({ at: middle, target: 'middle' });
    expect(restored).toMatchObject({
      mode: 'restore',
      status: 'completed',
      backupId: incremental.id,
      at: middle,
    });
    expect(restored.digest).toBe(source.digest);
    expect(restored.rows).toBe(source.rows);
    expect(restored.commits).toBe(source.commits);
    const target = restored.target as { eventsTable: string; viewsTable: string };
    // Ada as she was then: before the rename.
    const row = await dynamo().send(
      new GetCommand({ TableName: target.viewsTable, Key: { view: 'customers', id: customer.id } }),
    );
    expect(row.Item?.state).toMatchObject({ name: 'Ada Lovelace' });
    // Restored commits are never published again.
    const items = (await dynamo().send(new ScanCommand({ TableName: target.eventsTable }))).Items ?? [];
    expect(items).toHaveLength(source.commits);
    expect(items.some((i) => i.pending)).toBe(false);
    const facts = await owner.get(`/api/history/restore-${restored.id}`);
    expect(facts.body.events).toMatchObject([{ type: 'RestoreCompleted', actor: { id: 'system' } }]);
  });

  it('restores the latest backup to exactly the views the live projector built', async () => {
    const restored = await restore({});
    const { manifest } = await manifestOf(incremental.id as string);
    expect(restored.at).toBe(manifest.range.until);
    const live = await digestViewsTable(config.viewsTable);
    expect(restored.digest).toBe(live.digest);
    expect(restored.rows).toBe(live.rows);
  });

  it('runs a restore drill into scratch tables, shows the result beside the backup, drops the tables', async () => {
    const drill = await runAndWait(
      cloud,
      owner,
      () => owner.post('/api/restore-drills', {}),
      (id) => `/api/restores/${id}`,
    );
    expect(drill).toMatchObject({ mode: 'drill', status: 'completed', matches: true });
    expect(drill.digest).toBe(drill.sourceDigest);
    const backup = await owner.get(`/api/backups/${incremental.id}`);
    expect(backup.body.drill).toMatchObject({ restoreId: drill.id, ok: true, matches: true });
    const target = drill.target as { eventsTable: string; viewsTable: string };
    expect(await tableExists(target.eventsTable)).toBe(false);
    expect(await tableExists(target.viewsTable)).toBe(false);
  });

  it('refuses to restore into a store that holds data, leaving it untouched', async () => {
    await expect(
      assertEmpty({ eventsTable: config.eventsTable, viewsTable: config.viewsTable }),
    ).rejects.toThrow(RestoreRefused);
    const again = await restore({ at: middle, target: 'middle' });
    expect(again).toMatchObject({ status: 'failed' });
    expect(again.error).toMatch(/already exists: a restore only fills new, empty tables/);
    // The earlier restore's tables are still there, with their data.
    expect(await tableExists('firefly-restore-middle-events')).toBe(true);
    const rows = await dynamo().send(
      new ScanCommand({ TableName: 'firefly-restore-middle-views', Limit: 1 }),
    );
    expect(rows.Items).toHaveLength(1);
  });

  it('answers bad input with problems: bad time, uncovered time, unknown backup, missing permission', async () => {
    expect((await owner.post('/api/restores', { at: 'yesterday' })).status).toBe(400);
    expect((await owner.post('/api/restores', { target: 'Bad Name!' })).status).toBe(400);
    const future = await owner.post('/api/restores', { at: '2999-01-01T00:00:00Z' });
    expect(future.status).toBe(422);
    expect(future.body).toMatchObject({
      type: 'https://firefly.example/problems/restore-refused',
      detail: expect.stringMatching(/holds commits up to .*; choose an instant at or before it/),
    });
    expect((await owner.post('/api/restores', { backupId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' })).status).toBe(404);
    expect((await owner.get('/api/restores/01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
    const analyst = await signedIn(cloud, 'analyst');
    expect((await analyst.post('/api/restores', {})).status).toBe(403);
    expect((await analyst.get('/api/restores')).status).toBe(403);
    const admin = await signedIn(cloud, 'admin');
    expect((await admin.get('/api/restores')).status).toBe(200);
  });

  it('fails a restore from a corrupt or missing part with the exact problems, restoring nothing', async () => {
    const { manifest } = await manifestOf(full.id as string);
    await corrupt(config.backupsBucket, manifest.parts[0]!.key);
    const failed = await restore({ target: 'from-corrupt' });
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          `^part 1 of ${manifest.parts.length} \\(${manifest.parts[0]!.key}\\) of backup ${full.id} is corrupt`,
        ),
      ]),
    );
    expect(await tableExists('firefly-restore-from-corrupt-events')).toBe(false);
    expect(await tableExists('firefly-restore-from-corrupt-views')).toBe(false);
  });
});

describe('time travel', () => {
  it('shows a record as it was at any instant, folded from its events', async () => {
    const then = await owner.get(`/api/history/customer-${customer.id}?at=${encodeURIComponent(middle)}`);
    expect(then.status).toBe(200);
    expect(then.body).toMatchObject({
      recordType: 'customer',
      exists: true,
      version: 1,
      state: { name: 'Ada Lovelace' },
    });
    expect((then.body.events as unknown[]).length).toBe(1);
    const now = await owner.get(`/api/history/customer-${customer.id}`);
    expect(now.body).toMatchObject({ version: 2, state: { name: 'Ada King' }, totalEvents: 2 });
    const before = await owner.get(`/api/history/customer-${customer.id}?at=2020-01-01T00:00:00Z`);
    expect(before.body).toMatchObject({ exists: false, version: 0, events: [] });
  });

  it('answers bad instants, unknown records and missing permission', async () => {
    expect((await owner.get(`/api/history/customer-${customer.id}?at=noon`)).status).toBe(400);
    expect((await owner.get('/api/history/not a stream')).status).toBe(400);
    expect((await owner.get('/api/history/customer-nobody')).status).toBe(404);
    const viewer = await signedIn(cloud, 'viewer');
    expect((await viewer.get(`/api/history/customer-${customer.id}`)).status).toBe(403);
  });
});
