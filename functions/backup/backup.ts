import { ulid } from 'ulid';
import * as z from 'zod';
import { SYSTEM_ACTOR } from '../../events/envelope.ts';
import { deleteKeys, getBytes, listKeys, putJson } from '../adapters/blobs.ts';
import { appendRecorded, eventStore } from '../adapters/event-store.ts';
import { writeIdOf } from '../application/event-store-port.ts';
import { config } from '../runtime/config.ts';
import { lineOf, type RawCommit } from './commits.ts';
import {
  BackupError,
  BackupId,
  type BackupManifest,
  BackupVerificationFailed,
  FORMAT,
  manifestKey,
  PartInfo,
  partInfoKey,
  partKey,
  partsPrefix,
} from './layout.ts';
import { chainOf, latestBackupId, readManifest } from './manifests.ts';
import { writePart } from './parts.ts';
import { getRecord, OPS_VIEWS, patchRecord } from './records.ts';
import { readSettings } from './settings.ts';
import type { Verification } from './verify-backup.ts';
import { verifyBackup } from './verify-backup.ts';

/**
 * A backup run, as the backup state machine's tasks hand it on: Collect plans it, WriteParts streams
 * commits into parts (looping until done, each call within one Lambda's time), WriteManifest seals it,
 * Verify re-reads it, ApplyRetention prunes. Every step is safe to retry: parts are written
 * deterministically from the cursor, and nothing reads a backup before its manifest exists.
 */
export const BackupRequest = z.object({
  kind: z.enum(['full', 'incremental', 'auto']).default('auto'),
  backupId: BackupId.optional(),
  requestedBy: z.string().optional(),
  /** Present when EventBridge Scheduler started the run. */
  schedule: z.string().optional(),
  scheduledTime: z.string().optional(),
  executionArn: z.string().optional(),
  /** Part size limits; the defaults suit production, tests use small ones to get several parts. */
  partMaxCommits: z.number().int().min(1).max(10_000_000).optional(),
  partMaxBytes: z
    .number()
    .int()
    .min(1024)
    .max(2 ** 31)
    .optional(),
});
export type BackupRequest = z.input<typeof BackupRequest>;

export interface BackupRun {
  backupId: string;
  kind: 'full' | 'incremental';
  trigger: string;
  requestedBy?: string;
  startedAt: string;
  /** Commits written at or before this instant are in scope. */
  until: string;
  /** Exclusive lower bound: the previous backup's high-water mark, a write id (incremental only). */
  afterWriteId?: string;
  previous?: { id: string; sha256: string };
  base: string;
  note?: string;
  partMaxCommits: number;
  partMaxBytes: number;
  cursor: { seq: number; afterWriteId?: string; done: boolean };
  manifestSha256?: string;
}

export const DEFAULT_PART_MAX_BYTES = 128 * 1024 * 1024;

export interface BackupRecord {
  id: string;
  kind: 'full' | 'incremental';
  status: 'queued' | 'running' | 'completed' | 'failed' | 'expired';
  trigger: string;
  requestedBy?: string;
  startedAt: string;
  finishedAt?: string;
  durationMs?: number;
  until?: string;
  previousId?: string;
  commits?: number;
  events?: number;
  parts?: number;
  bytes?: number;
  uncompressedBytes?: number;
  compressionRatio?: number;
  highWaterMark?: string;
  manifestSha256?: string;
  note?: string;
  error?: string;
  executionArn?: string;
  verification?: Omit<Verification, 'backupId'>;
  drill?: {
    restoreId: string;
    ok?: boolean;
    at: string;
    matches?: boolean;
    finishedAt?: string;
    error?: string;
  };
  retention?: { expired: string[]; error?: string };
}

export class BackupRefused extends BackupError {
  override name = 'BackupRefused';
}

const record = (id: string, patch: Partial<BackupRecord>) => patchRecord(OPS_VIEWS.backups, id, patch);

