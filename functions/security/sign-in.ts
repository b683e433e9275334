import { randomUUID } from 'node:crypto';
import {
  type AuthenticationResultType,
  ChallengeNameType,
  type InitiateAuthCommandOutput,
  type RespondToAuthChallengeCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { effectiveRole } from '../../domain/access/permissions.ts';
import {
  ACCOUNT_LOCKOUT,
  type AccountLock,
  accountLock,
  addressLock,
  afterFailure,
  COUNTED_REASONS,
  MFA_CODE_REASONS,
} from '../../domain/security/lockout.ts';
import type { DomainEvent } from '../../events/catalog.ts';
import type { Actor } from '../../events/envelope.ts';
import { append, ConcurrencyError } from '../adapters/event-store.ts';
import { systemStreams } from '../application/aggregates.ts';
import type { HttpEvent } from '../http/adapter.ts';
import { groupsOf } from '../http/auth.ts';
import { callerAddress } from '../http/caller-address.ts';
import { type AccountStatus, addressFailures, readAccountStatus, recordAddressFailure } from './lockout.ts';
import {
  AccountLockedError,
  AddressPausedError,
  InvalidCredentialsError,
  InvalidMfaCodeError,
  MfaSessionExpiredError,
  PasswordChangeRequiredError,
  type SignInRefusedError,
} from './refusals.ts';

/**
 * Sign-in with lockouts (policy in domain/security/lockout.ts). Before the password is tried: a
 * disabled account is refused as a wrong password would be (nothing reveals which accounts exist or
 * are disabled); a locked account gets 423 saying until when; an address over its failure budget gets
 * 429. After: the outcome is appended to `account-<email>` with the lock state it leaves, conditionally
 * on the version read, so concurrent attempts cannot lose a failure; a success that raced a lock is
 * refused too, so a burst of parallel guesses cannot slip a correct one past the lockout.
 */
export const REFUSALS = new Set([
  ...COUNTED_REASONS,
  'PasswordResetRequiredException',
  'UserNotConfirmedException',
]);

const invalidCredentials = () => new InvalidCredentialsError();

export interface Attempt {
  email: string;
  ip: string;
  userAgent: string;
  correlationId: string;
}

export const attemptOf = (event: HttpEvent, email: string, correlationId: string): Attempt => ({
  email: email.trim().toLowerCase(),
  ip: callerAddress(event),
  userAgent: event.requestContext.http.userAgent,
  correlationId,
});

const actorOf = (attempt: Attempt, role = 'anonymous'): Actor => ({
  id: attempt.email,
  email: attempt.email,
  role,
  ip: attempt.ip,
  userAgent: attempt.userAgent,
});

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const accountLocked = (until: number, now: number) => new AccountLockedError(until, now);
const addressPaused = (until: number, now: number) => new AddressPausedError(until, now);

const failed = (attempt: Attempt, reason: string, lock: AccountLock): DomainEvent => ({
  type: 'SignInFailed',
  data: {
    email: attempt.email,
    reason,
    failures: lock.failures,
    ...(lock.lockedUntil ? { lockedUntil: iso(lock.lockedUntil) } : {}),
  },
});

/**
 * Appends what `decide` makes of the account's current status, conditionally on the version it read;
 * on a concurrent append it reads again and decides again.
 */
const record = async <T>(
  attempt: Attempt,
  decide: (status: AccountStatus, now: number) => { events: DomainEvent[]; role?: string; result: T },
  first?: AccountStatus,
): Promise<T> => {
  let status = first ?? (await readAccountStatus(attempt.email));
  for (let tries = 0; ; tries++) {
    const now = Date.now();
    const { events, role, result } = decide(status, now);
    try {
      await append(systemStreams.account(attempt.email), status.state, events, {
        actor: actorOf(attempt, role),
        correlationId: attempt.correlationId,
      });
      return result;
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || tries >= 20) throw error;
      status = await readAccountStatus(attempt.email);
    }
  }
};

/** Refuses before the password is tried, recording the refusal; returns the status it read. */
export const guard = async (attempt: Attempt): Promise<AccountStatus> => {
  const now = Date.now();
  const [status, failures] = await Promise.all([
    readAccountStatus(attempt.email),
    addressFailures(attempt.ip, now),
  ]);
  const lock = accountLock(status.facts, now);
  const address = addressLock(failures, now);
  let refusal: { reason: string; error: SignInRefusedError } | undefined;
  if (status.disabled) refusal = { reason: 'UserDisabled', error: invalidCredentials() };
  else if (lock.lockedUntil)
    refusal = { reason: 'AccountLocked', error: accountLocked(lock.lockedUntil, now) };
  else if (address.lockedUntil)
    refusal = { reason: 'AddressLocked', error: addressPaused(address.lockedUntil, now) };
  if (!refusal) return status;
  const { reason, error } = refusal;
  await record(
    attempt,
    (current, at) => ({
      events: [failed(attempt, reason, accountLock(current.facts, at))],
      result: undefined,
    }),
    status,
  );
  throw error;
};

/**
 * Records a wrong password, unknown account or wrong MFA code and answers with `refusal` (401), or 423
 * if it locked the account.
 */
