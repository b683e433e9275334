import * as z from 'zod';
import { defineEvent } from '../define.ts';

export const SignInSucceeded = defineEvent({
  type: 'SignInSucceeded',
  context: 'access',
  summary: 'A user signed in',
  schema: z.object({ email: z.string(), role: z.string() }),
});

export const SignInFailed = defineEvent({
  type: 'SignInFailed',
  context: 'access',
  summary: 'A sign-in attempt failed',
  schema: z.object({
    email: z.string(),
    reason: z.string(),
    /**
     * Consecutive counted failures of the account after this attempt and the lockout they imposed, so
     * the latest attempt alone tells the sign-in handler the account's lock state (optional: attempts
     * recorded before lockouts existed have neither).
     */
    failures: z.number().int().optional(),
    lockedUntil: z.string().optional(),
  }),
});

/*
 * Access changes and sensitive reads (owned by the security and audit feature, functions/api/users and
 * functions/audit). Streams: `user-<email>` holds what admins did to an account (invite, roles, disable,
 * unlock, MFA reset) and the person's own MFA enrolment; `account-<email>` holds sign-in attempts and
 * lockouts; `access-<email>` holds sensitive reads.
 */
const Target = { userId: z.string(), email: z.string() };

export const UserInvited = defineEvent({
  type: 'UserInvited',
  context: 'access',
  summary: 'An admin invited a user to the console',
  schema: z.object({ ...Target, role: z.string() }),
});

export const UserActivated = defineEvent({
  type: 'UserActivated',
  context: 'access',
  summary: 'An invited user set their own password and activated their account',
  schema: z.object({ email: z.string() }),
});

export const RoleAssigned = defineEvent({
  type: 'RoleAssigned',
  context: 'access',
  summary: "An admin changed a user's role",
  schema: z.object({ ...Target, role: z.string(), previousRole: z.string().nullable() }),
});

export const RoleRevoked = defineEvent({
  type: 'RoleRevoked',
  context: 'access',
  summary: "An admin revoked a user's role",
  schema: z.object({ ...Target, role: z.string() }),
});

export const UserDisabled = defineEvent({
  type: 'UserDisabled',
  context: 'access',
  summary: 'An admin disabled an account',
  schema: z.object({ ...Target, reason: z.string() }),
});

export const UserEnabled = defineEvent({
  type: 'UserEnabled',
  context: 'access',
  summary: 'An admin re-enabled an account',
  schema: z.object({ ...Target }),
});

export const AccountLocked = defineEvent({
  type: 'AccountLocked',
  context: 'access',
  summary: 'Repeated failed sign-ins locked an account for a while',
  schema: z.object({ email: z.string(), until: z.string(), failures: z.number().int() }),
});

export const AccountUnlocked = defineEvent({
  type: 'AccountUnlocked',
  context: 'access',
  summary: 'An admin lifted a sign-in lockout',
  schema: z.object({ ...Target }),
});

/** Appended by the person themselves (actor = them) once their authenticator app's first code verified. */
export const MfaEnabled = defineEvent({
  type: 'MfaEnabled',
  context: 'access',
  summary: 'A user turned on MFA with an authenticator app',
  schema: z.object({ email: z.string() }),
});

export const MfaReset = defineEvent({
  type: 'MfaReset',
  context: 'access',
  summary: "An admin turned off a user's MFA so they can enrol again (a lost or replaced phone)",
  schema: z.object({ ...Target, reason: z.string() }),
});

export const SensitiveDataAccessed = defineEvent({
  type: 'SensitiveDataAccessed',
  context: 'access',
  summary: 'Someone read or exported sensitive data (audit log, access review, credentials, exports)',
  schema: z.object({
    /** What was read: `audit-log`, `audit-export`, `evidence-pack`, `access-review`, `user-activity`, … */
    resource: z.string(),
    /** `query`, `export`, `view`, `verify`. */
    action: z.string(),
    /** The filters or record the read named, in words. */
    detail: z.string(),
    format: z.string().optional(),
    count: z.number().int().optional(),
  }),
});
