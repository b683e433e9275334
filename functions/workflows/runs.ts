import { createHash } from 'node:crypto';
import { ExecutionAlreadyExists, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { ulid } from 'ulid';
import type * as z from 'zod';
import { DomainError } from '../../domain/shared/decider.ts';
import type { RunState } from '../../domain/workflows/runs.ts';
import type { RunTrigger } from '../../events/contexts/workflows.ts';
import { type Actor, SYSTEM_ACTOR } from '../../events/envelope.ts';
import { sfn } from '../adapters/clients.ts';
import { aggregates } from '../application/aggregates.ts';
import { type Executed, execute, loadRecord } from '../application/command.ts';

export type RunTriggerInfo = z.infer<typeof RunTrigger>;

/** The version a run starts: its number and state machine (version 0: a test run of the draft). */
export interface RunnableVersion {
  workflowId: string;
  version: number;
  stateMachineArn: string;
}

/** What started it, as the run's `$.trigger` shows it to conditions and placeholders. */
export interface TriggerData {
  kind: RunTriggerInfo['kind'];
  eventId?: string;
  type?: string;
  occurredAt?: string;
  data: Record<string, unknown>;
}

/** Execution names are at most 80 of [A-Za-z0-9_-]; ids of events and runs are ULIDs, well within. */
const NAME = /^[A-Za-z0-9_-]{1,80}$/;

/**
 * One trigger event (or webhook delivery) names one run of a workflow version, so a duplicate delivery
 * finds the run it already started. 26 base64url characters of SHA-256: as long as a ULID, as unique.
 */
export const runIdFor = (version: RunnableVersion, eventId: string): string =>
  createHash('sha256')
    .update(`${version.workflowId}\n${version.version}\n${eventId}`)
    .digest('base64url')
    .slice(0, 26);

/** The execution a start names: Step Functions' ARN of `name` under the version's state machine. */
export const executionArnOf = (stateMachineArn: string, name: string): string => {
  const parts = stateMachineArn.split(':');
  if (parts.length < 7 || parts[5] !== 'stateMachine')
    throw new Error(`Not a state machine ARN: ${stateMachineArn}`);
  return [...parts.slice(0, 5), 'execution', parts[6], name].join(':');
};

/** The run's data as the first state sees it (docs/workflows.md): the compiler keeps this shape. */
export const runInput = (version: RunnableVersion, runId: string, trigger: TriggerData) => ({
  trigger,
  vars: {},
  steps: {},
  errors: {},
  run: { workflowId: version.workflowId, version: version.version, runId },
});

export interface StartOptions {
  actor?: Actor;
  correlationId?: string;
  /** The run a re-run repeats. */
  rerunOf?: string;
}

/**
 * Starts a run: `WorkflowRunStarted` first (so a trigger accepted is never lost, even if the process
 * stops before the execution starts), then `StartExecution` named after the trigger's event (or the run).
 * A trigger seen before appends nothing; its execution is started again in case the first attempt
 * stopped between the two writes, which Step Functions answers idempotently.
 */
export const startRun = async (
  version: RunnableVersion,
  trigger: TriggerData,
  options: StartOptions = {},
): Promise<Executed<RunState>> => {
  const byEvent = (trigger.kind === 'event' || trigger.kind === 'webhook') && trigger.eventId;
  const runId = byEvent ? runIdFor(version, trigger.eventId!) : ulid();
  const name = byEvent && NAME.test(trigger.eventId!) ? trigger.eventId! : runId;
  const executionArn = executionArnOf(version.stateMachineArn, name);
  const input = runInput(version, runId, trigger);
  const result = await execute(
    aggregates.workflowRun.decider,
    aggregates.workflowRun.stream(runId),
    {
      type: 'StartRun',
      runId,
      workflowId: version.workflowId,
      version: version.version,
      trigger: {
        kind: trigger.kind,
        ...(trigger.eventId ? { eventId: trigger.eventId } : {}),
        ...(trigger.type ? { eventType: trigger.type } : {}),
        ...(options.rerunOf ? { rerunOf: options.rerunOf } : {}),
      },
      input,
      executionArn,
    },
    {
      actor: options.actor ?? SYSTEM_ACTOR,
      correlationId: options.correlationId ?? trigger.eventId ?? runId,
      ...(trigger.eventId ? { causationId: trigger.eventId } : {}),
    },
  );
  const state = result.state;
  if (state.exists && state.status !== 'running') return result;
  try {
    await sfn().send(
      new StartExecutionCommand({
        stateMachineArn: version.stateMachineArn,
        name,
        input: JSON.stringify(state.exists ? state.input : input),
      }),
    );
  } catch (error) {
    // The same name already ran to its end: this start was a duplicate of one that fully happened.
    if (!(error instanceof ExecutionAlreadyExists) && (error as Error).name !== 'ExecutionAlreadyExists')
      throw error;
  }
  return result;
};

/** A new run of the same version with the same trigger data. */
export const rerun = async (
  run: Extract<RunState, { exists: true }>,
  stateMachineArn: string,
  options: StartOptions,
) => {
  const previous = (run.input as { trigger?: TriggerData }).trigger;
  return startRun(
    { workflowId: run.workflowId, version: run.workflowVersion, stateMachineArn },
    { kind: 'rerun', data: previous?.data ?? {}, ...(previous?.type ? { type: previous.type } : {}) },
    { ...options, rerunOf: run.runId },
  );
};

/** Ends a run as cancelled after stopping its execution; the execution's own end then changes nothing. */
export const cancelRun = async (
  run: Extract<RunState, { exists: true }>,
  startedAt: string,
  meta: { actor: Actor; correlationId: string },
) => {
  await sfn().send(
    new StopExecutionCommand({
      executionArn: run.executionArn,
      cause: `Cancelled by ${meta.actor.email ?? meta.actor.id}`,
    }),
  );
  try {
    return await execute(
      aggregates.workflowRun.decider,
      aggregates.workflowRun.stream(run.runId),
      { type: 'EndRun', status: 'cancelled', durationMs: Math.max(0, Date.now() - Date.parse(startedAt)) },
      meta,
    );
  } catch (error) {
    // Stopping the execution ends it ABORTED, and that end (recorded as a cancel by functions/workflows/
    // ended.ts) can land before this write: the cancel asked for has happened, so it is the answer.
    if (!(error instanceof DomainError && error.code === 'run-ended')) throw error;
    const now = await loadRecord(aggregates.workflowRun, run.runId);
    if (!now.state.exists || now.state.status !== 'cancelled') throw error;
    return { ...now, events: [] };
  }
};
