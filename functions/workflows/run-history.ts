import { GetExecutionHistoryCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { sfn } from '../adapters/clients.ts';
import { type StepRecord, stepsOf } from './history.ts';

/** Step Functions keeps at most 25,000 events per execution; a run's page reads at most this many. */
const MAX_EVENTS = 25_000;

/**
 * A run's steps from its execution's own history (GetExecutionHistory), and its final output once it
 * succeeded. An execution Step Functions no longer has (past its retention, or the local cloud lost it)
 * has no steps to show.
 */
export const executionSteps = async (
  executionArn: string,
): Promise<{ steps: StepRecord[]; output?: unknown }> => {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await sfn().send(
        new GetExecutionHistoryCommand({
          executionArn,
          maxResults: 1000,
          nextToken,
          includeExecutionData: true,
        }),
      );
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken && events.length < MAX_EVENTS);
  } catch (error) {
    if ((error as Error).name === 'ExecutionDoesNotExist') return { steps: [] };
    throw error;
  }
  const succeeded = events.find((e) => e.type === 'ExecutionSucceeded')?.executionSucceededEventDetails;
  return {
    steps: stepsOf(events),
    ...(succeeded?.output !== undefined ? { output: JSON.parse(succeeded.output) as unknown } : {}),
  };
};
