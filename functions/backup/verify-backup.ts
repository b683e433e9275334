import { ZodError } from 'zod';
import { upcast } from '../../events/catalog.ts';
import type { Envelope } from '../../events/envelope.ts';
import { getStream } from '../adapters/blobs.ts';
import { writeIdOf, writtenAtOf } from '../application/event-store-port.ts';
import { config } from '../runtime/config.ts';
import type { BackedUpCommit } from './commits.ts';
import type { BackupManifest, PartInfo } from './layout.ts';
import { ManifestUnreadable, readManifest, type StoredManifest } from './manifests.ts';
import { PartDecompressError, readPart } from './parts.ts';

/**
 * Verification re-reads every part of a backup and reports exactly what is wrong: a missing or
 * corrupt part (SHA-256, size, decompression), a line that is not a commit, commits out of the order
 * they were written in (write ids, event-store-port.ts) or outside the backup's range, counts that differ from the manifest, and any event that no longer
 * decodes against its schema (upcast to the current version, as every reader would).
 */
export interface Verification {
  backupId: string;
  ok: boolean;
  problems: string[];
  checked: { parts: number; commits: number; events: number; bytes: number };
  checkedAt: string;
}

const MAX_PROBLEMS = 50;

class Problems {
  readonly list: string[] = [];
  private dropped = 0;

  add(problem: string) {
    if (this.list.length < MAX_PROBLEMS) this.list.push(problem);
    else this.dropped += 1;
  }

  get count() {
    return this.list.length + this.dropped;
  }

  done(): string[] {
    return this.dropped ? [...this.list, `…and ${this.dropped} more problems`] : this.list;
  }
}

const describeSchemaError = (error: unknown): string => {
  if (error instanceof ZodError) {
    return error.issues
      .slice(0, 3)
      .map((i) => `${['data', ...i.path.map(String)].join('.')}: ${i.message}`)
      .join('; ');
  }
  return (error as Error).message;
};

const isCommitLike = (value: unknown): value is BackedUpCommit => {
  const c = value as Partial<BackedUpCommit> | null;
  return (
    !!c &&
    typeof c.streamId === 'string' &&
    typeof c.version === 'number' &&
    typeof c.commitId === 'string' &&
    typeof c.committedAt === 'string' &&
    typeof c.eventCount === 'number' &&
    Array.isArray(c.events)
  );
};

/**
 * Reads one part and calls `onCommit` for every commit that decodes; problems go to `problems`.
 * Shared by verification (which only counts) and restore (which writes what it reads).
 */
export const scanPart = async (
  manifest: BackupManifest,
  part: PartInfo,
  problems: { add: (problem: string) => void },
  state: { lastWriteId?: string },
  onCommit?: (commit: BackedUpCommit, events: ReturnType<typeof upcast>[]) => void | Promise<void>,
): Promise<{ commits: number; events: number; bytes: number }> => {
  const where = `part ${part.seq} of ${manifest.parts.length} (${part.key}) of backup ${manifest.id}`;
  let body: Awaited<ReturnType<typeof getStream>>;
  try {
    body = await getStream(config.backupsBucket, part.key);
  } catch (error) {
    const name = (error as { name?: string }).name;
    problems.add(
      name === 'InvalidObjectState'
        ? `${where} is in archival storage; restore it to a readable storage class first`
        : `${where} could not be read: ${(error as Error).message}`,
    );
    return { commits: 0, events: 0, bytes: 0 };
  }
  if (!body) {
    problems.add(`${where} is missing`);
    return { commits: 0, events: 0, bytes: 0 };
  }
  let commits = 0;
  let events = 0;
  let firstCommitId: string | undefined;
  let lastCommitId: string | undefined;
  let lastWriteId: string | undefined;
  const until = manifest.range.until;
  const after = manifest.range.afterCommitId;
  let stored: Awaited<ReturnType<typeof readPart>>;
  try {
    stored = await readPart(body, async (line, n) => {
      const at = `${where}, line ${n}`;
      let commit: unknown;
      try {
        commit = JSON.parse(line);
      } catch {
        problems.add(`${at}: not valid JSON`);
        return;
      }
      if (!isCommitLike(commit)) {
        problems.add(
          `${at}: not a commit (needs streamId, version, commitId, committedAt, eventCount, events)`,
        );
        return;
      }
      commits += 1;
      events += commit.events.length;
      firstCommitId ??= commit.commitId;
      const writeId = writeIdOf(commit);
      if (state.lastWriteId !== undefined && writeId <= state.lastWriteId) {
        problems.add(
          `${at}: commit ${commit.commitId} is out of order (written ${writeId}, after ${state.lastWriteId})`,
        );
      }
      if (after !== undefined && writeId <= after) {
        problems.add(`${at}: commit ${commit.commitId} was written at or before the backup's start ${after}`);
      }
      const writtenAt = writtenAtOf(commit);
      if (writtenAt > until) {
        problems.add(`${at}: commit ${commit.commitId} was written at ${writtenAt}, after ${until}`);
      }
      state.lastWriteId = writeId;
      lastCommitId = commit.commitId;
      lastWriteId = writeId;
      const decoded: ReturnType<typeof upcast>[] = [];
      let fine = commit.events.length > 0;
      if (!fine) problems.add(`${at}: commit ${commit.commitId} holds no events`);
      commit.events.forEach((event: Envelope, i) => {
        const label = `${at} (stream ${commit.streamId} commit ${commit.version}): event ${i + 1} of ${commit.events.length}, ${event?.type} v${event?.version}`;
        try {
          if (event.streamId !== commit.streamId) throw new Error(`belongs to stream ${event.streamId}`);
          decoded.push(upcast(event));
        } catch (error) {
          fine = false;
          problems.add(`${label}, does not decode against its schema: ${describeSchemaError(error)}`);
        }
      });
      const lastVersion = commit.events.at(-1)?.streamVersion;
      if (fine && lastVersion !== commit.eventCount) {
        fine = false;
        problems.add(
          `${at}: commit ${commit.commitId} ends at event ${lastVersion} but says ${commit.eventCount}`,
        );
      }
      if (fine && onCommit) await onCommit(commit, decoded);
    });
  } catch (error) {
    if (error instanceof PartDecompressError) {
      problems.add(`${where} is corrupt: it does not decompress (${error.message})`);
    } else {
      problems.add(`${where} could not be read: ${(error as Error).message}`);
    }
    return { commits, events, bytes: 0 };
  }
  if (stored.sha256 !== part.sha256) {
    problems.add(`${where} is corrupt: its SHA-256 is ${stored.sha256}, the manifest says ${part.sha256}`);
  }
  if (stored.bytes !== part.bytes) {
    problems.add(`${where} holds ${stored.bytes} bytes, the manifest says ${part.bytes}`);
  }
  if (commits !== part.commits || events !== part.events) {
    problems.add(
      `${where} holds ${commits} commits and ${events} events, the manifest says ${part.commits} and ${part.events}`,
    );
  }
  if (commits > 0 && (firstCommitId !== part.firstCommitId || lastCommitId !== part.lastCommitId)) {
    problems.add(
      `${where} spans commits ${firstCommitId}..${lastCommitId}, the manifest says ${part.firstCommitId}..${part.lastCommitId}`,
    );
  }
  if (commits > 0 && part.lastWriteId !== undefined && lastWriteId !== part.lastWriteId) {
    problems.add(`${where} ends at write id ${lastWriteId}, the manifest says ${part.lastWriteId}`);
  }
  return { commits, events, bytes: stored.bytes };
};

