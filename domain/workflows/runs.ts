import type * as z from 'zod';
import type { RUN_STATUSES, WorkflowRunEnded, WorkflowRunStarted } from '../../events/contexts/workflows.ts';
import {
  type ActionContext,
  availableBy,
  type Decider,
  type Event,
  type Probes,
  reject,
} from '../shared/decider.ts';

type Started = z.infer<typeof WorkflowRunStarted.schema>;
type Ended = z.infer<typeof WorkflowRunEnded.schema>;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * One run of a workflow version (stream `workflowrun-<runId>`). Started is written before the execution
 * starts, so a trigger accepted is never lost; ended comes from the execution's end (or a cancel, or
 * the local cloud's restart finding the execution gone). When it started is the record's `createdAt`.
 */
export type RunState =
  | { exists: false }
  | ({
      exists: true;
      status: RunStatus;
      /** The workflow version it runs (the event's `version`; a record's own `version` is its stream's). */
      workflowVersion: number;
    } & Omit<Started, 'version'> &
      Partial<Pick<Ended, 'error' | 'cause' | 'failedStep' | 'durationMs'>>);

export type RunCommand =
  | ({ type: 'StartRun' } & Started)
  | ({ type: 'EndRun' } & Omit<Ended, 'runId' | 'workflowId'>);

export type RunEvent = Event<'WorkflowRunStarted' | 'WorkflowRunEnded'>;

const decide = (command: RunCommand, state: RunState): RunEvent[] => {
  switch (command.type) {
    case 'StartRun': {
      // The same trigger delivered twice names the same run: the second start changes nothing.
      if (state.exists) return [];
      const { type: _, ...data } = command;
      return [{ type: 'WorkflowRunStarted', data }];
    }
    case 'EndRun': {
      if (!state.exists) return reject('run-not-found', 'No such run', 404);
      // A run ends once: a cancel and the execution's own end may both report it.
      if (state.status !== 'running')
        return reject('run-ended', `The run already ended ${state.status}`, 409);
      const { type: _, ...ended } = command;
      return [
        { type: 'WorkflowRunEnded', data: { runId: state.runId, workflowId: state.workflowId, ...ended } },
      ];
    }
  }
};

const evolve = (state: RunState, event: RunEvent): RunState => {
  if (event.type === 'WorkflowRunStarted') {
    if (state.exists) return state;
    const { version, ...started } = event.data;
    return { exists: true, ...started, workflowVersion: version, status: 'running' };
  }
  if (!state.exists || state.status !== 'running') return state;
  const { runId: _, workflowId: __, ...ended } = event.data;
  return { ...state, ...ended };
};

export const runDecider: Decider<RunCommand, RunState, RunEvent> = {
  initialState: { exists: false },
  decide,
  evolve,
};

export const RUN_ACTIONS = ['cancel', 'rerun'] as const;
export type RunAction = (typeof RUN_ACTIONS)[number];

const probes: Probes<RunCommand, RunState, RunAction> = {
  cancel: () => ({ type: 'EndRun', status: 'cancelled', durationMs: 0 }),
  rerun: () => undefined,
};

const decided = availableBy(runDecider, RUN_ACTIONS, probes);

/**
 * Cancel while it runs; re-run (a new run of the same version with the same input) once it ended. A
 * test run of the draft (version 0) is not re-run: the draft it ran may have changed since.
 */
export const availableRunActions = (state: RunState, context: ActionContext): RunAction[] => [
  ...decided(state, context),
  ...(state.exists && state.status !== 'running' && state.workflowVersion > 0 ? (['rerun'] as const) : []),
];
