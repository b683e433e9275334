import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_LOCKOUT,
  type AccountLock,
  accountLock,
  addressLock,
  afterFailure,
  COUNTED_REASONS,
  lockDurationMs,
} from '../../../domain/security/lockout.ts';

const MIN = 60_000;

/** Plays attempts through the policy the way the sign-in handler does: refused while locked. */
const play = (attempts: number[]) => {
  let state: AccountLock = { failures: 0 };
  const outcomes: ('counted' | 'refused')[] = [];
  for (const at of attempts) {
    const current = accountLock(
      state.lastFailureAt === undefined
        ? {}
        : {
            latest: {
              type: 'SignInFailed',
              at: state.lastFailureAt,
              failures: state.failures,
              lockedUntil: state.lockedUntil ? new Date(state.lockedUntil).toISOString() : undefined,
              counted: true,
            },
          },
      at,
    );
    if (current.lockedUntil) {
      outcomes.push('refused');
      continue;
    }
    state = afterFailure(current, at);
    outcomes.push('counted');
  }
  return { state, outcomes };
};

describe('account lockout', () => {
  it('counts wrong MFA codes like wrong passwords, and nothing that is not a guess', () => {
    for (const reason of ['InvalidPasswordException', 'CodeMismatchException', 'ExpiredCodeException'])
      expect(COUNTED_REASONS.has(reason), reason).toBe(true);
    for (const reason of ['MfaSessionExpired', 'PasswordChangeRequired', 'AccountLocked'])
      expect(COUNTED_REASONS.has(reason), reason).toBe(false);
  });

  it('locks after five failures for a minute, doubling to at most an hour', () => {
    expect([4, 5, 6, 7, 10, 11, 50].map((n) => lockDurationMs(ACCOUNT_LOCKOUT, n) / MIN)).toEqual([
      0, 1, 2, 4, 32, 60, 60,
    ]);
    const { state, outcomes } = play([0, 1, 2, 3, 4].map((i) => i * 1000));
    expect(outcomes).toEqual(['counted', 'counted', 'counted', 'counted', 'counted']);
    expect(state.lockedUntil).toBe(4000 + MIN);
  });

  it('refuses attempts while locked without counting them, and grows the next lock', () => {
    const t = [0, 1, 2, 3, 4].map((i) => i * 1000);
    const { state, outcomes } = play([...t, 10_000, 20_000, 4000 + MIN + 1]);
    expect(outcomes.slice(5)).toEqual(['refused', 'refused', 'counted']);
    expect(state.failures).toBe(6);
    expect(state.lockedUntil).toBe(4000 + MIN + 1 + 2 * MIN);
  });

  it('forgets after a success, an admin unlock or a quiet day', () => {
    const latest = {
      type: 'SignInFailed' as const,
      at: 0,
      failures: 7,
      lockedUntil: new Date(30 * MIN).toISOString(),
      counted: true,
    };
    expect(accountLock({ latest }, MIN).lockedUntil).toBe(30 * MIN);
    expect(accountLock({ latest, unlockedAt: 10 }, MIN)).toEqual({ failures: 0 });
    expect(accountLock({ latest: { type: 'SignInSucceeded', at: 5 } }, MIN)).toEqual({ failures: 0 });
    expect(accountLock({ latest }, 25 * 60 * MIN)).toEqual({ failures: 0 });
  });

  it('never lets more than the threshold of guesses through before the first lock, in any timing', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 40 }), (gaps) => {
        let t = 0;
        const times = gaps.map((g) => (t += g));
        const { outcomes } = play(times);
        const firstLock = outcomes.indexOf('refused');
        if (firstLock !== -1) expect(firstLock).toBeGreaterThanOrEqual(ACCOUNT_LOCKOUT.threshold);
        // Within one hour, at most threshold + log2(60) further guesses get through.
        expect(outcomes.filter((o) => o === 'counted').length).toBeLessThanOrEqual(40);
      }),
    );
  });
});

describe('address lockout', () => {
  it('pauses an address after 20 failures in an hour, doubling from five minutes', () => {
    const times = Array.from({ length: 19 }, (_, i) => i * 1000);
    expect(addressLock(times, 20_000).lockedUntil).toBeUndefined();
    const twenty = [...times, 19_000];
    expect(addressLock(twenty, 20_000).lockedUntil).toBe(19_000 + 5 * MIN);
    expect(addressLock([...twenty, 19_500], 20_000).lockedUntil).toBe(19_500 + 10 * MIN);
    expect(addressLock(twenty, 2 * 60 * MIN).failures).toBe(0);
  });
});