/** The latest completed backup: the head of the chain the next incremental extends. */
export const latestBackup = async () => {
  const id = await latestBackupId();
  return id ? readManifest(id) : undefined;
};

/** Collect: decides full or incremental, the range, and the chain link; records the run as running. */
export const collect = async (input: BackupRequest): Promise<BackupRun> => {
  const request = BackupRequest.parse(input);
  const backupId = request.backupId ?? ulid();
  if (await readManifest(backupId)) throw new BackupRefused(`Backup ${backupId} already exists`);
  const startedAt = new Date();
  const head = await latestBackup();
  const settings = await readSettings();
  let kind: 'full' | 'incremental' = request.kind === 'full' ? 'full' : 'incremental';
  let note: string | undefined;
  if (kind === 'incremental' && !head) {
    kind = 'full';
    note = 'No earlier backup to build on: taken in full';
  } else if (kind === 'incremental' && head) {
    const headRecord = await getRecord<BackupRecord>(OPS_VIEWS.backups, head.manifest.id);
    if (headRecord?.verification && !headRecord.verification.ok) {
      kind = 'full';
      note = `The latest backup ${head.manifest.id} failed verification: taken in full`;
    } else if (request.kind === 'auto') {
      const incrementals = (await chainOf(head.manifest.id).catch(() => [])).length - 1;
      if (incrementals < 0 || incrementals >= settings.fullEvery) {
        kind = 'full';
        note =
          incrementals < 0
            ? `The chain of ${head.manifest.id} is broken: taken in full`
            : `${incrementals} incrementals since the last full backup: taken in full`;
      }
    }
  }
  // Never go back in time: a backup's range starts where the previous one's ended.
  const settled = new Date(startedAt.getTime() - config.backupSettleSeconds * 1000).toISOString();
  const until = head && head.manifest.range.until > settled ? head.manifest.range.until : settled;
  const trigger = request.schedule ? `schedule:${request.schedule}` : 'manual';
  const run: BackupRun = {
    backupId,
    kind,
    trigger,
    requestedBy: request.requestedBy,
    startedAt: startedAt.toISOString(),
    until,
    afterWriteId: kind === 'incremental' ? head?.manifest.highWaterMark : undefined,
    previous: head ? { id: head.manifest.id, sha256: head.sha256 } : undefined,
    base: kind === 'incremental' && head ? head.manifest.base : backupId,
    note,
    partMaxCommits: request.partMaxCommits ?? config.backupPartMaxCommits,
    partMaxBytes: request.partMaxBytes ?? DEFAULT_PART_MAX_BYTES,
    cursor: { seq: 0, done: false },
  };
  run.cursor.afterWriteId = run.afterWriteId;
  await record(backupId, {
    id: backupId,
    kind,
    status: 'running',
    trigger,
    requestedBy: request.requestedBy,
    startedAt: run.startedAt,
    until,
    previousId: run.previous?.id,
    note,
    executionArn: request.executionArn,
  });
  return run;
};

/** Flattens pages of commits into one iterator that parts pull from in turn. */
const commitsOf = (pages: AsyncGenerator<RawCommit[]>) =>
  (async function* () {
    for await (const page of pages) yield* page;
  })();

/**
 * WriteParts: streams commits after the cursor into parts until none are left or `shouldPause` says
 * the invocation is running out of time. Each part is uploaded, then described in its info file;
 * the cursor moves only after both, so a retry rewrites exactly the part that was cut short.
 */
