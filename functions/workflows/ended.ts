import type { EventBridgeEvent } from 'aws-lambda';
import { DomainError } from '../../domain/shared/decider.ts';
import type { RunStatus } from '../../domain/workflows/runs.ts';
import { SYSTEM_ACTOR } from '../../events/envelope.ts';
import { aggregates } from '../application/aggregates.ts';
import { execute, loadRecord } from '../application/command.ts';
import { notify } from '../notifications/notify.ts';
import { observability } from '../runtime/observability.ts';
import { executionSteps } from './run-history.ts';
import { readWorkflow } from './workflow-record.ts';

const { logger, instrument } = observability('workflow-ended');

/** What Step Functions puts on the bus when an execution's status changes (the fields read here). */
export interface ExecutionStatusChange {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';
  startDate: number;
  stopDate?: number | null;
  input?: string | null;
  error?: string | null;
  cause?: string | null;
}

export const STATUS_CHANGE = 'Step Functions Execution Status Change';

const STATUS: Partial<Record<ExecutionStatusChange['status'], Exclude<RunStatus, 'running'>>> = {
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  TIMED_OUT: 'timed_out',
  ABORTED: 'cancelled',
};

/** Workflows' machines are `<prefix>-wf-<workflowId>-v<version>`; other machines' ends are not runs. */
const isWorkflowMachine = (stateMachineArn: string) => /:stateMachine:[^:]*-wf-[^:]+$/.test(stateMachineArn);

const runIdOf = (input: string | null | undefined): string | undefined => {
  try {
    return (JSON.parse(input ?? '{}') as { run?: { runId?: string } }).run?.runId;
  } catch {
    return undefined;
  }
};

export interface RunEnd {
  runId: string;
  status: Exclude<RunStatus, 'running'>;
  durationMs: number;
  error?: string;
  cause?: string;
  failedStep?: string;
}

/**
 * Ends a run once (a cancel or a restart's check may have ended it already: then nothing changes) and
 * tells the workflow's owner when it failed.
 */
export const endRun = async (end: RunEnd): Promise<boolean> => {
  const { runId, ...ended } = end;
  let result: Awaited<ReturnType<typeof execute>>;
  try {
    result = await execute(
      aggregates.workflowRun.decider,
      aggregates.workflowRun.stream(runId),
      {
        type: 'EndRun',
        ...ended,
        durationMs: Math.max(0, Math.round(ended.durationMs)),
        ...(ended.error ? { error: ended.error.slice(0, 500) } : {}),
        ...(ended.cause ? { cause: ended.cause.slice(0, 2000) } : {}),
      },
      { actor: SYSTEM_ACTOR, correlationId: runId },
    );
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
  if (end.status === 'failed' || end.status === 'timed_out') {
    const run = result.state as { workflowId?: string };
    const workflow = run.workflowId ? await readWorkflow(run.workflowId) : undefined;
    if (workflow?.owner)
      await notify({
        recipients: { userIds: [workflow.owner.id] },
        title: `Workflow run failed: ${workflow.name}`,
        body: [
          `A run of ${workflow.name} ${end.status === 'failed' ? 'failed' : 'timed out'}`,
          end.failedStep ? ` at step ${end.failedStep}` : '',
          end.error ? `: ${end.error}${end.cause ? ` (${end.cause.slice(0, 300)})` : ''}` : '',
        ].join(''),
        link: `/workflows/${workflow.workflowId}/runs/${runId}`,
        severity: 'warning',
        source: { kind: 'workflow-run', id: runId },
        cause: { key: `workflow-run-failed-${runId}`, at: result.updatedAt },
      });
  }
  return true;
};

/** The run an execution's end ends: its status, how long it took, and the step whose error ended it. */
export const handleStatusChange = async (detail: ExecutionStatusChange): Promise<boolean> => {
  const status = STATUS[detail.status];
  if (!status || !isWorkflowMachine(detail.stateMachineArn)) return false;
  const runId = runIdOf(detail.input);
  if (!runId || !(await loadRecord(aggregates.workflowRun, runId)).state.exists) {
    logger.warn('an execution ended that is no workflow run', { executionArn: detail.executionArn });
    return false;
  }
  const failedStep =
    status === 'failed' || status === 'timed_out'
      ? (await executionSteps(detail.executionArn)).steps.findLast((s) => s.status === 'failed')?.step
      : undefined;
  return endRun({
    runId,
    status,
    durationMs: (detail.stopDate ?? Date.now()) - detail.startDate,
    ...(detail.error ? { error: detail.error } : {}),
    ...(detail.cause ? { cause: detail.cause } : {}),
    ...(failedStep ? { failedStep } : {}),
  });
};

export const handler = instrument(
  async (event: EventBridgeEvent<typeof STATUS_CHANGE, ExecutionStatusChange>) => ({
    ended: await handleStatusChange(event.detail),
  }),
);
