import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeys, getBytes, getStream, listKeys, sha256 } from '../../../functions/adapters/blobs.ts';
import { eventStore, readStream } from '../../../functions/adapters/event-store.ts';
import { collect, verifyRun, writeManifest, writeParts } from '../../../functions/backup/backup.ts';
import { manifestKey, partInfoKey, partKey, partsPrefix } from '../../../functions/backup/layout.ts';
import { listBackupIds } from '../../../functions/backup/manifests.ts';
import { readPart } from '../../../functions/backup/parts.ts';
import { verifyBackup } from '../../../functions/backup/verify-backup.ts';
import { config } from '../../../functions/runtime/config.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../support/cloud.ts';
import { backupNow, backupTestEnv, corrupt, manifestOf, runAndWait } from './support.ts';

let cloud: TestCloud;
let owner: Api;
const customers: Json[] = [];

const register = async (n: number, from = 0) => {
  for (let i = from; i < from + n; i++) {
    const res = await owner.post('/api/customers', { name: `Customer ${i}`, email: `c${i}@example.com` });
    expect(res.status).toBe(201);
    customers.push(res.body);
  }
};

/** Commits in the store written after the write id `after` (exclusive) up to `until`. */
const commitsBetween = async (after: string | undefined, until: string) => {
  let count = 0;
  for await (const page of eventStore.readWritten({ afterWriteId: after, until })) count += page.length;
  return count;
};

beforeAll(async () => {
  backupTestEnv();
  cloud = await startTestCloud();
  owner = await signedIn(cloud, 'owner');
  await register(20);
});
afterAll(() => cloud?.stop());

