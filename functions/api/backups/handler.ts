import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ulid } from 'ulid';
import type { Actor } from '../../../events/envelope.ts';
import { aggregateOf } from '../../../events/envelope.ts';
import { sfn } from '../../adapters/clients.ts';
import { readStream } from '../../adapters/event-store.ts';
import { listRows } from '../../adapters/views.ts';
import { aggregateOfStream, evolveAll } from '../../application/aggregates.ts';
import type { BackupRecord } from '../../backup/backup.ts';
import { readManifest } from '../../backup/manifests.ts';
import { getRecord, OPS_VIEWS, type OpsView, patchRecord, putRecord } from '../../backup/records.ts';
import { planRestore, RestoreRefused } from '../../backup/restore.ts';
import type { RestoreRecord } from '../../backup/restore-run.ts';
import { ORPHAN_AGE_MS } from '../../backup/retention.ts';
import { changeSettings, readSettings } from '../../backup/settings.ts';
import { httpHandler, implement } from '../../http/adapter.ts';
import { HttpProblem, notFound } from '../../http/problem.ts';
import { config } from '../../runtime/config.ts';
import * as api from './contract.ts';

const who = (actor: Actor) => actor.email ?? actor.id;

/** Starts an execution for a run recorded as queued; a run that cannot start is recorded as failed. */
const start = async (
  machine: string,
  name: string,
  input: Record<string, unknown>,
  run?: { view: OpsView; id: string },
) => {
  try {
    const result = await sfn().send(
      new StartExecutionCommand({
        stateMachineArn: config.stateMachineArn(machine),
        name,
        input: JSON.stringify(input),
      }),
    );
    return result.executionArn!;
  } catch (error) {
    if (run)
      await patchRecord(run.view, run.id, {
        status: 'failed',
        error: `Could not start: ${(error as Error).message}`,
      });
    throw error;
  }
};

/**
 * A run still marked running whose execution has ended without recording it (the process stopped, a
 * task's error handling itself failed) is shown as failed, with what Step Functions says.
 */
const settled = async <R extends { status: string; executionArn?: string; error?: string }>(
  run: R,
): Promise<R> => {
  if ((run.status !== 'running' && run.status !== 'queued') || !run.executionArn) return run;
  try {
    const execution = await sfn().send(new DescribeExecutionCommand({ executionArn: run.executionArn }));
    if (execution.status === 'RUNNING' || execution.status === 'PENDING_REDRIVE') return run;
    return {
      ...run,
      status: 'failed',
      error:
        run.error ?? `The run stopped (${execution.status}${execution.cause ? `: ${execution.cause}` : ''})`,
    };
  } catch (error) {
    if ((error as { name?: string }).name !== 'ExecutionDoesNotExist') throw error;
    return {
      ...run,
      status: 'failed',
      error: run.error ?? 'The run was interrupted: its execution no longer exists',
    };
  }
};

/** A backup known only from its manifest (its run record lost, e.g. to a views rebuild). */
const fromManifest = (m: NonNullable<Awaited<ReturnType<typeof readManifest>>>): BackupRecord => ({
  id: m.manifest.id,
  kind: m.manifest.kind,
  status: 'completed',
  trigger: m.manifest.trigger,
  startedAt: m.manifest.startedAt,
  finishedAt: m.manifest.completedAt,
  until: m.manifest.range.until,
  previousId: m.manifest.previous?.id,
  commits: m.manifest.counts.commits,
  events: m.manifest.counts.events,
  parts: m.manifest.counts.parts,
  bytes: m.manifest.counts.bytes,
  uncompressedBytes: m.manifest.counts.uncompressedBytes,
  highWaterMark: m.manifest.highWaterMark,
  manifestSha256: m.sha256,
});

/** A backup started recently that has not ended; one older than any backup runs is not waited for. */
const backupRunning = async (): Promise<string | undefined> => {
  const recent = await listRows<BackupRecord>(OPS_VIEWS.backups, { limit: 20 });
  for (const row of recent.items) {
    const run = await settled(row.state);
    const fresh = Date.now() - Date.parse(run.startedAt) < ORPHAN_AGE_MS;
    if ((run.status === 'running' || run.status === 'queued') && fresh) return run.id;
  }
  return undefined;
};

const startRestoreRun = async (
  mode: 'restore' | 'drill',
  actor: Actor,
  body: { backupId?: string; at?: string; target?: string },
) => {
  if (body.backupId && !(await readManifest(body.backupId))) throw notFound(`Backup ${body.backupId}`);
  try {
    await planRestore({ backupId: body.backupId, at: body.at });
  } catch (error) {
    if (error instanceof RestoreRefused) {
      throw new HttpProblem(422, 'restore-refused', 'The restore cannot be done', error.message);
    }
    throw error;
  }
  const id = ulid();
  const record: RestoreRecord = {
    id,
    mode,
    status: 'running',
    step: 'queued',
    backupId: body.backupId,
    at: body.at,
    trigger: 'manual',
    requestedBy: who(actor),
    startedAt: new Date().toISOString(),
  };
  await putRecord(OPS_VIEWS.restores, id, record);
  const executionArn = await start(
    'restore',
    id,
    { mode, restoreId: id, requestedBy: who(actor), ...body },
    { view: OPS_VIEWS.restores, id },
  );
  return { status: 202, body: { ...record, executionArn } };
};

