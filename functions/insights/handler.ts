import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { observability } from '../runtime/observability.ts';
import { releaseRefresh } from './refresh-lease.ts';
import {
  analyseAndPropose,
  completeRun,
  failRun,
  measureDue,
  type RunInput,
  type RunState,
  startRun,
} from './run.ts';

const { logger, metrics, instrument } = observability('insights-worker');

type Task =
  | { task: 'Analyse'; input: RunInput }
  | { task: 'Measure'; input: RunState }
  | { task: 'RecordFailure'; input: RunInput & { error?: { Error?: string; Cause?: string } } };

/** The insights state machine's tasks (statemachines/insights.asl.json). */
export const handler = instrument(async (event: Task): Promise<unknown> => {
  logger.appendKeys({ task: event.task });
  metrics.addMetric(`task${event.task}`, MetricUnit.Count, 1);
  switch (event.task) {
    case 'Analyse': {
      const run = await startRun(event.input);
      const analysed = await analyseAndPropose(run);
      logger.info('insights analysed', { runId: run.runId, ...analysed.figures });
      return analysed;
    }
    case 'Measure': {
      const measured = await measureDue(event.input);
      await completeRun(event.input, measured);
      const followUp = await releaseRefresh(event.input.runId);
      logger.info('insights run completed', {
        runId: event.input.runId,
        measured,
        followUp: followUp?.runId,
      });
      return { runId: event.input.runId, measured, ...(followUp ? { followUp } : {}) };
    }
    case 'RecordFailure': {
      const cause = event.input.error?.Cause ?? event.input.error?.Error ?? 'unknown error';
      await failRun(event.input.runId, cause);
      // The events that came in meanwhile wait for the next one (or the night): this execution fails.
      if (event.input.runId) await releaseRefresh(event.input.runId, false);
      return { runId: event.input.runId };
    }
    default:
      throw new Error(`Unknown task ${(event as { task: string }).task}`);
  }
});
