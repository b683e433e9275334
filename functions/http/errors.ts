import { ZodError } from 'zod';
import { describeUntil } from '../../domain/security/lockout.ts';
import { DomainError } from '../../domain/shared/decider.ts';
import {
  CommitTooLargeError,
  ConcurrencyError,
  DamagedCommitError,
} from '../application/event-store-port.ts';
import { InvalidInputError, ProviderError, ReportQueryError, StaleVersionError } from '../errors.ts';
import {
  AccountLockedError,
  AddressPausedError,
  InvalidCredentialsError,
  InvalidMfaCodeError,
  MfaSessionExpiredError,
  PasswordChangeRequiredError,
} from '../security/refusals.ts';
import { IdempotencyInProgressError, IdempotencyKeyReusedError } from './idempotency.ts';
import { badRequest, HttpProblem, versionConflict } from './problem.ts';

/**
 * The HTTP edge's answer to every typed error: the one place that knows which problem (status, type,
 * title, detail, extensions, headers) each failure of the code behind the edge becomes. Code behind the
 * edge throws what happened; anything not mapped here is a logged 500.
 */
export const zodProblem = (error: ZodError, where: string) =>
  badRequest(
    `The ${where} has ${error.issues.length} problem${error.issues.length === 1 ? '' : 's'}`,
    error.issues.map((issue) => ({
      path: [where, ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  );

/** A sign-in refused until a moment: when, and how many seconds until then (also as Retry-After). */
const refusedUntil = (
  status: number,
  code: string,
  title: string,
  detail: string,
  { until, at }: { until: number; at: number },
) => {
  const wait = Math.max(1, Math.ceil((until - at) / 1000));
  return new HttpProblem(
    status,
    code,
    title,
    detail,
    { lockedUntil: new Date(until).toISOString(), retryAfterSeconds: wait },
    { 'retry-after': String(wait) },
  );
};

export const toProblem = (error: unknown): HttpProblem | undefined => {
  if (error instanceof HttpProblem) return error;
  if (error instanceof DomainError) {
    const title = error.status === 404 ? 'Not found' : 'The request breaks a business rule';
    return new HttpProblem(error.status, error.code, title, error.message);
  }
  if (error instanceof StaleVersionError) return versionConflict(error.currentVersion);
  if (error instanceof ConcurrencyError) {
    // A version the caller gave (If-Match) that is stale: tell them the current one.
    if (error.currentVersion !== undefined) return versionConflict(error.currentVersion);
    return new HttpProblem(
      409,
      'version-conflict',
      'The record changed while you were saving',
      'Someone else changed this record at the same moment. Reload and try again.',
    );
  }
  if (error instanceof DamagedCommitError) {
    // Not the caller's fault, and not a bug to hide behind a bare 500: name the damaged item so an
    // operator can repair it (locally `npm run store:check -- --repair`).
    return new HttpProblem(
      500,
      'damaged-commit',
      'A stored change of this record is damaged',
      `${error.message}. The record cannot be read until the store is repaired.`,
      { streamId: error.streamId, version: error.version },
    );
  }
  if (error instanceof CommitTooLargeError)
    return new HttpProblem(413, 'commit-too-large', 'Change too large', error.message);
  if (error instanceof InvalidInputError) return badRequest(error.detail);
  if (error instanceof ProviderError) {
    // A key the provider refuses is the caller's input; anything else is the provider's trouble.
    return error.status === 401 || error.status === 403
      ? new HttpProblem(
          422,
          'provider-refused-credential',
          'The provider refused the credential',
          error.message,
        )
      : new HttpProblem(502, 'provider-unavailable', 'The provider could not be reached', error.message);
  }
  if (error instanceof ReportQueryError)
    return error.state === 'timeout'
      ? new HttpProblem(504, 'report-query-timeout', 'The report took too long to run', error.message)
      : new HttpProblem(
          502,
          'report-query-failed',
          'The report engine could not run the report',
          error.message,
        );
  if (error instanceof ZodError) return zodProblem(error, 'request');
  if (error instanceof IdempotencyKeyReusedError) {
    return new HttpProblem(
      422,
      'idempotency-key-reused',
      'Idempotency key reused',
      'This Idempotency-Key was already used with a different request body',
    );
  }
  if (error instanceof IdempotencyInProgressError) {
    const wait = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
    return new HttpProblem(
      409,
      'request-in-progress',
      'Request in progress',
      `A request with this Idempotency-Key is still running. Retry in ${wait} s to get its response.`,
      {},
      { 'retry-after': String(wait) },
    );
  }
  if (error instanceof InvalidCredentialsError) {
    return new HttpProblem(
      401,
      'invalid-credentials',
      'Sign-in failed',
      'The email or password is not correct',
    );
  }
  if (error instanceof InvalidMfaCodeError) {
    return new HttpProblem(
      401,
      'invalid-mfa-code',
      'Wrong code',
      'The code from your authenticator app is not correct. Enter the code it shows now; codes change every 30 seconds.',
    );
  }
  if (error instanceof MfaSessionExpiredError) {
    return new HttpProblem(
      401,
      'mfa-session-expired',
      'Sign in again',
      'The sign-in took too long to finish. Enter your email and password again.',
    );
  }
  if (error instanceof AccountLockedError) {
    return refusedUntil(
      423,
      'account-locked',
      'Account locked',
      `Too many failed sign-ins. This account is locked until ${describeUntil(error.until, error.at)}. Try again then, or ask an admin to unlock it.`,
      error,
    );
  }
  if (error instanceof AddressPausedError) {
    return refusedUntil(
      429,
      'too-many-attempts',
      'Too many failed sign-ins from your network',
      `Sign-in from your network address is paused until ${describeUntil(error.until, error.at)} after many failed attempts.`,
      error,
    );
  }
  if (error instanceof PasswordChangeRequiredError) {
    return new HttpProblem(
      403,
      'password-change-required',
      'Choose your own password first',
      'This account still has the temporary password from its invitation. Activate it at /activate with that password and a new one of your choosing.',
    );
  }
  return undefined;
};
