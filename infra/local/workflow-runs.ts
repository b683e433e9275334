import type { RunState } from '../../domain/workflows/runs.ts';
import { listRows } from '../../functions/adapters/views.ts';
import { aggregates } from '../../functions/application/aggregates.ts';
import { endRun, handleStatusChange, STATUS_CHANGE } from '../../functions/workflows/ended.ts';
import type { LocalBus } from './bus.ts';
import type { Execution, LocalStepFunctions } from './stepfunctions.ts';

/** An ended execution as Step Functions reports it on the bus ("Execution Status Change"). */
export const statusChangeOf = (e: Execution) => ({
  executionArn: e.executionArn,
  stateMachineArn: e.stateMachineArn,
  name: e.name,
  status: e.status,
  startDate: e.startDate.getTime(),
  stopDate: e.stopDate?.getTime() ?? null,
  input: e.input,
  output: e.output ?? null,
  error: e.error ?? null,
  cause: e.cause ?? null,
});

/** Puts an execution's end on the local bus, as Step Functions does on the default bus in AWS. */
export const publishExecutionEnd = (bus: LocalBus, busName: string, e: Execution) =>
  bus.putEvents([
    {
      EventBusName: busName,
      Source: 'aws.states',
      DetailType: STATUS_CHANGE,
      Resources: [e.executionArn],
      Detail: JSON.stringify(statusChangeOf(e)),
    },
  ]);

/**
 * After a restart: every run still `running` is settled against what the engine knows. An execution
 * the previous process was running is lost (the engine cannot resume one), so its run ends
 * `interrupted` and can be re-run with the same input; one that ended while its end went unrecorded
 * ends as it did; one never started (the process stopped between recording the run and starting it)
 * is started now, so no trigger accepted before the crash is lost.
 */
export const settleRunsAfterRestart = async (stepFunctions: LocalStepFunctions): Promise<number> => {
  let settled = 0;
  let cursor: string | undefined;
  const running: { id: string; createdAt: string; state: Extract<RunState, { exists: true }> }[] = [];
  do {
    const page = await listRows<RunState>(aggregates.workflowRun, {
      limit: 100,
      cursor,
      where: { status: 'running' },
    });
    for (const row of page.items)
      if (row.state.exists) running.push({ id: row.id, createdAt: row.createdAt, state: row.state });
    cursor = page.nextCursor;
  } while (cursor);
  for (const run of running) {
    const execution = stepFunctions.describe(run.state.executionArn);
    if (execution?.status === 'RUNNING') continue;
    if (execution && !execution.interrupted) {
      if (await handleStatusChange(statusChangeOf(execution))) settled += 1;
      continue;
    }
    if (!execution) {
      const machine = run.state.executionArn.replace(/:execution:([^:]+):[^:]+$/, ':stateMachine:$1');
      try {
        stepFunctions.start(
          machine,
          JSON.parse(JSON.stringify(run.state.input)),
          run.state.executionArn.split(':').at(-1),
        );
        settled += 1;
        continue;
      } catch {
        // Its state machine is gone too: nothing can run it now.
      }
    }
    const ended = await endRun({
      runId: run.id,
      status: 'interrupted',
      durationMs: (execution?.stopDate?.getTime() ?? Date.now()) - Date.parse(run.createdAt),
      error: 'Local.Interrupted',
      cause: 'The local cloud stopped during the run; re-run it with the same input',
    });
    if (ended) settled += 1;
  }
  return settled;
};
