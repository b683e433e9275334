import * as z from 'zod';
import { ROLES } from '../../../domain/access/permissions.ts';
import { Text } from '../../http/inputs.ts';
import { defineRoute } from '../../http/route.ts';
import { AuditEntry } from '../audit/contract.ts';
import { Tokens } from '../auth/contract.ts';
import { Email, IdParams } from '../schemas.ts';

const tag = 'Users';

export const Role = z.enum(ROLES).meta({ id: 'Role' });

export const User = z
  .object({
    id: z.string().meta({ description: 'Cognito username (the sub)' }),
    email: z.string(),
    role: Role.nullable(),
    enabled: z.boolean(),
    status: z.string().meta({ description: "Cognito's status: CONFIRMED, FORCE_CHANGE_PASSWORD, …" }),
    mfa: z.boolean(),
    createdAt: z.string(),
    modifiedAt: z.string(),
    lastSignInAt: z.string().optional(),
    lastActiveAt: z.string().optional(),
    lockedUntil: z.string().optional().meta({ description: 'Present while sign-in is locked' }),
    failedSignIns: z.number().int().optional(),
  })
  .meta({ id: 'User' });

export const listUsers = defineRoute({
  method: 'GET',
  path: '/api/users',
  permission: 'users:read',
  summary: 'Everyone with a console account, their role, status and last activity',
  tag,
  response: z.object({ items: z.array(User) }).meta({ id: 'Users' }),
});

export const getUser = defineRoute({
  method: 'GET',
  path: '/api/users/{id}',
  permission: 'users:read',
  summary: 'One account, with its MFA and lockout state',
  tag,
  params: IdParams,
  response: User,
});

export const inviteUser = defineRoute({
  method: 'POST',
  path: '/api/users',
  permission: 'users:manage',
  summary: 'Invite someone: Cognito emails them a temporary password; they activate with a new one',
  tag,
  status: 201,
  body: z.object({ email: Email, role: Role }).strict().meta({ id: 'InviteUser' }),
  response: User,
});

export const assignRole = defineRoute({
  method: 'PUT',
  path: '/api/users/{id}/role',
  permission: 'users:manage',
  summary: 'Give a user a role, replacing the one they had (you cannot grant above your own role)',
  tag,
  params: IdParams,
  body: z.object({ role: Role }).strict().meta({ id: 'AssignRole' }),
  response: User,
});

export const revokeRole = defineRoute({
  method: 'DELETE',
  path: '/api/users/{id}/role',
  permission: 'users:manage',
  summary: "Revoke a user's role: they can still sign in but reach nothing",
  tag,
  params: IdParams,
  response: User,
});

export const disableUser = defineRoute({
  method: 'POST',
  path: '/api/users/{id}/disable',
  permission: 'users:manage',
  summary: 'Disable an account: no more sign-ins; refresh tokens are revoked where Cognito supports it',
  tag,
  params: IdParams,
  body: z
    .object({ reason: Text(500) })
    .strict()
    .meta({ id: 'DisableUser' }),
  response: User,
});

export const enableUser = defineRoute({
  method: 'POST',
  path: '/api/users/{id}/enable',
  permission: 'users:manage',
  summary: 'Re-enable a disabled account',
  tag,
  params: IdParams,
  response: User,
});

export const unlockUser = defineRoute({
  method: 'POST',
  path: '/api/users/{id}/unlock',
  permission: 'users:manage',
  summary: 'Lift a sign-in lockout and reset the failure count',
  tag,
  params: IdParams,
  response: User,
});

export const resetMfa = defineRoute({
  method: 'POST',
  path: '/api/users/{id}/mfa/reset',
  permission: 'users:manage',
  summary:
    "Turn off someone's MFA (a lost or replaced phone): they sign in with their password and enrol again",
  tag,
  params: IdParams,
  body: z
    .object({ reason: z.string().trim().min(1).max(500) })
    .strict()
    .meta({ id: 'ResetMfa' }),
  response: User,
});

export const Session = z
  .object({
    startedAt: z.string(),
    lastActivityAt: z.string(),
    ip: z.string().optional(),
    userAgent: z.string().optional(),
    actions: z.number().int(),
    signInEventId: z.string(),
  })
  .meta({ id: 'Session' });

export const userActivity = defineRoute({
  method: 'GET',
  path: '/api/users/{id}/activity',
  permission: 'audit:read',
  summary: "A person's activity timeline (what they did and what was done to their account) and sessions",
  tag,
  params: IdParams,
  query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(200) }).strict(),
  response: z
    .object({ user: User, sessions: z.array(Session), timeline: z.array(AuditEntry) })
    .meta({ id: 'UserActivity' }),
});

export const AccessReviewRow = z
  .object({
    email: z.string(),
    role: Role.nullable(),
    enabled: z.boolean(),
    status: z.string(),
    mfa: z.boolean(),
    createdAt: z.string(),
    lastSignInAt: z.string().optional(),
    lastActiveAt: z.string().optional(),
    daysSinceActive: z.number().int().nullable(),
  })
  .meta({ id: 'AccessReviewRow' });

export const accessReview = defineRoute({
  method: 'GET',
  path: '/api/access-review',
  permission: 'users:read',
  summary: 'Access review: who holds which role, MFA and when they were last active (JSON or CSV; recorded)',
  tag,
  query: z.object({ format: z.enum(['json', 'csv']).default('json') }).strict(),
  response: z
    .object({
      generatedAt: z.string(),
      generatedBy: z.string().meta({ description: 'Who asked for it: their email' }),
      rows: z.array(
        User.pick({ email: true, role: true, enabled: true, status: true, mfa: true, createdAt: true })
          .extend({
            lastSignInAt: z.string().optional(),
            lastActiveAt: z.string().optional(),
            daysSinceActive: z.number().int().nullable().meta({ description: 'Null when never active' }),
          })
          .meta({ id: 'AccessReviewRow' }),
      ),
    })
    .meta({ id: 'AccessReview' }),
  alternatives: { 'text/csv; charset=utf-8': z.string().meta({ description: 'The same rows as CSV' }) },
});

export const activateAccount = defineRoute({
  method: 'POST',
  path: '/api/users/activate',
  permission: 'public',
  summary: 'Activate an invited account: the temporary password from the invitation and a new password',
  tag,
  body: z
    .object({
      email: z.string().trim().toLowerCase().max(254),
      temporaryPassword: z.string().min(1).max(256),
      newPassword: z.string().min(12).max(256),
    })
    .strict()
    .meta({ id: 'ActivateAccount' }),
  response: Tokens,
  // Guarded as a sign-in (wrong password, locked account, paused address); already active is a 409.
  problems: [401, 409, 423, 429],
});

export const userRoutes = [
  listUsers,
  getUser,
  inviteUser,
  assignRole,
  revokeRole,
  disableUser,
  enableUser,
  unlockUser,
  resetMfa,
  userActivity,
  accessReview,
  activateAccount,
];
