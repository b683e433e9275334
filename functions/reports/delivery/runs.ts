import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ulid } from 'ulid';
import { foldRuns, type ReportRun, type RunEvent } from '../../../domain/reports/delivery.ts';
import type { Actor } from '../../../events/envelope.ts';
import { sfn } from '../../adapters/clients.ts';
import { readStream } from '../../adapters/event-store.ts';
import { systemStreams } from '../../application/aggregates.ts';
import { config } from '../../runtime/config.ts';

/** What the report state machine (statemachines/report.asl.json) starts from. */
export interface RunRequest {
  reportId: string;
  runId: string;
  trigger: 'schedule' | 'manual';
  scheduledTime?: string;
  requestedBy: Actor;
}

/** Starts one run of a saved report on the report state machine; the run id names the execution. */
export const startReportRun = async (
  request: Omit<RunRequest, 'runId'>,
): Promise<{ runId: string; executionArn: string }> => {
  const runId = ulid();
  const input: RunRequest = { ...request, runId };
  const started = await sfn().send(
    new StartExecutionCommand({
      stateMachineArn: config.stateMachineArn('report'),
      name: runId,
      input: JSON.stringify(input),
    }),
  );
  return { runId, executionArn: started.executionArn ?? '' };
};

/** A saved report's run history, newest first. */
export const reportRuns = async (reportId: string): Promise<ReportRun[]> => {
  const commits = await readStream(systemStreams.reportRuns(reportId));
  return foldRuns(commits.flatMap((c) => c.events as unknown as (RunEvent & { occurredAt: string })[]));
};
