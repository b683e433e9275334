import { describe, expect, it } from 'vitest';
import { checkCondition, foldRuns, type RunEvent } from '../../../domain/reports/delivery.ts';
import { savedReportDecider } from '../../../domain/reports/saved.ts';

const condition = { kind: 'falls-by', value: 'revenue', percent: 10 } as const;

describe("a scheduled report's condition", () => {
  it('delivers when the last period fell by more than the percentage against the one before', () => {
    expect(checkCondition(condition, [{ revenue: 100 }, { revenue: 89 }])).toMatchObject({ deliver: true });
    expect(checkCondition(condition, [{ revenue: 100 }, { revenue: 90 }])).toMatchObject({
      deliver: false,
      reason: expect.stringContaining('did not fall more than 10%'),
    });
    expect(checkCondition(condition, [{ revenue: 100 }, { revenue: 120 }])).toMatchObject({ deliver: false });
  });

  it('compares only the last two periods, and cannot show a fall without a previous value', () => {
    expect(checkCondition(condition, [{ revenue: 1 }, { revenue: 100 }, { revenue: 50 }])).toMatchObject({
      deliver: true,
    });
    expect(checkCondition(condition, [{ revenue: 100 }])).toMatchObject({ deliver: false });
    expect(checkCondition(condition, [{ revenue: 0 }, { revenue: -5 }])).toMatchObject({ deliver: false });
    expect(checkCondition(condition, [{ revenue: null }, { revenue: 5 }])).toMatchObject({ deliver: false });
  });

  it('always delivers without one', () => {
    expect(checkCondition(undefined, [])).toMatchObject({ deliver: true });
  });
});

describe("a report's run history", () => {
  it('folds started and ended runs, newest first, with what each ended with', () => {
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
    const events = [
      { type: 'ReportRunStarted', data: { reportId: 'r', runId: 'a', trigger: 'manual' }, occurredAt: at(0) },
      {
        type: 'ReportRunStarted',
        data: { reportId: 'r', runId: 'b', trigger: 'schedule' },
        occurredAt: at(1),
      },
      {
        type: 'ReportRunSkipped',
        data: { reportId: 'r', runId: 'a', rows: 3, durationMs: 10, reason: 'no fall' },
        occurredAt: at(2),
      },
      {
        type: 'ReportRunFailed',
        data: { reportId: 'r', runId: 'b', durationMs: 20, error: 'boom' },
        occurredAt: at(3),
      },
    ] as unknown as (RunEvent & { occurredAt: string })[];
    expect(foldRuns(events)).toEqual([
      {
        runId: 'b',
        trigger: 'schedule',
        status: 'failed',
        startedAt: at(1),
        endedAt: at(3),
        durationMs: 20,
        error: 'boom',
      },
      {
        runId: 'a',
        trigger: 'manual',
        status: 'skipped',
        startedAt: at(0),
        endedAt: at(2),
        durationMs: 10,
        rows: 3,
        reason: 'no fall',
      },
    ]);
  });
});

describe("a saved report's share links", () => {
  const drafted = savedReportDecider.evolve(savedReportDecider.initialState, {
    type: 'ReportDrafted',
    data: {
      reportId: 'r',
      name: 'R',
      description: '',
      definition: { dataset: 'leads' } as never,
      owner: { id: 'u1' },
    },
  } as never);
  const now = '2026-01-01T00:00:00.000Z';
  const link = (expiresAt: string, by = 'u1') =>
    savedReportDecider.decide({ type: 'CreateReportLink', linkId: 'l', expiresAt, now, by }, drafted);

  it('expire within 30 days, in the future', () => {
    expect(link('2026-01-31T00:00:00.000Z')).toHaveLength(1);
    expect(() => link('2026-01-31T00:00:01.000Z')).toThrow(/within 30 days/);
    expect(() => link(now)).toThrow(/within 30 days/);
  });

  it('are made by who may change the report: its owner, or a user or role it is shared with to edit', () => {
    expect(() => link('2026-01-02T00:00:00.000Z', 'u2')).toThrow(/Only its owner/);
    const shared = savedReportDecider.evolve(drafted, {
      type: 'ReportShared',
      data: { reportId: 'r', shareId: 's', grantee: { kind: 'role', role: 'manager' }, access: 'edit' },
    } as never);
    expect(
      savedReportDecider.decide(
        {
          type: 'CreateReportLink',
          linkId: 'l',
          expiresAt: '2026-01-02T00:00:00.000Z',
          now,
          by: 'u2',
          role: 'manager',
        },
        shared,
      ),
    ).toHaveLength(1);
  });
});