describe('full and incremental backups', () => {
  let full: Json;
  let incremental: Json;

  it('backs up every commit into verified zstd parts with a manifest of counts, range and hashes', async () => {
    full = await backupNow(cloud, owner, 'full');
    expect(full).toMatchObject({
      kind: 'full',
      status: 'completed',
      verification: { ok: true, problems: [] },
    });
    const { manifest } = await manifestOf(full.id as string);
    const expected = await commitsBetween(undefined, manifest.range.until);
    expect(manifest.counts.commits).toBe(expected);
    expect(full.commits).toBe(expected);
    expect(manifest.parts.length).toBe(Math.ceil(expected / 8));
    expect(manifest.previous).toBeUndefined();
    expect(manifest.base).toBe(manifest.id);
    expect(manifest.highWaterMark).toBe(manifest.parts.at(-1)?.lastCommitId);
    expect(full.compressionRatio).toBeGreaterThan(1.5);
    expect(full.durationMs).toBeGreaterThan(0);
    // Every part is what its manifest entry says, byte for byte.
    for (const part of manifest.parts) {
      const bytes = await getBytes(config.backupsBucket, part.key);
      expect(sha256(bytes!)).toBe(part.sha256);
      expect(bytes!.length).toBe(part.bytes);
    }
    // Lines are the stored commits, events in the version they were written with.
    const lines: string[] = [];
    await readPart((await getStream(config.backupsBucket, manifest.parts[0]!.key))!, (line) => {
      lines.push(line);
    });
    const first = JSON.parse(lines[0]!);
    expect(first).toMatchObject({ commitId: manifest.parts[0]!.firstCommitId, events: expect.any(Array) });
    // The backup is a fact in the event store too.
    const facts = (await readStream(`backup-${full.id}`)).flatMap((c) => c.events.map((e) => e.type));
    expect(facts).toEqual(['BackupCompleted', 'BackupVerified']);
  });

  it('takes only what came after the high-water mark, chained to the previous manifest by its hash', async () => {
    await register(5, 20);
    const renamed = await owner.patch(
      `/api/customers/${customers[0]!.id}`,
      { name: 'Ada Renamed' },
      { 'if-match': '1' },
    );
    expect(renamed.status).toBe(200);
    incremental = await backupNow(cloud, owner, 'incremental');
    expect(incremental).toMatchObject({ kind: 'incremental', status: 'completed', previousId: full.id });
    const previous = await manifestOf(full.id as string);
    const { manifest } = await manifestOf(incremental.id as string);
    expect(manifest.previous).toEqual({ id: full.id, sha256: previous.sha256 });
    expect(manifest.base).toBe(full.id);
    expect(manifest.range.afterCommitId).toBe(previous.manifest.highWaterMark);
    // 5 registrations + 1 rename + the full backup's own BackupCompleted commit.
    const expected = await commitsBetween(previous.manifest.highWaterMark, manifest.range.until);
    expect(expected).toBe(7);
    expect(manifest.counts.commits).toBe(expected);
    expect(manifest.parts[0]!.firstCommitId > previous.manifest.highWaterMark!).toBe(true);
  });

  it('takes an empty incremental when nothing changed, still advancing the restore point', async () => {
    await cloud.settle();
    const { manifest: before } = await manifestOf(incremental.id as string);
    const next = await backupNow(cloud, owner, 'incremental');
    const { manifest } = await manifestOf(next.id as string);
    // Only the previous backup's own facts are new.
    expect(manifest.counts.commits).toBe(1);
    expect(manifest.range.until >= before.range.until).toBe(true);
    expect(manifest.previous?.id).toBe(incremental.id);
  });

  it('refuses a second backup while one runs, and bad requests, with problems', async () => {
    const first = await owner.post('/api/backups', { kind: 'full' });
    const second = await owner.post('/api/backups', { kind: 'full' });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ type: 'https://firefly.example/problems/backup-running' });
    await cloud.stepFunctions.wait(first.body.executionArn as string);
    expect((await owner.post('/api/backups', { kind: 'weekly' })).status).toBe(400);
    expect((await owner.get('/api/backups/not-a-backup')).status).toBe(400);
    expect((await owner.get('/api/backups/01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
    expect((await owner.post('/api/backups/01ARZ3NDEKTSV4RRFFQ69G5FAV/verify')).status).toBe(404);
    const manager = await signedIn(cloud, 'manager');
    expect((await manager.get('/api/backups')).status).toBe(403);
    expect((await manager.post('/api/backups', { kind: 'full' })).status).toBe(403);
  });
});

describe('verification', () => {
  it('reports a corrupt part and a missing part exactly', async () => {
    const backup = await backupNow(cloud, owner, 'full');
    const { manifest } = await manifestOf(backup.id as string);
    expect(manifest.parts.length).toBeGreaterThanOrEqual(3);
    const [first, second] = manifest.parts;
    await corrupt(config.backupsBucket, second!.key);
    await deleteKeys(config.backupsBucket, [first!.key]);

    const verified = await runAndWait(
      cloud,
      owner,
      () => owner.post(`/api/backups/${backup.id}/verify`),
      (id) => `/api/backups/${id}`,
    );
    const verification = verified.verification as { ok: boolean; problems: string[] };
    expect(verification.ok).toBe(false);
    const of = manifest.parts.length;
    expect(verification.problems).toContain(
      `part 1 of ${of} (${first!.key}) of backup ${backup.id} is missing`,
    );
    expect(
      verification.problems.some((p) =>
        p.startsWith(`part 2 of ${of} (${second!.key}) of backup ${backup.id} is corrupt`),
      ),
    ).toBe(true);
    // Nothing else is blamed: the other parts are fine.
    expect(verification.problems.every((p) => p.includes(first!.key) || p.includes(second!.key))).toBe(true);
  });

  it('reports events that no longer decode against their schema, and a changed manifest', async () => {
    const backup = await backupNow(cloud, owner, 'full');
    const { manifest, sha256: original } = await manifestOf(backup.id as string);
    // Rewrite a part with a line whose CustomerRegistered event breaks its schema; record the new hash.
    let part = manifest.parts[0]!;
    let lines: string[] = [];
    let index = -1;
    for (const candidate of manifest.parts) {
      part = candidate;
      lines = [];
      await readPart((await getStream(config.backupsBucket, part.key))!, (line) => {
        lines.push(line);
      });
      index = lines.findIndex((l) => JSON.parse(l).events[0].type === 'CustomerRegistered');
      if (index >= 0) break;
    }
    const commit = JSON.parse(lines[index]!);
    commit.events[0].data.marketingConsent = 'yes';
    lines[index] = JSON.stringify(commit);
    const { writePart } = await import('../../../functions/backup/parts.ts');
    const written = await writePart(
      config.backupsBucket,
      part.key,
      (async function* () {
        for (const line of lines) yield `${line}\n`;
      })(),
    );
    part.sha256 = written.sha256;
    part.bytes = written.bytes;
    manifest.counts.bytes = manifest.parts.reduce((n, p) => n + p.bytes, 0);
    const { putJson } = await import('../../../functions/adapters/blobs.ts');
    await putJson(config.backupsBucket, manifestKey(manifest.id), manifest);

    const result = await verifyBackup(manifest.id, { expectedSha256: original });
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatch(/^The manifest of backup .* changed after it was written/);
    expect(
      result.problems.some(
        (p) =>
          p.includes(`${part.key}) of backup ${manifest.id}, line ${index + 1} `) &&
          p.includes('does not decode against its schema: data.marketingConsent'),
      ),
    ).toBe(true);
  });
});

describe('interrupted and failed backups', () => {
  it('leaves no manifest when interrupted part way, and a retry from the same step completes it', async () => {
    await register(4, 25);
    const run = await collect({ kind: 'full', partMaxCommits: 25 });
    await expect(
      writeParts(run, {
        afterPart: (part) => {
          if (part.seq === 2) throw new Error('the Lambda died here');
        },
      }),
    ).rejects.toThrow('the Lambda died here');
    expect(await getBytes(config.backupsBucket, manifestKey(run.backupId))).toBeUndefined();
    expect(await listBackupIds()).not.toContain(run.backupId);
    expect(await verifyBackup(run.backupId)).toMatchObject({
      ok: false,
      problems: [`Backup ${run.backupId} has no manifest: it never completed, or it was deleted`],
    });
    // A stray part from the interrupted attempt beyond where the retry ends is removed with it.
    const { putJson } = await import('../../../functions/adapters/blobs.ts');
    await putJson(config.backupsBucket, partKey(run.backupId, 999), {});

    // Step Functions retries the task with the same input: the parts are rewritten deterministically.
    const written = await writeParts(run);
    const sealed = await writeManifest(written);
    const verified = await verifyRun(sealed);
    expect(verified.verification.ok).toBe(true);
    const { manifest } = await manifestOf(run.backupId);
    expect(manifest.counts.commits).toBe(await commitsBetween(undefined, run.until));
    const keys = (await listKeys(config.backupsBucket, partsPrefix(run.backupId))).keys.map((k) => k.key);
    expect(keys.toSorted()).toEqual(
      manifest.parts.flatMap((p) => [p.key, partInfoKey(run.backupId, p.seq)]).toSorted(),
    );
  });

  it('records a run that fails as failed, with no manifest, and the next run chains to the last good one', async () => {
    const good = await backupNow(cloud, owner, 'full');
    const bucket = process.env.BACKUPS_BUCKET;
    process.env.BACKUPS_BUCKET = 'firefly-no-such-bucket';
    let failed: Json;
    try {
      const started = await owner.post('/api/backups', { kind: 'incremental' });
      const execution = await cloud.stepFunctions.wait(started.body.executionArn as string);
      expect(execution).toMatchObject({ status: 'FAILED', error: 'BackupFailed' });
      failed = (await owner.get(`/api/backups/${started.body.id}`)).body;
    } finally {
      process.env.BACKUPS_BUCKET = bucket;
    }
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringMatching(/bucket/i) });
    expect(await listBackupIds()).not.toContain(failed.id);
    const facts = (await readStream(`backup-${failed.id}`)).flatMap((c) => c.events.map((e) => e.type));
    expect(facts).toEqual(['BackupFailed']);

    const retried = await backupNow(cloud, owner, 'incremental');
    expect(retried).toMatchObject({ status: 'completed', kind: 'incremental', previousId: good.id });
  });
});
