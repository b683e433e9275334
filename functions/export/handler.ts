import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { observability } from '../runtime/observability.ts';
import { type ExportRequest, recordExportFailure, runExport } from './export.ts';

const { logger, metrics, instrument } = observability('export-worker');

type Task =
  | { task: 'RunExport'; input: ExportRequest }
  | { task: 'RecordFailure'; input: Parameters<typeof recordExportFailure>[0] };

/** The export state machine's tasks (statemachines/export.asl.json). */
export const handler = instrument(async (event: Task): Promise<unknown> => {
  logger.appendKeys({ task: event.task });
  metrics.addMetric(`task${event.task}`, MetricUnit.Count, 1);
  switch (event.task) {
    case 'RunExport':
      return runExport(event.input);
    case 'RecordFailure':
      return recordExportFailure(event.input);
    default:
      throw new Error(`Unknown task ${(event as { task: string }).task}`);
  }
});
