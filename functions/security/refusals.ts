/**
 * Why a sign-in was refused (functions/security/sign-in.ts). Typed errors: the HTTP edge
 * (functions/http/errors.ts) answers each with its problem (401, 423 or 429 with Retry-After, 403).
 * A module of its own, without dependencies, so the edge's mapping adds nothing to every bundle.
 */
export class SignInRefusedError extends Error {
  override name = 'SignInRefusedError';
}

/** A wrong password, an unknown or a disabled account: the same answer, so none of them is revealed. */
export class InvalidCredentialsError extends SignInRefusedError {
  override name = 'InvalidCredentialsError';
  constructor() {
    super('The email or password is not correct');
  }
}

/** Refused until `until` (ms since the epoch), as of `at`. */
abstract class LockedError extends SignInRefusedError {
  constructor(
    readonly until: number,
    readonly at: number,
    message: string,
  ) {
    super(message);
  }
}

/** The account is locked after too many failed sign-ins. */
export class AccountLockedError extends LockedError {
  override name = 'AccountLockedError';
  constructor(until: number, at: number) {
    super(until, at, `Account locked until ${new Date(until).toISOString()}`);
  }
}

/** The caller's network address is paused after too many failed sign-ins. */
export class AddressPausedError extends LockedError {
  override name = 'AddressPausedError';
  constructor(until: number, at: number) {
    super(until, at, `Sign-in from this address paused until ${new Date(until).toISOString()}`);
  }
}

/** The account still has its invitation's temporary password: it must be activated first. */
export class PasswordChangeRequiredError extends SignInRefusedError {
  override name = 'PasswordChangeRequiredError';
  constructor() {
    super('This account still has the temporary password from its invitation');
  }
}

/** A wrong (or reused) code from the authenticator app at the MFA step of a sign-in. */
export class InvalidMfaCodeError extends SignInRefusedError {
  override name = 'InvalidMfaCodeError';
  constructor() {
    super('The code from the authenticator app is not correct');
  }
}

/** The MFA step's session is unknown or expired (Cognito gives it 3 minutes): sign in again. */
export class MfaSessionExpiredError extends SignInRefusedError {
  override name = 'MfaSessionExpiredError';
  constructor() {
    super('The sign-in session expired');
  }
}
