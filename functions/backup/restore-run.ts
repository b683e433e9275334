import { ulid } from 'ulid';
import * as z from 'zod';
import { SYSTEM_ACTOR } from '../../events/envelope.ts';
import { appendRecorded } from '../adapters/event-store.ts';
import { config } from '../runtime/config.ts';
import { causeOf } from './backup.ts';
import { sourceViewsDigestAt } from './digest.ts';
import { BackupId, BackupVerificationFailed } from './layout.ts';
import { chainOf } from './manifests.ts';
import { OPS_VIEWS, patchRecord } from './records.ts';
import {
  assertEmpty,
  createRestoreTables,
  dropTables,
  loadChain,
  planRestore,
  type RestorePlan,
  type RestoreResult,
  type RestoreTarget,
  verifyChain,
} from './restore.ts';

/**
 * A restore or a restore drill, as the restore state machine's tasks hand it on: Prepare (choose the
 * chain, create new tables), VerifyBackups (every part, before anything is written), LoadCommits
 * (write commits up to the instant, rebuild views, digest them), CompareDigests (drills: the source's
 * views at the same instant, folded from its own commits), Finish. A drill restores into scratch tables
 * it drops at the end; a restore leaves its new tables for whoever asked.
 */
export const RestoreRequest = z.object({
  mode: z.enum(['restore', 'drill']).optional(),
  restoreId: BackupId.optional(),
  backupId: BackupId.optional(),
  at: z.iso.datetime({ offset: true }).optional(),
  /** Restore mode: names the new tables (`<prefix><target>-events`, `-views`). */
  target: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/)
    .optional(),
  requestedBy: z.string().optional(),
  schedule: z.string().optional(),
  scheduledTime: z.string().optional(),
  executionArn: z.string().optional(),
});
export type RestoreRequest = z.input<typeof RestoreRequest>;

export interface RestoreRun {
  restoreId: string;
  mode: 'restore' | 'drill';
  backupId: string;
  chainIds: string[];
  at: string;
  target: RestoreTarget;
  trigger: string;
  requestedBy?: string;
  startedAt: string;
  loaded?: RestoreResult;
  source?: { digest: string; rows: number; commits: number };
  matches?: boolean;
}

export interface RestoreRecord {
  id: string;
  mode: 'restore' | 'drill';
  status: 'running' | 'completed' | 'failed';
  backupId?: string;
  at?: string;
  trigger: string;
  requestedBy?: string;
  startedAt: string;
  finishedAt?: string;
  durationMs?: number;
  target?: RestoreTarget;
  step?: string;
  commits?: number;
  events?: number;
  rows?: number;
  digest?: string;
  sourceDigest?: string;
  matches?: boolean;
  error?: string;
  problems?: string[];
  executionArn?: string;
}

const record = (id: string, patch: Partial<RestoreRecord>) => patchRecord(OPS_VIEWS.restores, id, patch);

const planOf = async (run: RestoreRun): Promise<RestorePlan> => {
  const chain = await chainOf(run.backupId);
  const ids = chain.map((c) => c.manifest.id);
  if (ids.join() !== run.chainIds.join()) {
    throw new Error(`The chain of backup ${run.backupId} changed during the restore (${ids.join()})`);
  }
  return { backupId: run.backupId, chain, at: run.at };
};

/** Prepare: records the run, resolves the chain and the instant, creates the new (empty) tables. */
export const prepareRestore = async (input: RestoreRequest): Promise<RestoreRun> => {
  const request = RestoreRequest.parse(input);
  const mode = request.mode ?? (request.schedule ? 'drill' : 'restore');
  const restoreId = request.restoreId ?? ulid();
  const trigger = request.schedule ? `schedule:${request.schedule}` : 'manual';
  const startedAt = new Date().toISOString();
  await record(restoreId, {
    id: restoreId,
    mode,
    status: 'running',
    step: 'prepare',
    trigger,
    requestedBy: request.requestedBy,
    startedAt,
    executionArn: request.executionArn,
  });
  let target: RestoreTarget | undefined;
  try {
    const plan = await planRestore({ backupId: request.backupId, at: request.at });
    const name =
      mode === 'drill' ? `drill-${restoreId.toLowerCase()}` : (request.target ?? restoreId.toLowerCase());
    await record(restoreId, { backupId: plan.backupId, at: plan.at });
    if (mode === 'drill') {
      await patchRecord(OPS_VIEWS.backups, plan.backupId, { drill: { restoreId, at: plan.at } });
    }
    target = await createRestoreTables(`${config.restoreTablePrefix}${name}`);
    await assertEmpty(target);
    await record(restoreId, { target, step: 'verify' });
    return {
      restoreId,
      mode,
      backupId: plan.backupId,
      chainIds: plan.chain.map((c) => c.manifest.id),
      at: plan.at,
      target,
      trigger,
      requestedBy: request.requestedBy,
      startedAt,
    };
  } catch (error) {
    // Nothing downstream knows this run yet: record its failure here, then fail the execution.
    await recordRestoreFailure({
      restoreId,
      mode,
      backupId: request.backupId,
      target,
      startedAt,
      error: { Error: (error as Error).name, Cause: (error as Error).message },
    });
    throw error;
  }
};

