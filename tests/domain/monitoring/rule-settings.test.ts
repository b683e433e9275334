import { describe, expect, it } from 'vitest';
import { alertRuleDecider } from '../../../domain/monitoring/alerts.ts';
import {
  ALERT_RULES,
  DEFAULT_CHANNELS,
  ruleById,
  ruleSettingsProblems,
  settingsOf,
  withSettings,
} from '../../../domain/monitoring/rules.ts';

const backups = ruleById('health-bucket-backups')!;
const sound = settingsOf(backups);
const paths = (settings: Parameters<typeof ruleSettingsProblems>[1], rule = backups) =>
  ruleSettingsProblems(rule, settings).map((p) => p.path);

describe("alert rules' settings", () => {
  it('includes the SLO burn, failed backups and failed exports rules beside the health rules', () => {
    const ids = ALERT_RULES.map((r) => r.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'slo-burn-fast',
        'slo-burn-slow',
        'backups-failed',
        'exports-failed',
        'outbox-age',
      ]),
    );
    expect(ruleById('slo-burn-fast')).toMatchObject({ condition: { kind: 'above', threshold: 14.4 } });
    expect(ruleById('slo-burn-slow')).toMatchObject({ condition: { kind: 'above', threshold: 6 } });
    expect(sound.channels).toEqual(DEFAULT_CHANNELS);
  });

  it('names the field of each unsound setting', () => {
    expect(paths(sound)).toEqual([]);
    expect(paths({ ...sound, policy: { fire: { m: 4, n: 3 }, recover: { m: 1, n: 0 } } })).toEqual([
      'policy.fire.m',
      'policy.recover.n',
      'policy.recover.m',
    ]);
    expect(paths({ ...sound, condition: { kind: 'outside', min: 3, max: 3 } })).toEqual(['condition.max']);
    expect(paths({ ...sound, condition: { kind: 'above', threshold: Number.NaN } })).toEqual([
      'condition.threshold',
    ]);
    // A health status is 0..2; a measured figure is never negative.
    expect(paths({ ...sound, condition: { kind: 'above', threshold: 5 } })).toEqual(['condition.threshold']);
    const outbox = ruleById('outbox-age')!;
    expect(paths({ ...settingsOf(outbox), condition: { kind: 'above', threshold: -1 } }, outbox)).toEqual([
      'condition.threshold',
    ]);
    expect(paths({ ...sound, channels: { console: false, email: true } })).toEqual(['channels.email']);
  });

  it('records sound settings on the rule, which the evaluator then judges by; refuses unsound ones', () => {
    const settings = { ...sound, policy: { fire: { m: 1, n: 2 }, recover: { m: 2, n: 2 } } };
    const command = {
      type: 'ConfigureAlertRule' as const,
      rule: backups,
      at: '2026-12-02T10:00:00Z',
      by: 'owner@x',
      ...settings,
    };
    const events = alertRuleDecider.decide(command, alertRuleDecider.initialState);
    const state = events.reduce(alertRuleDecider.evolve, alertRuleDecider.initialState);
    expect(state.settings?.policy).toEqual(settings.policy);
    expect(withSettings(backups, state.settings).policy).toEqual(settings.policy);
    expect(() =>
      alertRuleDecider.decide({ ...command, condition: { kind: 'outside', min: 2, max: 1 } }, state),
    ).toThrow(/condition.max/);
  });
});
