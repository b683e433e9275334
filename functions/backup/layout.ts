import * as z from 'zod';

/**
 * How backups lie in the backups bucket:
 *
 *   manifests/<backupId>.json                 one per completed backup, written last
 *   parts/<backupId>/part-00001.ndjson.zst    commits, one JSON line each, zstd-compressed
 *   parts/<backupId>/part-00001.json          the part's description, written right after the part
 *
 * A backup exists once its manifest does: an interrupted run leaves parts without a manifest, which
 * nothing reads and retention sweeps away. Manifests chain: each names the previous backup and the
 * SHA-256 of that backup's manifest bytes, so a changed or missing link is detected.
 */
export const FORMAT = 'firefly-backup/1';
export const MANIFESTS = 'manifests/';
export const PARTS = 'parts/';

export const manifestKey = (backupId: string) => `${MANIFESTS}${backupId}.json`;
export const partsPrefix = (backupId: string) => `${PARTS}${backupId}/`;
const seqName = (seq: number) => `part-${String(seq).padStart(5, '0')}`;
export const partKey = (backupId: string, seq: number) =>
  `${partsPrefix(backupId)}${seqName(seq)}.ndjson.zst`;
export const partInfoKey = (backupId: string, seq: number) => `${partsPrefix(backupId)}${seqName(seq)}.json`;

/** Backup ids are ULIDs: time-ordered, so listing manifests lists backups oldest first. */
export const BackupId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Backup ids are 26-character ULIDs');

export const PartInfo = z.object({
  seq: z.number().int().min(1),
  key: z.string(),
  commits: z.number().int().min(1),
  events: z.number().int().min(1),
  /** Bytes as stored (compressed). */
  bytes: z.number().int().min(0),
  uncompressedBytes: z.number().int().min(0),
  /** SHA-256 (hex) of the bytes as stored. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  firstCommitId: z.string(),
  lastCommitId: z.string(),
  /** The write id of the part's last commit (event-store-port.ts `writeIdOf`); absent in older parts, where it is `lastCommitId`. */
  lastWriteId: z.string().optional(),
  firstAt: z.string(),
  lastAt: z.string(),
  /**
   * The earliest commit time in the part. Parts hold commits in the order they were written, so a part
   * with back-dated commits (imports) holds times earlier than its first; absent in older parts, where
   * it is `firstAt`.
   */
  earliestAt: z.string().optional(),
});
export type PartInfo = z.infer<typeof PartInfo>;

export const BackupManifest = z.object({
  format: z.literal(FORMAT),
  id: BackupId,
  kind: z.enum(['full', 'incremental']),
  stage: z.string(),
  startedAt: z.string(),
  completedAt: z.string(),
  compression: z.literal('zstd'),
  /**
   * Which commits: those written after the write id `afterCommitId` (the previous backup's high-water
   * mark; exclusive; absent for a full backup) and at or before `until`. A commit's write id is its
   * commit id unless it was written after its own time (an import): then it is when it was written.
   */
  range: z.object({ afterCommitId: z.string().optional(), until: z.string() }),
  /**
   * The last write id the chain up to this backup holds; the next incremental starts after it. Write
   * ids follow the order commits were written in, so commits imported later with older times still
   * come after it.
   */
  highWaterMark: z.string().optional(),
  /** Commit times of the first and last commit in this backup, when it holds any. */
  firstAt: z.string().optional(),
  lastAt: z.string().optional(),
  counts: z.object({
    commits: z.number().int().min(0),
    events: z.number().int().min(0),
    parts: z.number().int().min(0),
    bytes: z.number().int().min(0),
    uncompressedBytes: z.number().int().min(0),
  }),
  parts: z.array(PartInfo),
  /** The backup before this one and the SHA-256 of its manifest bytes. */
  previous: z.object({ id: BackupId, sha256: z.string() }).optional(),
  /** The full backup an incremental builds on (its own id for a full backup). */
  base: BackupId,
  trigger: z.string(),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

export const RetentionPolicy = z
  .object({
    daily: z.number().int().min(0).max(366),
    weekly: z.number().int().min(0).max(520),
    monthly: z.number().int().min(0).max(240),
  })
  .meta({ id: 'RetentionPolicy' });
export type RetentionPolicy = z.infer<typeof RetentionPolicy>;

export class BackupError extends Error {
  override name = 'BackupError';
}
/** A backup (or a chain) failed verification; `problems` says exactly what is wrong. */
export class BackupVerificationFailed extends Error {
  override name = 'BackupVerificationFailed';
  constructor(
    readonly backupId: string,
    readonly problems: string[],
  ) {
    const more = problems.length > 10 ? ` (and ${problems.length - 10} more)` : '';
    super(`Backup ${backupId} failed verification: ${problems.slice(0, 10).join('; ')}${more}`);
  }
}
