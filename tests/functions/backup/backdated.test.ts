import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../events/catalog.ts';
import { getStream } from '../../../functions/adapters/blobs.ts';
import { dynamo } from '../../../functions/adapters/clients.ts';
import { eventStore } from '../../../functions/adapters/event-store.ts';
import { EMPTY_STREAM, prepareCommit } from '../../../functions/application/event-store-port.ts';
import { sourceViewsDigestAt } from '../../../functions/backup/digest.ts';
import { readPart } from '../../../functions/backup/parts.ts';
import { config } from '../../../functions/runtime/config.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../support/cloud.ts';
import { backupNow, backupTestEnv, manifestOf, runAndWait } from './support.ts';

/**
 * Commits written after their own time (a bulk import of old records, an append given a past time)
 * land below the high-water mark of the backups taken before them. Incremental backups must still take
 * them, so a restore of the chain holds them without a full backup after every import.
 */
let cloud: TestCloud;
let owner: Api;
let full: Json;
let incremental: Json;
const importedIds: string[] = [];
let backdatedAppendId: string;

const IMPORT_ACTOR = { id: 'import', role: 'system' };
const registered = (id: string): DomainEvent => ({
  type: 'CustomerRegistered',
  data: { customerId: id, name: `Imported ${id}`, email: `${id}@example.com`, marketingConsent: false },
});

/** Commit ids of a backup, in the order its parts hold them. */
const commitIdsOf = async (backupId: string) => {
  const { manifest } = await manifestOf(backupId);
  const ids: string[] = [];
  for (const part of manifest.parts) {
    await readPart((await getStream(config.backupsBucket, part.key))!, (line) => {
      ids.push((JSON.parse(line) as { commitId: string }).commitId);
    });
  }
  return ids;
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
  for (let i = 0; i < 4; i++)
    await owner.post('/api/customers', { name: `Live ${i}`, email: `live${i}@example.com` });
  full = await backupNow(cloud, owner, 'full');

  // Twelve records of January 2025, imported now: far below the full backup's high-water mark.
  const imported = Array.from({ length: 12 }, (_, i) => {
    const { stored } = prepareCommit(`customer-imported${i}`, EMPTY_STREAM, [registered(`imported${i}`)], {
      actor: IMPORT_ACTOR,
      correlationId: `import-${i}`,
      at: new Date(Date.UTC(2025, 0, 1) + i * 60_000),
    });
    return stored;
  });
  await eventStore.importCommits(imported);
  importedIds.push(...imported.map((c) => c.commitId));
  // And one ordinary append given a past time.
  const late = await eventStore.append('customer-lateentry', EMPTY_STREAM, [registered('lateentry')], {
    actor: IMPORT_ACTOR,
    correlationId: 'late-entry',
    at: new Date(Date.UTC(2025, 5, 1)),
  });
  backdatedAppendId = late.commitId;
  await owner.post('/api/customers', { name: 'Live after', email: 'after@example.com' });
  incremental = await backupNow(cloud, owner, 'incremental');
});
afterAll(() => cloud?.stop());

describe('back-dated commits and incremental backups', () => {
  it('takes commits imported below the high-water mark into the next incremental, once', async () => {
    expect(incremental).toMatchObject({
      kind: 'incremental',
      status: 'completed',
      previousId: full.id,
      verification: { ok: true, problems: [] },
    });
    const inFull = await commitIdsOf(full.id as string);
    const inIncremental = await commitIdsOf(incremental.id as string);
    expect(inIncremental).toEqual(expect.arrayContaining([...importedIds, backdatedAppendId]));
    // No commit is in both: the chain holds each once.
    expect(inIncremental.filter((id) => inFull.includes(id))).toEqual([]);
    // The next incremental does not take them again.
    const next = await backupNow(cloud, owner, 'incremental');
    const again = await commitIdsOf(next.id as string);
    expect(again.filter((id) => importedIds.includes(id) || id === backdatedAppendId)).toEqual([]);
  });

  it('restores the full and incremental chain with the imported records', async () => {
    const { manifest } = await manifestOf(incremental.id as string);
    const source = await sourceViewsDigestAt(manifest.range.until);
    const restored = await restore({ backupId: incremental.id, target: 'backdated' });
    expect(restored).toMatchObject({ status: 'completed', commits: source.commits });
    expect(restored.digest).toBe(source.digest);
    const target = restored.target as { viewsTable: string };
    const row = await dynamo().send(
      new GetCommand({ TableName: target.viewsTable, Key: { view: 'customers', id: 'imported3' } }),
    );
    expect(row.Item?.state).toMatchObject({ name: 'Imported imported3' });
  });

  it('restores to an instant among the imported commits, from parts that hold later commits first', async () => {
    const at = '2025-01-01T00:05:30.000Z';
    const source = await sourceViewsDigestAt(at);
    expect(source.commits).toBe(6);
    const restored = await restore({ backupId: incremental.id, at, target: 'backdated-pit' });
    expect(restored).toMatchObject({ status: 'completed', commits: 6 });
    expect(restored.digest).toBe(source.digest);
  });
});
