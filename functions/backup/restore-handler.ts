import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { observability } from '../runtime/observability.ts';
import {
  compareDigests,
  finishRestore,
  loadRestore,
  prepareRestore,
  type RestoreRequest,
  type RestoreRun,
  recordRestoreFailure,
  verifyRestore,
} from './restore-run.ts';

const { logger, metrics, instrument } = observability('restore-worker');

type Task =
  | { task: 'Prepare'; input: RestoreRequest; executionArn?: string }
  | { task: 'VerifyBackups' | 'LoadCommits' | 'CompareDigests' | 'Finish'; input: RestoreRun }
  | { task: 'RecordFailure'; input: Parameters<typeof recordRestoreFailure>[0] };

/** The restore state machine's tasks (statemachines/restore.asl.json): restores and restore drills. */
export const handler = instrument(async (event: Task): Promise<unknown> => {
  logger.appendKeys({ task: event.task });
  metrics.addMetric(`task${event.task}`, MetricUnit.Count, 1);
  switch (event.task) {
    case 'Prepare':
      return prepareRestore({ ...event.input, executionArn: event.executionArn ?? event.input.executionArn });
    case 'VerifyBackups':
      return verifyRestore(event.input);
    case 'LoadCommits':
      return loadRestore(event.input);
    case 'CompareDigests':
      return compareDigests(event.input);
    case 'Finish':
      return finishRestore(event.input);
    case 'RecordFailure':
      return recordRestoreFailure(event.input);
    default:
      throw new Error(`Unknown task ${(event as { task: string }).task}`);
  }
});
