import type * as z from 'zod';
import type { WorkflowTaskCreated } from '../../events/contexts/workflows.ts';
import { availableBy, type Decider, type Event, type Probes, reject } from '../shared/decider.ts';

type Created = z.infer<typeof WorkflowTaskCreated.schema>;

/** A task a workflow run created for the people holding a role (stream `workflowtask-<taskId>`). */
export type TaskState =
  | { exists: false }
  | ({ exists: true; status: 'open' | 'done'; note?: string } & Created);

export type TaskCommand = ({ type: 'CreateTask' } & Created) | { type: 'CompleteTask'; note?: string };

export type TaskEvent = Event<'WorkflowTaskCreated' | 'WorkflowTaskCompleted'>;

const decide = (command: TaskCommand, state: TaskState): TaskEvent[] => {
  switch (command.type) {
    case 'CreateTask': {
      // A step retried after it wrote its task names the same task: it is created once.
      if (state.exists) return [];
      const { type: _, ...data } = command;
      return [{ type: 'WorkflowTaskCreated', data }];
    }
    case 'CompleteTask': {
      if (!state.exists) return reject('task-not-found', 'No such task', 404);
      if (state.status === 'done') return reject('task-done', 'The task is already done', 409);
      return [
        {
          type: 'WorkflowTaskCompleted',
          data: { taskId: state.taskId, ...(command.note ? { note: command.note } : {}) },
        },
      ];
    }
  }
};

const evolve = (state: TaskState, event: TaskEvent): TaskState => {
  if (event.type === 'WorkflowTaskCreated')
    return state.exists ? state : { exists: true, ...event.data, status: 'open' };
  if (!state.exists) return state;
  return { ...state, status: 'done', ...(event.data.note ? { note: event.data.note } : {}) };
};

export const taskDecider: Decider<TaskCommand, TaskState, TaskEvent> = {
  initialState: { exists: false },
  decide,
  evolve,
};

export const TASK_ACTIONS = ['complete'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

const probes: Probes<TaskCommand, TaskState, TaskAction> = {
  complete: () => ({ type: 'CompleteTask' }),
};

export const availableTaskActions = availableBy(taskDecider, TASK_ACTIONS, probes);