export const failedAttempt = async (
  attempt: Attempt,
  status: AccountStatus,
  reason: string,
  refusal: () => SignInRefusedError = invalidCredentials,
): Promise<never> => {
  const counted = COUNTED_REASONS.has(reason);
  const lock = await record(
    attempt,
    (current, now) => {
      const before = accountLock(current.facts, now);
      if (!counted) return { events: [failed(attempt, reason, before)], result: before };
      const after = afterFailure(before, now, ACCOUNT_LOCKOUT);
      const events = [failed(attempt, reason, after)];
      if (after.lockedUntil) {
        events.push({
          type: 'AccountLocked',
          data: { email: attempt.email, until: iso(after.lockedUntil)!, failures: after.failures },
        });
      }
      return { events, result: after };
    },
    status,
  );
  if (counted) await recordAddressFailure(attempt.ip, randomUUID(), Date.now());
  if (lock.lockedUntil) throw accountLocked(lock.lockedUntil, Date.now());
  throw refusal();
};

/** Records a success, unless a concurrent failure locked the account meanwhile (then 423). */
export const succeededAttempt = async (attempt: Attempt, status: AccountStatus, role: string) => {
  const refusedUntil = await record(
    attempt,
    (current, now) => {
      const lock = accountLock(current.facts, now);
      if (lock.lockedUntil) {
        return {
          events: [failed(attempt, 'AccountLocked', lock)],
          result: lock.lockedUntil as number | undefined,
        };
      }
      return {
        events: [{ type: 'SignInSucceeded', data: { email: attempt.email, role } }],
        role,
        result: undefined,
      };
    },
    status,
  );
  if (refusedUntil) throw accountLocked(refusedUntil, Date.now());
};

export interface Tokens {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
}

/** The password was right and the account has MFA: the code from its authenticator app comes next. */
export interface MfaChallenge {
  challenge: 'SOFTWARE_TOKEN_MFA';
  /** Cognito's session for the second step: it proves the password step, so it is never logged. */
  session: string;
}

export const tokensOf = (result: AuthenticationResultType | undefined, refreshToken?: string): Tokens => {
  if (!result?.IdToken || !result.AccessToken) throw invalidCredentials();
  return {
    idToken: result.IdToken,
    accessToken: result.AccessToken,
    refreshToken: result.RefreshToken ?? refreshToken,
    expiresIn: result.ExpiresIn ?? 3600,
  };
};

export const roleOf = (idToken: string) =>
  effectiveRole(groupsOf(decodeJwt(idToken) as Record<string, string[]>)) ?? 'none';

export const errorName = (error: unknown) => (error instanceof Error ? error.name : '');

/**
 * The whole guarded sign-in around one Cognito call (`authenticate`): used by sign-in and by account
 * activation, both of which try a password. An account with MFA gets the challenge instead of tokens;
 * nothing is recorded yet, as the sign-in is not over (and a right password alone must not reset the
 * failure count): the answer to the challenge (`guardedMfaAnswer`) records the outcome.
 */
export const guardedSignIn = async (
  attempt: Attempt,
  authenticate: () => Promise<
    Pick<InitiateAuthCommandOutput, 'AuthenticationResult' | 'ChallengeName' | 'Session'>
  >,
): Promise<Tokens | MfaChallenge> => {
  const status = await guard(attempt);
  let result: Awaited<ReturnType<typeof authenticate>>;
  try {
    result = await authenticate();
  } catch (error) {
    if (!REFUSALS.has(errorName(error))) throw error;
    return failedAttempt(attempt, status, errorName(error));
  }
  if (result.ChallengeName === ChallengeNameType.NEW_PASSWORD_REQUIRED) {
    await record(
      attempt,
      (current, now) => ({
        events: [failed(attempt, 'PasswordChangeRequired', accountLock(current.facts, now))],
        result: undefined,
      }),
      status,
    );
    throw new PasswordChangeRequiredError();
  }
  if (result.ChallengeName === ChallengeNameType.SOFTWARE_TOKEN_MFA) {
    if (!result.Session) throw new Error('Cognito asked for an MFA code without a session');
    return { challenge: ChallengeNameType.SOFTWARE_TOKEN_MFA, session: result.Session };
  }
  const reply = tokensOf(result.AuthenticationResult);
  const role = roleOf(reply.idToken);
  await succeededAttempt(attempt, status, role);
  return reply;
};

/**
 * The MFA step of a sign-in, around one Cognito call (`respond`): guarded and recorded like the
 * password step. A wrong code counts toward the account's and the address's lockouts and raises the
 * `failed-mfa-codes` detection when repeated; an unknown or expired session is recorded but not
 * counted (only a right password gets one).
 */
export const guardedMfaAnswer = async (
  attempt: Attempt,
  respond: () => Promise<Pick<RespondToAuthChallengeCommandOutput, 'AuthenticationResult'>>,
): Promise<Tokens> => {
  const status = await guard(attempt);
  let result: Awaited<ReturnType<typeof respond>>;
  try {
    result = await respond();
  } catch (error) {
    const name = errorName(error);
    if (MFA_CODE_REASONS.has(name))
      return failedAttempt(attempt, status, name, () => new InvalidMfaCodeError());
    if (name === 'NotAuthorizedException')
      return failedAttempt(attempt, status, 'MfaSessionExpired', () => new MfaSessionExpiredError());
    throw error;
  }
  const reply = tokensOf(result.AuthenticationResult);
  await succeededAttempt(attempt, status, roleOf(reply.idToken));
  return reply;
};
