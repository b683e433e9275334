import { describe, expect, it } from 'vitest';
import {
  type AlertRuleState,
  alertRuleDecider,
  datapointsOf,
  freshDatapoints,
} from '../../../domain/monitoring/alerts.ts';
import { evaluate } from '../../../domain/monitoring/evaluator.ts';
import { ALERT_RULES } from '../../../domain/monitoring/rules.ts';
import type { DomainError } from '../../../domain/shared/decider.ts';

const rule = ALERT_RULES[0]!;
const at = '2026-12-02T10:00:00.000Z';
const later = (ms: number) => new Date(Date.parse(at) + ms).toISOString();
const { decide, evolve, initialState } = alertRuleDecider;
const run = (state: AlertRuleState, command: Parameters<typeof decide>[0]) =>
  decide(command, state).reduce(evolve, state);
const fire = (state: AlertRuleState) =>
  run(state, {
    type: 'ApplyEvaluation',
    rule,
    at,
    evaluation: { state: 'ALARM', count: 3, of: 5 },
    reason: 'r',
  });
const refused = (command: Parameters<typeof decide>[0], state: AlertRuleState) => {
  try {
    decide(command, state);
  } catch (error) {
    return (error as DomainError).code;
  }
  return undefined;
};

describe("an alert rule's state, acknowledgement and silence", () => {
  it('records only changes of state', () => {
    const firing = fire(initialState);
    expect(firing).toMatchObject({ state: 'ALARM', since: at });
    expect(
      decide(
        { type: 'ApplyEvaluation', rule, at, evaluation: { state: 'ALARM', count: 4, of: 5 }, reason: 'r' },
        firing,
      ),
    ).toEqual([]);
  });

  it('acknowledges only a firing alert, once; the next change clears it', () => {
    expect(refused({ type: 'AcknowledgeAlert', ruleId: rule.id, at, by: 'a' }, initialState)).toBe(
      'alert-not-firing',
    );
    const acked = run(fire(initialState), { type: 'AcknowledgeAlert', ruleId: rule.id, at, by: 'a' });
    expect(acked.acknowledged).toEqual({ at, by: 'a' });
    expect(decide({ type: 'AcknowledgeAlert', ruleId: rule.id, at, by: 'b' }, acked)).toEqual([]);
    const recovered = run(acked, {
      type: 'ApplyEvaluation',
      rule,
      at: later(1),
      evaluation: { state: 'OK', count: 3, of: 3 },
      reason: 'r',
    });
    expect(recovered.acknowledged).toBeUndefined();
  });

  it('silences for at most a week, marks changes while silenced, and expires by itself', () => {
    expect(refused({ type: 'SilenceAlert', ruleId: rule.id, at, by: 'a', until: at }, initialState)).toBe(
      'silence-in-past',
    );
    expect(
      refused(
        { type: 'SilenceAlert', ruleId: rule.id, at, by: 'a', until: later(8 * 86_400_000) },
        initialState,
      ),
    ).toBe('silence-too-long');
    const silenced = run(initialState, {
      type: 'SilenceAlert',
      ruleId: rule.id,
      at,
      by: 'a',
      until: later(3_600_000),
    });
    const [during] = decide(
      {
        type: 'ApplyEvaluation',
        rule,
        at: later(60_000),
        evaluation: { state: 'ALARM', count: 3, of: 5 },
        reason: 'r',
      },
      silenced,
    );
    expect(during?.data).toMatchObject({ silenced: true });
    const [after] = decide(
      {
        type: 'ApplyEvaluation',
        rule,
        at: later(3_600_001),
        evaluation: { state: 'ALARM', count: 3, of: 5 },
        reason: 'r',
      },
      silenced,
    );
    expect(after?.data).toMatchObject({ silenced: false });
    expect(
      refused({ type: 'UnsilenceAlert', ruleId: rule.id, at: later(3_600_001), by: 'a' }, silenced),
    ).toBe('alert-not-silenced');
    expect(
      run(silenced, { type: 'UnsilenceAlert', ruleId: rule.id, at, by: 'a' }).silencedUntil,
    ).toBeUndefined();
  });
});

describe('datapoints fit to judge by', () => {
  it('leaves out those from before the checks stopped, so one fresh bad minute does not fire', () => {
    const point = (minutesAgo: number, breaching: boolean) => ({
      at: new Date(Date.parse(at) - minutesAgo * 60_000).toISOString(),
      breaching,
      detail: '',
    });
    // Two bad minutes two hours ago, then the checks stopped; now one bad minute.
    const points = [point(121, true), point(120, true), point(0, true)];
    expect(
      evaluate(
        rule.policy,
        points.map((p) => p.breaching),
        'OK',
      ).state,
    ).toBe('ALARM');
    const fresh = freshDatapoints(points, new Date(at), 5);
    expect(fresh).toHaveLength(1);
    expect(
      evaluate(
        rule.policy,
        fresh.map((p) => p.breaching),
        'OK',
      ).state,
    ).toBe('OK');
    expect(freshDatapoints([point(7, true), point(9, true)], new Date(at), 5)).toHaveLength(1);
  });
});

describe('datapointsOf', () => {
  it("takes one rule's datapoints from runs of every rule, oldest first, at each run's time", () => {
    const runs = [
      { at: '2026-12-02T10:00:00.000Z', datapoints: [{ ruleId: 'a', breaching: false, detail: 'ok' }] },
      {
        at: '2026-12-02T10:01:00.000Z',
        datapoints: [
          { ruleId: 'b', breaching: true, detail: 'down', value: 2 },
          { ruleId: 'a', breaching: true, detail: 'down', value: 2 },
        ],
      },
      { at: '2026-12-02T10:02:00.000Z', datapoints: [{ ruleId: 'b', breaching: false, detail: 'ok' }] },
    ];
    expect(datapointsOf(runs, 'a')).toEqual([
      { at: '2026-12-02T10:00:00.000Z', breaching: false, detail: 'ok' },
      { at: '2026-12-02T10:01:00.000Z', breaching: true, detail: 'down', value: 2 },
    ]);
    expect(datapointsOf(runs, 'c')).toEqual([]);
  });
});
