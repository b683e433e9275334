/**
 * Typed failures of application, persistence and job code. They say what went wrong, not how HTTP
 * shows it: the HTTP edge (functions/http/errors.ts, `toProblem`) maps each to its problem response,
 * and code run by other triggers (queues, schedules, state machines) sees ordinary errors.
 *
 * The event store's ConcurrencyError and CommitTooLargeError (functions/adapters/event-store.ts), the
 * idempotency errors (functions/http/idempotency.ts), the sign-in refusals (functions/security/
 * refusals.ts) and DomainError (domain/shared/decider.ts) are mapped at the edge the same way.
 */

/** The caller decided on a version of a record that is no longer its current one (If-Match). */
export class StaleVersionError extends Error {
  override name = 'StaleVersionError';
  constructor(readonly currentVersion: number) {
    super(`Stale version; the current version is ${currentVersion}`);
  }
}

/** Input that passed its schema but cannot be used as given; `detail` tells the caller what to change. */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
  constructor(readonly detail: string) {
    super(detail);
  }
}

/** A list or search cursor that this list did not issue (or that was tampered with). */
export class InvalidCursorError extends InvalidInputError {
  override name = 'InvalidCursorError';
  constructor(what: 'list' | 'search') {
    super(`The cursor is not valid for this ${what}; start again without it`);
  }
}

/** A request that would read more than its bound; `detail` tells the caller how to narrow it. */
export class TooManyMatchesError extends InvalidInputError {
  override name = 'TooManyMatchesError';
}

/**
 * For a query's `.catch`: DynamoDB refusing a starting key that came from the caller's cursor (not the
 * index's, outside the range) is the caller's mistake, a cursor this list did not issue; anything else
 * passes through.
 */
export const refusedCursor =
  (what: 'list' | 'search', fromCursor: boolean) =>
  (error: unknown): never => {
    if (fromCursor && (error as Error).name === 'ValidationException') throw new InvalidCursorError(what);
    throw error;
  };

/** A URL the platform will not call for a person: not http(s), or resolving inside the network (SSRF). */
export class OutboundRefusedError extends InvalidInputError {
  override name = 'OutboundRefusedError';
}

/** A third party's API refused or failed a call the platform made; `status` is what it answered. */
export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * The report engine did not answer a query: Athena ended it FAILED or CANCELLED (`state`, with its
 * reason), or it ran past the deadline (`timeout`). Not the caller's definition (that is checked before).
 */
export class ReportQueryError extends Error {
  override name = 'ReportQueryError';
  constructor(
    readonly state: 'FAILED' | 'CANCELLED' | 'timeout',
    reason: string,
  ) {
    super(reason);
  }
}
