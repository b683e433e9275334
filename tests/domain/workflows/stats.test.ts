import { describe, expect, it } from 'vitest';
import { workflowStats } from '../../../domain/workflows/stats.ts';

const run = (day: string, status: string, durationMs?: number, failedStep?: string) => ({
  startedAt: `${day}T10:00:00.000Z`,
  status,
  ...(durationMs !== undefined ? { durationMs } : {}),
  ...(failedStep ? { failedStep } : {}),
});

describe('a workflow’s figures', () => {
  it('counts runs per day over the window, the success rate of judged runs, p50/p95 and failures by step', () => {
    const runs = [
      ...Array.from({ length: 18 }, (_, i) => run('2026-12-02', 'succeeded', (i + 1) * 100)),
      run('2026-12-02', 'failed', 50, 'send'),
      run('2026-12-01', 'failed', 50, 'send'),
      run('2026-12-01', 'timed_out', 9000),
      run('2026-12-01', 'cancelled', 10),
      run('2026-12-01', 'running'),
      run('2026-11-01', 'failed', 10, 'old'),
    ];
    const stats = workflowStats(runs, '2026-12-02', 3);
    expect(stats.days).toEqual([
      { day: '2026-11-30', runs: 0, succeeded: 0, failed: 0 },
      { day: '2026-12-01', runs: 4, succeeded: 0, failed: 2 },
      { day: '2026-12-02', runs: 19, succeeded: 18, failed: 1 },
    ]);
    expect(stats.runs).toBe(23);
    expect(stats.successRate).toBeCloseTo(18 / 21);
    expect(stats.p50Ms).toBe(900);
    expect(stats.p95Ms).toBe(1800);
    expect(stats.failuresByStep).toEqual([
      { step: 'send', failures: 2 },
      { step: '(run)', failures: 1 },
    ]);
  });

  it('says nothing of rates or durations before any run ended', () => {
    const stats = workflowStats([run('2026-12-02', 'running')], '2026-12-02', 1);
    expect(stats).toEqual({
      days: [{ day: '2026-12-02', runs: 1, succeeded: 0, failed: 0 }],
      runs: 1,
      failuresByStep: [],
    });
  });
});
