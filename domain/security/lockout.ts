/**
 * Sign-in lockouts. Pure: the sign-in handler reads the account's latest sign-in event and the address's
 * recent failures, asks these functions whether to refuse, and records the outcome.
 *
 * Account: 5 consecutive failed sign-ins (no success or admin unlock in between, each within 24 hours
 * of the one before) lock the account for 1 minute; every further failure doubles it (2, 4, 8 … minutes)
 * up to 1 hour. Attempts refused while locked are recorded but neither count nor extend the lock, so
 * an attacker hammering a locked account cannot keep its owner out for longer than the policy says.
 *
 * Address: 20 failed sign-ins from one source address within an hour (any accounts) pause sign-in from
 * that address for 5 minutes, doubling with each further failure up to 1 hour.
 *
 * Lockouts apply to accounts that do not exist exactly as to those that do, so a refusal never reveals
 * whether an email has an account.
 */
export interface LockoutPolicy {
  threshold: number;
  /** Failures further apart than this start a new count. */
  windowMs: number;
  baseMs: number;
  maxMs: number;
}

const MINUTE = 60_000;

export const ACCOUNT_LOCKOUT: LockoutPolicy = {
  threshold: 5,
  windowMs: 24 * 60 * MINUTE,
  baseMs: MINUTE,
  maxMs: 60 * MINUTE,
};

export const ADDRESS_LOCKOUT: LockoutPolicy = {
  threshold: 20,
  windowMs: 60 * MINUTE,
  baseMs: 5 * MINUTE,
  maxMs: 60 * MINUTE,
};

/**
 * Cognito's answers to a wrong code from an authenticator app at the MFA step (a reused code is
 * "expired"). A wrong code after the right password counts like a wrong password: whoever holds the
 * password must not get unlimited guesses at the code.
 */
export const MFA_CODE_REASONS: ReadonlySet<string> = new Set([
  'CodeMismatchException',
  'ExpiredCodeException',
]);

/** Cognito's answers that mean "wrong email, password or MFA code": the only failures that count. */
export const COUNTED_REASONS: ReadonlySet<string> = new Set([
  'NotAuthorizedException',
  'InvalidPasswordException',
  'UserNotFoundException',
  ...MFA_CODE_REASONS,
]);

export const lockDurationMs = (policy: LockoutPolicy, failures: number): number =>
  failures < policy.threshold
    ? 0
    : Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(30, failures - policy.threshold));

/** An account's lock state as the latest sign-in event left it. */
export interface AccountLock {
  /** Consecutive counted failures so far. */
  failures: number;
  /** Epoch ms; present while the account is locked. */
  lockedUntil?: number;
  /** When the last counted failure happened (epoch ms), if any. */
  lastFailureAt?: number;
}

/** What the sign-in handler knows about an account: its latest sign-in event and the admin actions on it. */
export interface AccountFacts {
  latest?:
    | { type: 'SignInSucceeded'; at: number }
    | { type: 'SignInFailed'; at: number; failures?: number; lockedUntil?: string; counted: boolean }
    | { type: 'AccountLocked'; at: number; failures: number; until: string };
  /** When an admin last unlocked the account (epoch ms). */
  unlockedAt?: number;
}

export const accountLock = (facts: AccountFacts, now: number, policy = ACCOUNT_LOCKOUT): AccountLock => {
  const latest = facts.latest;
  if (!latest || latest.type === 'SignInSucceeded') return { failures: 0 };
  if (facts.unlockedAt !== undefined && facts.unlockedAt >= latest.at) return { failures: 0 };
  const failures = latest.failures ?? 0;
  const untilText = latest.type === 'AccountLocked' ? latest.until : latest.lockedUntil;
  const until = untilText ? Date.parse(untilText) : undefined;
  const lastFailureAt = latest.at;
  if (until !== undefined && until > now) return { failures, lockedUntil: until, lastFailureAt };
  // A long quiet spell forgets the failures.
  if (now - lastFailureAt > policy.windowMs) return { failures: 0 };
  return { failures, lastFailureAt };
};

/** The state after one more counted failure at `now`. */
export const afterFailure = (before: AccountLock, now: number, policy = ACCOUNT_LOCKOUT): AccountLock => {
  const failures = before.failures + 1;
  const duration = lockDurationMs(policy, failures);
  return duration > 0
    ? { failures, lockedUntil: now + duration, lastFailureAt: now }
    : { failures, lastFailureAt: now };
};

/** An address's lock from the times (epoch ms) of its recent counted failures. */
export const addressLock = (
  failureTimes: readonly number[],
  now: number,
  policy = ADDRESS_LOCKOUT,
): { failures: number; lockedUntil?: number } => {
  const recent = failureTimes.filter((t) => t > now - policy.windowMs && t <= now);
  if (recent.length < policy.threshold) return { failures: recent.length };
  const last = Math.max(...recent);
  const until = last + lockDurationMs(policy, recent.length);
  return until > now ? { failures: recent.length, lockedUntil: until } : { failures: recent.length };
};

/** "until 14:05 UTC (in 3 minutes)" */
export const describeUntil = (until: number, now: number): string => {
  const iso = new Date(until).toISOString();
  const minutes = Math.max(1, Math.ceil((until - now) / MINUTE));
  return `${iso.slice(11, 16)} UTC on ${iso.slice(0, 10)} (in ${minutes} minute${minutes === 1 ? '' : 's'})`;
};