export const verifyRestore = async (run: RestoreRun): Promise<RestoreRun> => {
  try {
    await verifyChain(await planOf(run));
  } catch (error) {
    if (error instanceof BackupVerificationFailed) await record(run.restoreId, { problems: error.problems });
    throw error;
  }
  await record(run.restoreId, { step: 'load' });
  return run;
};

export const loadRestore = async (run: RestoreRun): Promise<RestoreRun> => {
  let reported = 0;
  const loaded = await loadChain(await planOf(run), run.target, (progress) => {
    if (progress.commits - reported < 50_000) return;
    reported = progress.commits;
    void record(run.restoreId, { commits: progress.commits, events: progress.events });
  });
  await record(run.restoreId, {
    step: run.mode === 'drill' ? 'compare' : 'finish',
    commits: loaded.commits,
    events: loaded.events,
    rows: loaded.rows,
    digest: loaded.digest,
  });
  return { ...run, loaded };
};

/** Drills: the source's views at the same instant, from the source's own commits. */
export const compareDigests = async (run: RestoreRun): Promise<RestoreRun> => {
  const source = await sourceViewsDigestAt(run.at);
  return {
    ...run,
    source: { digest: source.digest, rows: source.rows, commits: source.commits },
    matches: source.digest === run.loaded?.digest,
  };
};

export const finishRestore = async (run: RestoreRun): Promise<RestoreRecord> => {
  if (run.mode === 'drill') await dropTables(run.target);
  const finishedAt = new Date().toISOString();
  const loaded = run.loaded!;
  const patch: Partial<RestoreRecord> = {
    status: 'completed',
    step: 'done',
    finishedAt,
    durationMs: Date.parse(finishedAt) - Date.parse(run.startedAt),
    commits: loaded.commits,
    events: loaded.events,
    rows: loaded.rows,
    digest: loaded.digest,
    sourceDigest: run.source?.digest,
    matches: run.matches,
  };
  await record(run.restoreId, patch);
  if (run.mode === 'drill') {
    await patchRecord(OPS_VIEWS.backups, run.backupId, {
      drill: {
        restoreId: run.restoreId,
        at: run.at,
        ok: run.matches === true,
        matches: run.matches,
        finishedAt,
        rows: loaded.rows,
        digest: loaded.digest,
        sourceDigest: run.source?.digest,
      },
    });
  }
  await appendRecorded(
    `restore-${run.restoreId}`,
    [
      {
        type: 'RestoreCompleted',
        data: {
          restoreId: run.restoreId,
          mode: run.mode,
          backupId: run.backupId,
          at: run.at,
          commits: loaded.commits,
          events: loaded.events,
          rows: loaded.rows,
          digest: loaded.digest,
          sourceDigest: run.source?.digest,
          matches: run.matches,
        },
      },
    ],
    { actor: SYSTEM_ACTOR, correlationId: run.restoreId },
  );
  return {
    id: run.restoreId,
    mode: run.mode,
    status: 'completed',
    backupId: run.backupId,
    at: run.at,
    trigger: run.trigger,
    startedAt: run.startedAt,
    target: run.mode === 'restore' ? run.target : undefined,
    ...patch,
  };
};

/** Any failure: drops the tables this run created (a failed restore restores nothing) and records why. */
export const recordRestoreFailure = async (state: {
  restoreId?: string;
  mode?: 'restore' | 'drill';
  backupId?: string;
  target?: RestoreTarget;
  startedAt?: string;
  error?: { Error?: string; Cause?: string };
}): Promise<{ restoreId?: string; error: string }> => {
  const error = causeOf(state.error);
  if (state.target) await dropTables(state.target).catch(() => undefined);
  if (!state.restoreId) return { error };
  const finishedAt = new Date().toISOString();
  await record(state.restoreId, {
    status: 'failed',
    finishedAt,
    durationMs: state.startedAt ? Date.parse(finishedAt) - Date.parse(state.startedAt) : undefined,
    error,
  });
  if (state.mode === 'drill' && state.backupId) {
    await patchRecord(OPS_VIEWS.backups, state.backupId, {
      drill: { restoreId: state.restoreId, at: finishedAt, ok: false, finishedAt, error },
    });
  }
  await appendRecorded(
    `restore-${state.restoreId}`,
    [
      {
        type: 'RestoreFailed',
        data: { restoreId: state.restoreId, mode: state.mode ?? 'restore', backupId: state.backupId, error },
      },
    ],
    { actor: SYSTEM_ACTOR, correlationId: state.restoreId },
  );
  return { restoreId: state.restoreId, error };
};
