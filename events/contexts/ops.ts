import * as z from 'zod';
import { defineEvent } from '../define.ts';

/**
 * Operations on the platform's own data: backups, restores and exports. They are facts for the audit
 * trail (who backed up, restored or exported what, and when); no aggregate evolves from them.
 * Streams: `backup-<id>`, `restore-<id>`, `export-<id>`, `backupsettings-current`.
 */

const Retention = z.object({
  daily: z.number().int().min(0),
  weekly: z.number().int().min(0),
  monthly: z.number().int().min(0),
});

export const BackupCompleted = defineEvent({
  type: 'BackupCompleted',
  context: 'ops',
  summary: 'A full or incremental backup of the event store was written and verified',
  schema: z.object({
    backupId: z.string(),
    kind: z.enum(['full', 'incremental']),
    commits: z.number().int().min(0),
    events: z.number().int().min(0),
    parts: z.number().int().min(0),
    bytes: z.number().int().min(0),
    uncompressedBytes: z.number().int().min(0),
    highWaterMark: z.string().optional(),
    until: z.string(),
    previousId: z.string().optional(),
    manifestSha256: z.string(),
  }),
});

export const BackupFailed = defineEvent({
  type: 'BackupFailed',
  context: 'ops',
  summary: 'A backup did not complete; it left no manifest',
  schema: z.object({ backupId: z.string(), error: z.string() }),
});

export const BackupVerified = defineEvent({
  type: 'BackupVerified',
  context: 'ops',
  summary: 'A backup was re-read and checked: hashes, counts and every event against its schema',
  schema: z.object({ backupId: z.string(), ok: z.boolean(), problems: z.array(z.string()) }),
});

export const BackupsExpired = defineEvent({
  type: 'BackupsExpired',
  context: 'ops',
  summary: 'The retention policy deleted backups no kept restore point needs',
  schema: z.object({ backupIds: z.array(z.string()), kept: z.number().int().min(0), retention: Retention }),
});

export const BackupSettingsChanged = defineEvent({
  type: 'BackupSettingsChanged',
  context: 'ops',
  summary: 'The backup retention policy or full-backup cadence changed',
  schema: z.object({ retention: Retention, fullEvery: z.number().int().min(1) }),
});

export const RestoreCompleted = defineEvent({
  type: 'RestoreCompleted',
  context: 'ops',
  summary: 'Backed-up commits up to an instant were restored into an empty store and its views rebuilt',
  schema: z.object({
    restoreId: z.string(),
    mode: z.enum(['restore', 'drill']),
    backupId: z.string(),
    at: z.string(),
    commits: z.number().int().min(0),
    events: z.number().int().min(0),
    rows: z.number().int().min(0),
    digest: z.string(),
    /** Drills: the source's views digest at the same instant, and whether the two agree. */
    sourceDigest: z.string().optional(),
    matches: z.boolean().optional(),
  }),
});

export const RestoreFailed = defineEvent({
  type: 'RestoreFailed',
  context: 'ops',
  summary: 'A restore or restore drill stopped; it restored nothing usable',
  schema: z.object({
    restoreId: z.string(),
    mode: z.enum(['restore', 'drill']),
    backupId: z.string().optional(),
    error: z.string(),
  }),
});

export const ExportCreated = defineEvent({
  type: 'ExportCreated',
  context: 'ops',
  summary: 'Someone exported a record collection or the event stream to a file',
  schema: z.object({
    exportId: z.string(),
    source: z.record(z.string(), z.unknown()),
    format: z.enum(['json', 'csv', 'xlsx', 'sql']),
    compression: z.enum(['none', 'gzip']),
    rows: z.number().int().min(0),
    bytes: z.number().int().min(0),
    sha256: z.string(),
    key: z.string(),
  }),
});
