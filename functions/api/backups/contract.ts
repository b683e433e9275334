import * as z from 'zod';
import { BackupId, BackupManifest, RetentionPolicy } from '../../backup/layout.ts';
import { defineRoute } from '../../http/route.ts';
import { EventRecord, PageQuery, page } from '../schemas.ts';

const tag = 'Backups';

const Instant = z.iso.datetime({ offset: true });

const Verification = z
  .object({
    ok: z.boolean(),
    problems: z.array(z.string()).meta({ description: 'Exactly what is wrong; empty when ok' }),
    checked: z.object({ parts: z.number(), commits: z.number(), events: z.number(), bytes: z.number() }),
    checkedAt: z.string(),
  })
  .meta({ id: 'BackupVerification' });

const Drill = z
  .object({
    restoreId: z.string(),
    at: z.string(),
    ok: z.boolean().optional(),
    matches: z.boolean().optional().meta({ description: "The restored views' digest equals the source's" }),
    finishedAt: z.string().optional(),
    rows: z.number().optional(),
    digest: z.string().optional(),
    sourceDigest: z.string().optional(),
    error: z.string().optional(),
  })
  .meta({ id: 'RestoreDrillResult' });

export const BackupRun = z
  .object({
    id: z.string(),
    kind: z.enum(['full', 'incremental']).optional(),
    status: z.enum(['queued', 'running', 'completed', 'failed', 'expired']),
    trigger: z.string().optional(),
    requestedBy: z.string().optional(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    durationMs: z.number().optional(),
    until: z.string().optional().meta({ description: 'The restore point: commits up to this instant' }),
    previousId: z.string().optional(),
    commits: z.number().optional(),
    events: z.number().optional(),
    parts: z.number().optional(),
    bytes: z.number().optional().meta({ description: 'Size as stored (compressed)' }),
    uncompressedBytes: z.number().optional(),
    compressionRatio: z.number().optional(),
    highWaterMark: z.string().optional(),
    manifestSha256: z.string().optional(),
    note: z.string().optional(),
    error: z.string().optional(),
    executionArn: z.string().optional(),
    verification: Verification.optional(),
    drill: Drill.optional(),
    retention: z.object({ expired: z.array(z.string()), error: z.string().optional() }).optional(),
    expiredAt: z.string().optional().meta({
      description: 'When the retention policy expired it (status expired): it can no longer be restored',
    }),
  })
  .meta({ id: 'BackupRun' });

const IdOf = z.object({ id: BackupId }).strict();

export const listBackups = defineRoute({
  method: 'GET',
  path: '/api/backups',
  permission: 'backups:read',
  summary: 'Backup runs, newest first: size, duration, compression ratio, result and restore drill',
  tag,
  // Runs are not searched: the shared paging without `search`.
  query: PageQuery.omit({ search: true, order: true }),
  response: page(BackupRun, 'BackupRunPage'),
});

export const startBackup = defineRoute({
  method: 'POST',
  path: '/api/backups',
  permission: 'backups:run',
  summary: 'Back up now: a full backup, or an incremental one of what came after the last',
  tag,
  status: 202,
  body: z
    .object({ kind: z.enum(['full', 'incremental']).default('incremental') })
    .strict()
    .meta({ id: 'StartBackup' }),
  response: BackupRun,
});

export const getBackup = defineRoute({
  method: 'GET',
  path: '/api/backups/{id}',
  permission: 'backups:read',
  summary: 'One backup run, with its manifest when the backup exists',
  tag,
  params: IdOf,
  response: BackupRun.extend({ manifest: BackupManifest.meta({ id: 'BackupManifest' }).optional() }).meta({
    id: 'BackupDetail',
  }),
});

export const verifyBackup = defineRoute({
  method: 'POST',
  path: '/api/backups/{id}/verify',
  permission: 'backups:run',
  summary: 'Re-read every part of a backup: hashes, counts, and every event against its schema',
  tag,
  status: 202,
  params: IdOf,
  response: z.object({ id: z.string(), executionArn: z.string() }).meta({ id: 'VerificationStarted' }),
});

export const BackupSettings = z
  .object({
    retention: RetentionPolicy,
    fullEvery: z.number().int().meta({ description: 'A full backup after this many incrementals' }),
    version: z.number().int(),
    updatedAt: z.string().optional(),
    updatedBy: z.string().optional(),
  })
  .meta({ id: 'BackupSettings' });

export const getSettings = defineRoute({
  method: 'GET',
  path: '/api/backup-settings',
  permission: 'backups:read',
  summary: 'The retention policy and full-backup cadence',
  tag,
  response: BackupSettings,
});

export const putSettings = defineRoute({
  method: 'PUT',
  path: '/api/backup-settings',
  permission: 'backups:run',
  summary: 'Change the retention policy (e.g. keep 7 daily, 4 weekly, 12 monthly)',
  tag,
  body: z
    .object({ retention: RetentionPolicy, fullEvery: z.number().int().min(1).max(365) })
    .strict()
    .meta({ id: 'ChangeBackupSettings' }),
  response: BackupSettings,
});

export const RestoreRun = z
  .object({
    id: z.string(),
    mode: z.enum(['restore', 'drill']),
    status: z.enum(['running', 'completed', 'failed']),
    backupId: z.string().optional(),
    at: z.string().optional(),
    trigger: z.string().optional(),
    requestedBy: z.string().optional(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    durationMs: z.number().optional(),
    step: z.string().optional(),
    target: z.object({ eventsTable: z.string(), viewsTable: z.string() }).optional(),
    commits: z.number().optional(),
    events: z.number().optional(),
    rows: z.number().optional(),
    digest: z.string().optional(),
    sourceDigest: z.string().optional(),
    matches: z.boolean().optional(),
    error: z.string().optional(),
    problems: z.array(z.string()).optional(),
    executionArn: z.string().optional(),
  })
  .meta({ id: 'RestoreRun' });

export const listRestores = defineRoute({
  method: 'GET',
  path: '/api/restores',
  permission: 'backups:read',
  summary: 'Restores and restore drills, newest first',
  tag,
  // Runs are not searched: the shared paging without `search`.
  query: PageQuery.omit({ search: true, order: true }),
  response: page(RestoreRun, 'RestoreRunPage'),
});

export const getRestore = defineRoute({
  method: 'GET',
  path: '/api/restores/{id}',
  permission: 'backups:read',
  summary: 'One restore or restore drill',
  tag,
  params: IdOf,
  response: RestoreRun,
});

export const startRestore = defineRoute({
  method: 'POST',
  path: '/api/restores',
  permission: 'backups:restore',
  summary: 'Point-in-time restore into new, empty tables, with the views rebuilt',
  tag,
  status: 202,
  // The backup named (or, without one, any backup at all) does not exist.
  problems: [404],
  body: z
    .object({
      at: Instant.optional().meta({
        description: 'Restore commits up to this instant; defaults to the backup',
      }),
      backupId: BackupId.optional().meta({ description: 'Restore from this backup; defaults to the latest' }),
      target: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Use 1-40 lowercase letters, digits or dashes')
        .optional()
        .meta({ description: 'Names the new tables; defaults to the restore id' }),
    })
    .strict()
    .meta({ id: 'StartRestore' }),
  response: RestoreRun,
});

export const startDrill = defineRoute({
  method: 'POST',
  path: '/api/restore-drills',
  permission: 'backups:run',
  summary: "Restore a backup into scratch tables and compare its views digest with the source's",
  tag,
  status: 202,
  // The backup named (or, without one, any backup at all) does not exist.
  problems: [404],
  body: z
    .object({ backupId: BackupId.optional().meta({ description: 'Defaults to the latest backup' }) })
    .strict()
    .meta({ id: 'StartDrill' }),
  response: RestoreRun,
});

export const StreamIdParams = z
  .object({
    streamId: z
      .string()
      .regex(/^[a-z]+-[A-Za-z0-9_@.+-]{1,200}$/, 'A stream id is <record type>-<id>, e.g. order-01J...'),
  })
  .strict();

export const recordAt = defineRoute({
  method: 'GET',
  path: '/api/history/{streamId}',
  permission: 'events:read',
  summary: 'Time travel: a record as it was at any past instant, folded from its events',
  tag: 'History',
  params: StreamIdParams,
  query: z.object({ at: Instant.optional().meta({ description: 'The instant; defaults to now' }) }).strict(),
  response: z
    .object({
      streamId: z.string(),
      at: z.string(),
      recordType: z.string(),
      exists: z.boolean().meta({ description: 'Whether the record existed at that instant' }),
      version: z.number().int().meta({ description: 'Commits up to the instant' }),
      eventCount: z.number().int(),
      totalEvents: z.number().int().meta({ description: 'Events in the stream today' }),
      createdAt: z.string().optional(),
      updatedAt: z.string().optional(),
      state: z.record(z.string(), z.unknown()).nullable().meta({
        description: "The record's state at the instant; null for streams no record type folds",
      }),
      events: z.array(EventRecord).meta({ description: 'The events up to the instant, oldest first' }),
    })
    .meta({ id: 'RecordAt' }),
});

export const backupRoutes = [
  listBackups,
  startBackup,
  getBackup,
  verifyBackup,
  getSettings,
  putSettings,
  listRestores,
  getRestore,
  startRestore,
  startDrill,
  recordAt,
];
