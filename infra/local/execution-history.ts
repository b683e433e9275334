import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The local Step Functions' execution histories, kept as GetExecutionHistory describes them and
 * persisted one JSON-lines file per execution under the data dir, so a run's step history survives a
 * restart of the local cloud. The first line is the execution, then one line per history event, then
 * (once it ended) its end.
 */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  [details: string]: unknown;
}

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  startDate: number;
  input: string;
}

export interface ExecutionEnd {
  status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  stopDate: number;
  output?: string;
  error?: string;
  cause?: string;
}

export interface StoredExecution {
  execution: ExecutionRecord;
  events: HistoryEvent[];
  end?: ExecutionEnd;
}

type Line = { execution: ExecutionRecord } | { event: HistoryEvent } | { end: ExecutionEnd };

const fileOf = (dir: string, executionArn: string) =>
  join(dir, `${createHash('sha256').update(executionArn).digest('hex').slice(0, 32)}.jsonl`);

export const historyStore = (dir: string | undefined) => {
  if (dir) mkdirSync(dir, { recursive: true });
  const write = (executionArn: string, line: Line) => {
    if (dir) appendFileSync(fileOf(dir, executionArn), `${JSON.stringify(line)}\n`);
  };
  return {
    started: (execution: ExecutionRecord) => write(execution.executionArn, { execution }),
    event: (executionArn: string, event: HistoryEvent) => write(executionArn, { event }),
    ended: (executionArn: string, end: ExecutionEnd) => write(executionArn, { end }),
    /** Every execution a previous run of the local cloud recorded; a torn last line is dropped. */
    load: (): StoredExecution[] => {
      if (!dir || !existsSync(dir)) return [];
      return readdirSync(dir)
        .filter((file) => file.endsWith('.jsonl'))
        .flatMap((file) => {
          const stored: Partial<StoredExecution> & { events: HistoryEvent[] } = { events: [] };
          for (const text of readFileSync(join(dir, file), 'utf8').split('\n')) {
            if (!text) continue;
            let line: Line;
            try {
              line = JSON.parse(text) as Line;
            } catch {
              continue;
            }
            if ('execution' in line) stored.execution = line.execution;
            else if ('event' in line) stored.events.push(line.event);
            else stored.end = line.end;
          }
          return stored.execution ? [stored as StoredExecution] : [];
        });
    },
  };
};

/** A local engine event as Step Functions' history names it (only what stepsOf and the console read). */
export const historyEventOf = (
  log: { type: string; timestamp: number; [key: string]: unknown },
  id: number,
): HistoryEvent | undefined => {
  const base = { id, previousEventId: id - 1, timestamp: log.timestamp / 1000 };
  const state = log.state as { name: string; type: string; input?: unknown; output?: unknown } | undefined;
  const json = (value: unknown) => JSON.stringify(value ?? null);
  switch (log.type) {
    case 'ExecutionStarted':
      return { ...base, type: 'ExecutionStarted', executionStartedEventDetails: { input: json(log.input) } };
    case 'ExecutionSucceeded':
      return {
        ...base,
        type: 'ExecutionSucceeded',
        executionSucceededEventDetails: { output: json(log.output) },
      };
    case 'ExecutionFailed':
      return {
        ...base,
        type: 'ExecutionFailed',
        executionFailedEventDetails: { error: String(log.Error), cause: String(log.Cause ?? '') },
      };
    case 'ExecutionAborted':
      return { ...base, type: 'ExecutionAborted' };
    case 'ExecutionTimeout':
      return { ...base, type: 'ExecutionTimedOut' };
    case 'StateEntered':
      return {
        ...base,
        type: `${state!.type}StateEntered`,
        stateEnteredEventDetails: { name: state!.name, input: json(state!.input) },
      };
    case 'StateExited':
      return {
        ...base,
        type: `${state!.type}StateExited`,
        stateExitedEventDetails: { name: state!.name, output: json(state!.output) },
      };
    case 'StateFailed':
      return {
        ...base,
        type: state!.type === 'Task' ? 'TaskFailed' : `${state!.type}StateFailed`,
        taskFailedEventDetails: {
          error: String(log.Error),
          cause: typeof log.Cause === 'string' ? log.Cause : json(log.Cause),
        },
      };
    default:
      // Retries show as the next failure (as in AWS); catches as the next state entered.
      return undefined;
  }
};
