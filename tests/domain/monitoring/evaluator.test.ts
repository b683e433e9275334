import { describe, expect, it } from 'vitest';
import { type AlertPolicy, breaches, evaluate } from '../../../domain/monitoring/evaluator.ts';

const policy: AlertPolicy = { fire: { m: 3, n: 5 }, recover: { m: 3, n: 3 } };
/** `x` breaching, `.` passing, oldest first. */
const points = (pattern: string) => [...pattern].map((c) => c === 'x');

describe('the alert evaluator: M of N to fire, M of N to recover', () => {
  it('is INSUFFICIENT_DATA with no datapoints, and stays so until there is enough to say OK', () => {
    expect(evaluate(policy, [], 'INSUFFICIENT_DATA').state).toBe('INSUFFICIENT_DATA');
    expect(evaluate(policy, [], 'OK').state).toBe('INSUFFICIENT_DATA');
    expect(evaluate(policy, points('..'), 'INSUFFICIENT_DATA').state).toBe('INSUFFICIENT_DATA');
    expect(evaluate(policy, points('...'), 'INSUFFICIENT_DATA')).toEqual({ state: 'OK', count: 3, of: 3 });
  });

  it('fires on the Mth breaching datapoint of the last N, not before', () => {
    expect(evaluate(policy, points('x.x..'), 'OK').state).toBe('OK');
    expect(evaluate(policy, points('x.x.x'), 'OK')).toEqual({ state: 'ALARM', count: 3, of: 5 });
    // Breaches that slid out of the window no longer count.
    expect(evaluate(policy, points('xx...x.x'), 'OK').state).toBe('OK');
    // Fires from no data as well.
    expect(evaluate(policy, points('xxx'), 'INSUFFICIENT_DATA')).toEqual({ state: 'ALARM', count: 3, of: 3 });
  });

  it('does not flap: one passing datapoint while alarming changes nothing', () => {
    expect(evaluate(policy, points('xxx.'), 'ALARM').state).toBe('ALARM');
    expect(evaluate(policy, points('xxx..x'), 'ALARM').state).toBe('ALARM');
    expect(evaluate(policy, points('xxx.x.'), 'ALARM').state).toBe('ALARM');
  });

  it('recovers after M passing of the last N', () => {
    expect(evaluate(policy, points('xxx...'), 'ALARM')).toEqual({ state: 'OK', count: 3, of: 3 });
    const lenient: AlertPolicy = { fire: { m: 2, n: 3 }, recover: { m: 2, n: 3 } };
    expect(evaluate(lenient, points('xxx.x'), 'ALARM').state).toBe('ALARM');
    expect(evaluate(lenient, points('xx..x'), 'ALARM').state).toBe('OK');
  });

  it('compares values with a threshold or a band', () => {
    expect(breaches({ kind: 'above', threshold: 300 }, 301)).toBe(true);
    expect(breaches({ kind: 'above', threshold: 300 }, 300)).toBe(false);
    expect(breaches({ kind: 'below', threshold: 1 }, 0)).toBe(true);
    expect(breaches({ kind: 'outside', min: 1, max: 5 }, 6)).toBe(true);
    expect(breaches({ kind: 'outside', min: 1, max: 5 }, 3)).toBe(false);
  });
});