export const writeParts = async (
  run: BackupRun,
  options: { shouldPause?: () => boolean; afterPart?: (part: PartInfo) => void | Promise<void> } = {},
): Promise<BackupRun> => {
  if (run.cursor.done) return run;
  // In the order commits were written, so a commit imported with an old time after the last backup is
  // still after its high-water mark.
  const commits = commitsOf(
    eventStore.readWritten({ afterWriteId: run.cursor.afterWriteId, until: run.until }),
  );
  let pending: RawCommit | undefined;
  let exhausted = false;
  const cursor = { ...run.cursor };
  while (!exhausted) {
    const next = pending ?? (await commits.next()).value;
    pending = undefined;
    if (!next) break;
    const seq = cursor.seq + 1;
    const stats = { commits: 0, events: 0, first: next, last: next, earliestAt: next.committedAt };
    const lines = async function* () {
      let commit: RawCommit | undefined = next;
      let bytes = 0;
      while (commit) {
        const line = lineOf(commit);
        stats.commits += 1;
        stats.events += (JSON.parse(commit.events) as unknown[]).length;
        stats.last = commit;
        if (commit.committedAt < stats.earliestAt) stats.earliestAt = commit.committedAt;
        bytes += Buffer.byteLength(line);
        yield line;
        const following = await commits.next();
        if (following.done) {
          exhausted = true;
          return;
        }
        if (stats.commits >= run.partMaxCommits || bytes >= run.partMaxBytes) {
          pending = following.value;
          return;
        }
        commit = following.value;
      }
    };
    const key = partKey(run.backupId, seq);
    const written = await writePart(config.backupsBucket, key, lines());
    const info: PartInfo = {
      seq,
      key,
      commits: stats.commits,
      events: stats.events,
      bytes: written.bytes,
      uncompressedBytes: written.uncompressedBytes,
      sha256: written.sha256,
      firstCommitId: stats.first.commitId,
      lastCommitId: stats.last.commitId,
      lastWriteId: writeIdOf(stats.last),
      firstAt: stats.first.committedAt,
      lastAt: stats.last.committedAt,
      earliestAt: stats.earliestAt,
    };
    await putJson(config.backupsBucket, partInfoKey(run.backupId, seq), info);
    cursor.seq = seq;
    cursor.afterWriteId = info.lastWriteId;
    await options.afterPart?.(info);
    if (!exhausted && options.shouldPause?.()) return { ...run, cursor };
  }
  return { ...run, cursor: { ...cursor, done: true } };
};

/**
 * WriteManifest: gathers the parts' descriptions, removes any stray part an earlier attempt left
 * beyond the last one, and writes the manifest: the moment the backup comes to exist.
 */
export const writeManifest = async (run: BackupRun): Promise<BackupRun> => {
  if (!run.cursor.done) throw new BackupError(`Backup ${run.backupId} still has commits to write`);
  const parts: PartInfo[] = [];
  for (let seq = 1; seq <= run.cursor.seq; seq++) {
    const bytes = await getBytes(config.backupsBucket, partInfoKey(run.backupId, seq));
    if (!bytes) throw new BackupError(`Backup ${run.backupId} lost the description of part ${seq}`);
    parts.push(PartInfo.parse(JSON.parse(bytes.toString('utf8'))));
  }
  const expected = new Set(parts.flatMap((p) => [p.key, partInfoKey(run.backupId, p.seq)]));
  const { keys } = await listKeys(config.backupsBucket, partsPrefix(run.backupId));
  await deleteKeys(
    config.backupsBucket,
    keys.map((k) => k.key).filter((k) => !expected.has(k)),
  );
  const sum = (f: (p: PartInfo) => number) => parts.reduce((n, p) => n + f(p), 0);
  const manifest: BackupManifest = {
    format: FORMAT,
    id: run.backupId,
    kind: run.kind,
    stage: config.stage,
    startedAt: run.startedAt,
    completedAt: new Date().toISOString(),
    compression: 'zstd',
    range: { afterCommitId: run.afterWriteId, until: run.until },
    highWaterMark: parts.at(-1)?.lastWriteId ?? run.afterWriteId,
    firstAt: parts[0]?.firstAt,
    lastAt: parts.at(-1)?.lastAt,
    counts: {
      commits: sum((p) => p.commits),
      events: sum((p) => p.events),
      parts: parts.length,
      bytes: sum((p) => p.bytes),
      uncompressedBytes: sum((p) => p.uncompressedBytes),
    },
    parts,
    previous: run.previous,
    base: run.base,
    trigger: run.trigger,
  };
  const written = await putJson(config.backupsBucket, manifestKey(run.backupId), manifest);
  return { ...run, manifestSha256: written.sha256 };
};