export const handler = httpHandler('backups', [
  implement(api.listBackups, async ({ query }) => {
    const page = await listRows<BackupRecord>(OPS_VIEWS.backups, query);
    return {
      body: {
        items: await Promise.all(page.items.map((row) => settled(row.state))),
        nextCursor: page.nextCursor,
      },
    };
  }),

  implement(api.startBackup, async ({ body, actor }) => {
    const running = await backupRunning();
    if (running) {
      throw new HttpProblem(
        409,
        'backup-running',
        'A backup is running',
        `Backup ${running} is still running; wait for it to finish`,
      );
    }
    const id = ulid();
    const record: BackupRecord = {
      id,
      kind: body.kind,
      status: 'queued',
      trigger: 'manual',
      requestedBy: who(actor),
      startedAt: new Date().toISOString(),
    };
    await putRecord(OPS_VIEWS.backups, id, record);
    const executionArn = await start('backup', id, {
      kind: body.kind,
      backupId: id,
      requestedBy: who(actor),
    });
    return { status: 202, body: { ...record, executionArn } };
  }),

  implement(api.getBackup, async ({ params }) => {
    const [record, stored] = await Promise.all([
      getRecord<BackupRecord>(OPS_VIEWS.backups, params.id),
      readManifest(params.id).catch(() => undefined),
    ]);
    if (!record && !stored) throw notFound(`Backup ${params.id}`);
    const run = record ? await settled(record) : fromManifest(stored!);
    return { body: { ...run, manifest: stored?.manifest } };
  }),

  implement(api.verifyBackup, async ({ params, actor }) => {
    const [record, stored] = await Promise.all([
      getRecord<BackupRecord>(OPS_VIEWS.backups, params.id),
      readManifest(params.id).catch(() => undefined),
    ]);
    if (!record && !stored) throw notFound(`Backup ${params.id}`);
    if (!stored) {
      throw new HttpProblem(
        409,
        'backup-not-complete',
        'Nothing to verify',
        `Backup ${params.id} has no manifest (${record?.status ?? 'unknown'}); only completed backups can be verified`,
      );
    }
    const executionArn = await start('backup', `verify-${params.id}-${Date.now()}`, {
      action: 'verify',
      backupId: params.id,
      requestedBy: who(actor),
    });
    return { status: 202, body: { id: params.id, executionArn } };
  }),

  implement(api.getSettings, async () => {
    const settings = await readSettings();
    return { body: settings, version: settings.version };
  }),

  implement(api.putSettings, async ({ body, actor, correlationId, ifMatch }) => {
    const settings = await changeSettings(body, { actor, correlationId, expectedVersion: ifMatch });
    return { body: settings, version: settings.version };
  }),

  implement(api.listRestores, async ({ query }) => {
    const page = await listRows<RestoreRecord>(OPS_VIEWS.restores, query);
    return {
      body: {
        items: await Promise.all(page.items.map((row) => settled(row.state))),
        nextCursor: page.nextCursor,
      },
    };
  }),

  implement(api.getRestore, async ({ params }) => {
    const record = await getRecord<RestoreRecord>(OPS_VIEWS.restores, params.id);
    if (!record) throw notFound(`Restore ${params.id}`);
    return { body: await settled(record) };
  }),

  implement(api.startRestore, ({ body, actor }) => startRestoreRun('restore', actor, body)),

  implement(api.startDrill, ({ body, actor }) => startRestoreRun('drill', actor, body)),

  implement(api.recordAt, async ({ params, query }) => {
    const at = query.at ?? new Date().toISOString();
    const commits = await readStream(params.streamId);
    if (commits.length === 0) throw notFound(`Record ${params.streamId}`);
    const until = Date.parse(at);
    const upTo = commits.filter((c) => Date.parse(c.committedAt) <= until);
    const events = upTo.flatMap((c) => c.events);
    const recordType = aggregateOf(params.streamId);
    const kind = aggregateOfStream(params.streamId);
    const state = kind
      ? (evolveAll(kind, kind.decider.initialState, events) as Record<string, unknown>)
      : null;
    return {
      body: {
        streamId: params.streamId,
        at: new Date(until).toISOString(),
        recordType,
        exists: state ? state.exists !== false && events.length > 0 : events.length > 0,
        version: upTo.at(-1)?.version ?? 0,
        eventCount: events.at(-1)?.streamVersion ?? 0,
        totalEvents: commits.at(-1)?.events.at(-1)?.streamVersion ?? 0,
        createdAt: upTo[0]?.committedAt,
        updatedAt: upTo.at(-1)?.committedAt,
        state,
        events,
      },
    };
  }),
]);