/** Checks the manifest's own arithmetic: its totals are the sums of its parts. */
const checkManifest = (manifest: BackupManifest, problems: Problems) => {
  const sum = (f: (p: PartInfo) => number) => manifest.parts.reduce((n, p) => n + f(p), 0);
  const expected = {
    parts: manifest.parts.length,
    commits: sum((p) => p.commits),
    events: sum((p) => p.events),
    bytes: sum((p) => p.bytes),
    uncompressedBytes: sum((p) => p.uncompressedBytes),
  };
  for (const [key, value] of Object.entries(expected)) {
    const recorded = manifest.counts[key as keyof typeof expected];
    if (recorded !== value)
      problems.add(
        `The manifest of backup ${manifest.id} counts ${recorded} ${key}, its parts add up to ${value}`,
      );
  }
  manifest.parts.forEach((part, i) => {
    if (part.seq !== i + 1)
      problems.add(`The manifest of backup ${manifest.id} lists part ${part.seq} in place ${i + 1}`);
  });
  const last = manifest.parts.at(-1);
  const lastWriteId = last && (last.lastWriteId ?? last.lastCommitId);
  if (last && manifest.highWaterMark !== lastWriteId) {
    problems.add(
      `The manifest of backup ${manifest.id} has high-water mark ${manifest.highWaterMark}, its last commit's write id is ${lastWriteId}`,
    );
  }
};

/**
 * Verifies one backup: its manifest (and the hash link to the previous one, when that still exists)
 * and every part, line by line.
 */
export const verifyBackup = async (
  backupId: string,
  options: { expectedSha256?: string } = {},
): Promise<Verification> => {
  const problems = new Problems();
  const checked = { parts: 0, commits: 0, events: 0, bytes: 0 };
  const result = () => ({
    backupId,
    ok: problems.count === 0,
    problems: problems.done(),
    checked,
    checkedAt: new Date().toISOString(),
  });
  let stored: StoredManifest | undefined;
  try {
    stored = await readManifest(backupId);
  } catch (error) {
    if (!(error instanceof ManifestUnreadable)) throw error;
    problems.add(error.message);
    return result();
  }
  if (!stored) {
    problems.add(`Backup ${backupId} has no manifest: it never completed, or it was deleted`);
    return result();
  }
  const { manifest } = stored;
  if (options.expectedSha256 && options.expectedSha256 !== stored.sha256) {
    problems.add(
      `The manifest of backup ${backupId} changed after it was written (SHA-256 ${stored.sha256}, recorded ${options.expectedSha256})`,
    );
  }
  if (manifest.previous) {
    const previous = await readManifest(manifest.previous.id).catch(() => undefined);
    // A previous backup expired by retention is fine; one that exists must match its link.
    if (previous && previous.sha256 !== manifest.previous.sha256) {
      problems.add(
        `Backup ${backupId} is chained to manifest ${manifest.previous.id} with SHA-256 ${manifest.previous.sha256}, but that manifest's SHA-256 is now ${previous.sha256}`,
      );
    }
  }
  checkManifest(manifest, problems);
  const order: { lastWriteId?: string } = {};
  for (const part of manifest.parts) {
    const counted = await scanPart(manifest, part, problems, order);
    checked.parts += 1;
    checked.commits += counted.commits;
    checked.events += counted.events;
    checked.bytes += counted.bytes;
  }
  return result();
};
