import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { observability } from '../runtime/observability.ts';
import {
  type BackupRequest,
  type BackupRun,
  collect,
  recordFailure,
  verifyRun,
  writeManifest,
  writeParts,
} from './backup.ts';
import { BackupId } from './layout.ts';
import { OPS_VIEWS, patchRecord } from './records.ts';
import { applyRetention } from './retention.ts';
import { verifyBackup } from './verify-backup.ts';

const { logger, metrics, instrument } = observability('backup-worker');

/** WriteParts hands back to the state machine when less than this is left of the invocation. */
const PAUSE_WITH_MS_LEFT = 120_000;

type Task =
  | { task: 'Collect'; input: BackupRequest; executionArn?: string }
  | { task: 'WriteParts' | 'WriteManifest' | 'Verify' | 'ApplyRetention'; input: BackupRun }
  | { task: 'RecordFailure'; input: Parameters<typeof recordFailure>[0] }
  | { task: 'VerifyOnly'; input: { backupId: string; requestedBy?: string } };

/**
 * The backup state machine's tasks (statemachines/backup.asl.json). Each Task state passes
 * `{ task, input }`; what a task returns becomes the state the next one receives.
 */
export const handler = instrument(async (event: Task, context: Context): Promise<unknown> => {
  logger.appendKeys({ task: event.task });
  metrics.addMetric(`task${event.task}`, MetricUnit.Count, 1);
  switch (event.task) {
    case 'Collect':
      return collect({ ...event.input, executionArn: event.executionArn ?? event.input.executionArn });
    case 'WriteParts':
      return writeParts(event.input, {
        shouldPause: () => context.getRemainingTimeInMillis() < PAUSE_WITH_MS_LEFT,
        afterPart: (part) =>
          logger.info('part written', { seq: part.seq, commits: part.commits, bytes: part.bytes }),
      });
    case 'WriteManifest':
      return writeManifest(event.input);
    case 'Verify': {
      const { verification, ...run } = await verifyRun(event.input);
      return { ...run, verified: verification.ok };
    }
    case 'ApplyRetention': {
      // The backup is complete whatever happens here; a retention failure is recorded, not thrown.
      try {
        const result = await applyRetention();
        await patchRecord(OPS_VIEWS.backups, event.input.backupId, {
          retention: { expired: result.expired },
        });
        return { backupId: event.input.backupId, status: 'completed', retention: result };
      } catch (error) {
        logger.error('retention failed', error as Error);
        await patchRecord(OPS_VIEWS.backups, event.input.backupId, {
          retention: { expired: [], error: (error as Error).message },
        });
        return { backupId: event.input.backupId, status: 'completed', retention: { error: String(error) } };
      }
    }
    case 'RecordFailure':
      return recordFailure(event.input);
    case 'VerifyOnly': {
      const backupId = BackupId.parse(event.input.backupId);
      const { backupId: _, ...verification } = await verifyBackup(backupId);
      await patchRecord(OPS_VIEWS.backups, backupId, { verification });
      return { backupId, ...verification };
    }
    default:
      throw new Error(`Unknown task ${(event as { task: string }).task}`);
  }
});
