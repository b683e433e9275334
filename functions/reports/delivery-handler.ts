import { observability } from '../runtime/observability.ts';
import * as tasks from './delivery/tasks.ts';

const { logger, instrument } = observability('report-worker');

type Task =
  | { task: 'Query'; input: Parameters<typeof tasks.query>[0] }
  | { task: 'Export'; input: Parameters<typeof tasks.exportFiles>[0] }
  | { task: 'Deliver'; input: Parameters<typeof tasks.deliver>[0] }
  | { task: 'RecordSucceeded'; input: Parameters<typeof tasks.recordSucceeded>[0] }
  | { task: 'RecordSkipped'; input: Parameters<typeof tasks.recordSkipped>[0] }
  | { task: 'RecordFailure'; input: Parameters<typeof tasks.recordFailure>[0] };

/** The report state machine's tasks (statemachines/report.asl.json). */
export const handler = instrument(async (event: Task): Promise<unknown> => {
  logger.appendKeys({ task: event.task });
  switch (event.task) {
    case 'Query':
      return tasks.query(event.input);
    case 'Export':
      return tasks.exportFiles(event.input);
    case 'Deliver':
      return tasks.deliver(event.input);
    case 'RecordSucceeded':
      return tasks.recordSucceeded(event.input);
    case 'RecordSkipped':
      return tasks.recordSkipped(event.input);
    case 'RecordFailure':
      return tasks.recordFailure(event.input);
    default:
      throw new Error(`Unknown task ${(event as { task: string }).task}`);
  }
});
