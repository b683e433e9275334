import type { HistoryEvent } from '@aws-sdk/client-sfn';

/** One state a run entered, as the run's page shows it (functions/api/workflow-runs StepRecord). */
export interface StepRecord {
  step: string;
  type: string;
  status: 'running' | 'succeeded' | 'failed' | 'caught';
  enteredAt: string;
  exitedAt?: string;
  input?: unknown;
  output?: unknown;
  retries: number;
  error?: string;
  cause?: string;
}

const parse = (text: string | undefined): unknown => {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

const iso = (time: Date | undefined) => (time ?? new Date(0)).toISOString();

/** The error details any `…Failed` / `…TimedOut` history event carries, whatever its type. */
const failureOf = (event: HistoryEvent): { error?: string; cause?: string } | undefined => {
  if (!/(Failed|TimedOut)$/.test(event.type ?? '') || event.type?.startsWith('Execution')) return undefined;
  const details = Object.entries(event).find(([key, value]) => key.endsWith('EventDetails') && value);
  const value = (details?.[1] ?? {}) as { error?: string; cause?: string };
  return { error: value.error, cause: value.cause };
};

/**
 * Step Functions' execution history, folded into one record per state entered: its input and output,
 * how many times it was retried, and the error it ended with. A state whose failure went to its error
 * path (`Catch`) is `caught`; failures before its last attempt are its retries.
 */
export const stepsOf = (events: readonly HistoryEvent[]): StepRecord[] => {
  const steps: StepRecord[] = [];
  const open = new Map<string, { record: StepRecord; failures: number }>();
  const close = (name: string, status: StepRecord['status']) => {
    const current = open.get(name);
    if (!current) return;
    current.record.status = status;
    current.record.retries = Math.max(0, status === 'succeeded' ? current.failures : current.failures - 1);
    open.delete(name);
  };
  let last: string | undefined;
  for (const event of events) {
    const type = event.type ?? '';
    if (type.endsWith('StateEntered') && event.stateEnteredEventDetails) {
      const { name = '', input } = event.stateEnteredEventDetails;
      // A state entered while another with a failure is open took that one's error path.
      for (const [other, current] of open) if (current.failures > 0) close(other, 'caught');
      const record: StepRecord = {
        step: name,
        type: type.replace(/StateEntered$/, ''),
        status: 'running',
        enteredAt: iso(event.timestamp),
        input: parse(input),
        retries: 0,
      };
      steps.push(record);
      open.set(name, { record, failures: 0 });
      last = name;
      continue;
    }
    if (type.endsWith('StateExited') && event.stateExitedEventDetails) {
      const { name = '', output } = event.stateExitedEventDetails;
      const current = open.get(name);
      if (current) {
        current.record.exitedAt = iso(event.timestamp);
        current.record.output = parse(output);
      }
      close(name, 'succeeded');
      continue;
    }
    const failure = failureOf(event);
    if (failure && last && open.has(last)) {
      const current = open.get(last)!;
      current.failures += 1;
      current.record.error = failure.error;
      current.record.cause = failure.cause;
      continue;
    }
    if (type === 'ExecutionFailed' || type === 'ExecutionAborted' || type === 'ExecutionTimedOut') {
      for (const [name, current] of open) {
        current.record.exitedAt = iso(event.timestamp);
        if (type === 'ExecutionFailed' && !current.record.error) {
          current.record.error = event.executionFailedEventDetails?.error;
          current.record.cause = event.executionFailedEventDetails?.cause;
        }
        close(name, 'failed');
      }
    }
  }
  return steps;
};
