/** A run as the figures need it: when it started, how it ended and how long it took. */
export interface RunFigures {
  startedAt: string;
  status: string;
  durationMs?: number;
  failedStep?: string;
}

export interface WorkflowStats {
  days: { day: string; runs: number; succeeded: number; failed: number }[];
  runs: number;
  successRate?: number;
  p50Ms?: number;
  p95Ms?: number;
  failuresByStep: { step: string; failures: number }[];
}

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: readonly number[], p: number): number | undefined =>
  sorted.length === 0 ? undefined : sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];

/**
 * A workflow's figures over the `days` UTC days ending `today`: runs started per day, success rate and
 * p50/p95 duration of the runs that ended (cancelled and interrupted runs say nothing of the workflow's
 * health, so the rate is succeeded over succeeded, failed and timed out), and failures by step.
 */
export const workflowStats = (runs: readonly RunFigures[], today: string, days: number): WorkflowStats => {
  const end = Date.parse(`${today}T00:00:00Z`);
  const window = Array.from({ length: days }, (_, i) =>
    new Date(end - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
  const byDay = new Map(window.map((day) => [day, { day, runs: 0, succeeded: 0, failed: 0 }]));
  const inWindow = runs.filter((run) => byDay.has(run.startedAt.slice(0, 10)));
  const failures = new Map<string, number>();
  for (const run of inWindow) {
    const day = byDay.get(run.startedAt.slice(0, 10))!;
    day.runs += 1;
    if (run.status === 'succeeded') day.succeeded += 1;
    if (run.status === 'failed' || run.status === 'timed_out') {
      day.failed += 1;
      const step = run.failedStep ?? '(run)';
      failures.set(step, (failures.get(step) ?? 0) + 1);
    }
  }
  const judged = inWindow.filter((r) => ['succeeded', 'failed', 'timed_out'].includes(r.status));
  const durations = inWindow
    .filter((r) => r.status === 'succeeded' && r.durationMs !== undefined)
    .map((r) => r.durationMs!)
    .toSorted((a, b) => a - b);
  return {
    days: [...byDay.values()],
    runs: inWindow.length,
    ...(judged.length
      ? { successRate: judged.filter((r) => r.status === 'succeeded').length / judged.length }
      : {}),
    ...(durations.length ? { p50Ms: percentile(durations, 50), p95Ms: percentile(durations, 95) } : {}),
    failuresByStep: [...failures]
      .map(([step, count]) => ({ step, failures: count }))
      .toSorted((a, b) => b.failures - a.failures || a.step.localeCompare(b.step)),
  };
};
