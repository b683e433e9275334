import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { stepsOf } from '../../../functions/workflows/history.ts';

let id = 0;
const at = (s: number) => new Date(Date.UTC(2026, 11, 2, 10, 0, s));
const entered = (name: string, type = 'Task', input: unknown = {}) =>
  ({
    id: ++id,
    type: `${type}StateEntered`,
    timestamp: at(id),
    stateEnteredEventDetails: { name, input: JSON.stringify(input) },
  }) as HistoryEvent;
const exited = (name: string, type = 'Task', output: unknown = {}) =>
  ({
    id: ++id,
    type: `${type}StateExited`,
    timestamp: at(id),
    stateExitedEventDetails: { name, output: JSON.stringify(output) },
  }) as HistoryEvent;
const failed = (error: string, cause = 'why') =>
  ({
    id: ++id,
    type: 'TaskFailed',
    timestamp: at(id),
    taskFailedEventDetails: { error, cause },
  }) as HistoryEvent;

describe("a run's steps from Step Functions' history", () => {
  it('gives each state its input, output and retries, and names a caught and a failing state', () => {
    const steps = stepsOf([
      { id: ++id, type: 'ExecutionStarted', timestamp: at(0) },
      entered('find', 'Task', { a: 1 }),
      failed('Firefly.Transient'),
      failed('Firefly.Transient'),
      exited('find', 'Task', { b: 2 }),
      entered('charge'),
      failed('Firefly.CommandRefused', 'insufficient-funds: no'),
      entered('sorry', 'Pass'),
      exited('sorry', 'Pass'),
      entered('notify'),
      failed('Firefly.Transient', 'HTTP 503'),
      failed('Firefly.Transient', 'HTTP 503'),
      {
        id: ++id,
        type: 'ExecutionFailed',
        timestamp: at(99),
        executionFailedEventDetails: { error: 'Firefly.Transient', cause: 'HTTP 503' },
      },
    ]);
    expect(steps.map((s) => [s.step, s.type, s.status, s.retries, s.error ?? null])).toEqual([
      ['find', 'Task', 'succeeded', 2, 'Firefly.Transient'],
      ['charge', 'Task', 'caught', 0, 'Firefly.CommandRefused'],
      ['sorry', 'Pass', 'succeeded', 0, null],
      ['notify', 'Task', 'failed', 1, 'Firefly.Transient'],
    ]);
    expect(steps[0]).toMatchObject({ input: { a: 1 }, output: { b: 2 } });
    expect(steps[3]).toMatchObject({ cause: 'HTTP 503', exitedAt: at(99).toISOString() });
  });
});