/**
 * Verify: re-reads the backup just written. A backup that fails is no backup: the Catch path removes
 * its manifest so nothing restores from or chains to it.
 */
export const verifyRun = async (run: BackupRun): Promise<BackupRun & { verification: Verification }> => {
  const verification = await verifyBackup(run.backupId, { expectedSha256: run.manifestSha256 });
  const { backupId: _, ...verified } = verification;
  if (!verification.ok) {
    await record(run.backupId, { verification: verified });
    throw new BackupVerificationFailed(run.backupId, verification.problems);
  }
  const stored = (await readManifest(run.backupId))!;
  const { counts } = stored.manifest;
  const finishedAt = new Date();
  await record(run.backupId, {
    status: 'completed',
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - Date.parse(run.startedAt),
    commits: counts.commits,
    events: counts.events,
    parts: counts.parts,
    bytes: counts.bytes,
    uncompressedBytes: counts.uncompressedBytes,
    compressionRatio: counts.bytes
      ? Math.round((counts.uncompressedBytes / counts.bytes) * 100) / 100
      : undefined,
    highWaterMark: stored.manifest.highWaterMark,
    manifestSha256: stored.sha256,
    verification: verified,
  });
  await appendRecorded(
    `backup-${run.backupId}`,
    [
      {
        type: 'BackupCompleted',
        data: {
          backupId: run.backupId,
          kind: run.kind,
          commits: counts.commits,
          events: counts.events,
          parts: counts.parts,
          bytes: counts.bytes,
          uncompressedBytes: counts.uncompressedBytes,
          highWaterMark: stored.manifest.highWaterMark,
          until: run.until,
          previousId: run.previous?.id,
          manifestSha256: stored.sha256,
        },
      },
      { type: 'BackupVerified', data: { backupId: run.backupId, ok: true, problems: [] } },
    ],
    { actor: SYSTEM_ACTOR, correlationId: run.backupId },
  );
  return { ...run, verification };
};

/** The message of a Catch's `Cause`: Lambda wraps it as JSON `{ errorMessage, errorType }`. */
export const causeOf = (error: { Error?: string; Cause?: string } | undefined): string => {
  if (!error) return 'Unknown error';
  try {
    const parsed = JSON.parse(error.Cause ?? '') as { errorMessage?: string };
    if (parsed.errorMessage) return parsed.errorMessage;
  } catch {
    // Not JSON: the local engine passes the message itself.
  }
  return error.Cause || error.Error || 'Unknown error';
};

/**
 * RecordFailure: a run that did not complete leaves no manifest, so nothing restores from it or
 * chains to it; its parts stay until retention sweeps them (evidence for whoever looks into it).
 */
export const recordFailure = async (state: {
  backupId?: string;
  error?: { Error?: string; Cause?: string };
  requestedBy?: string;
}): Promise<{ backupId?: string; error: string }> => {
  const error = causeOf(state.error);
  if (!state.backupId) return { error };
  // A run refused for naming an existing backup must not touch that backup.
  const existing = await getRecord<BackupRecord>(OPS_VIEWS.backups, state.backupId);
  if (existing?.status === 'completed') return { backupId: state.backupId, error };
  // Best effort: when the bucket itself is what failed, there is no manifest to remove either.
  await deleteKeys(config.backupsBucket, [manifestKey(state.backupId)]).catch(() => undefined);
  await record(state.backupId, {
    id: state.backupId,
    status: 'failed',
    finishedAt: new Date().toISOString(),
    durationMs: existing?.startedAt ? Date.now() - Date.parse(existing.startedAt) : undefined,
    error,
  });
  await appendRecorded(
    `backup-${state.backupId}`,
    [{ type: 'BackupFailed', data: { backupId: state.backupId, error } }],
    { actor: SYSTEM_ACTOR, correlationId: state.backupId },
  );
  return { backupId: state.backupId, error };
};
