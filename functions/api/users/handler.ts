import {
  ChallengeNameType,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Role } from '../../../domain/access/permissions.ts';
import { whoOf } from '../../../domain/audit/entries.ts';
import { type AccessChange, checkAccessChange } from '../../../domain/security/access-rules.ts';
import { sessionsOf } from '../../../domain/security/activity-sessions.ts';
import { accountLock } from '../../../domain/security/lockout.ts';
import type { DomainEvent } from '../../../events/catalog.ts';
import { cognito } from '../../adapters/clients.ts';
import { appendRecorded } from '../../adapters/event-store.ts';
import { systemStreams } from '../../application/aggregates.ts';
import { recordSensitiveRead } from '../../audit/access-log.ts';
import { searchEntries } from '../../audit/search.ts';
import { type Activity, readActivity } from '../../audit/store.ts';
import { toCsv } from '../../export/cells.ts';
import { httpHandler, implement, type Request } from '../../http/adapter.ts';
import { HttpProblem } from '../../http/problem.ts';
import type { RouteContract } from '../../http/route.ts';
import { config } from '../../runtime/config.ts';
import { readAccountStatus } from '../../security/lockout.ts';
import { resetMfa } from '../../security/mfa.ts';
import { attemptOf, guardedSignIn } from '../../security/sign-in.ts';
import * as api from './contract.ts';
import {
  createUser,
  type DirectoryUser,
  enabledOwners,
  getUser,
  listUsers,
  setEnabled,
  setRole,
} from './directory.ts';

const activityOf = (activity: Map<string, Activity>, user: DirectoryUser) =>
  activity.get(whoOf({ id: user.id, email: user.email }));

const dto = (user: DirectoryUser, seen?: Activity, lock?: { lockedUntil?: number; failures: number }) => ({
  id: user.id,
  email: user.email,
  role: user.role,
  enabled: user.enabled,
  status: user.status,
  mfa: user.mfa,
  createdAt: user.createdAt,
  modifiedAt: user.modifiedAt,
  ...(seen?.lastSignInAt ? { lastSignInAt: seen.lastSignInAt } : {}),
  ...(seen?.lastActiveAt ? { lastActiveAt: seen.lastActiveAt } : {}),
  ...(lock?.lockedUntil ? { lockedUntil: new Date(lock.lockedUntil).toISOString() } : {}),
  ...(lock ? { failedSignIns: lock.failures } : {}),
});

/** One user with their activity and lock state, as every write answers. */
const detail = async (id: string) => {
  const user = await getUser(id);
  const [activity, status] = await Promise.all([readActivity(), readAccountStatus(user.email)]);
  return dto(user, activityOf(activity, user), accountLock(status.facts, Date.now()));
};

/** Checks the change against the access rules, makes it in Cognito, and records the event. */
const change = async (
  request: Request<RouteContract>,
  id: string,
  what: AccessChange,
  apply: (user: DirectoryUser) => Promise<DomainEvent[]>,
) => {
  const user = await getUser(id);
  const needsOwners = user.role === 'owner';
  checkAccessChange(
    request.actor!,
    { ...user, userId: user.id },
    what,
    needsOwners ? await enabledOwners() : 2,
  );
  const events = await apply(user);
  if (events.length > 0) {
    await appendRecorded(systemStreams.user(user.email), events, {
      actor: request.actor!,
      correlationId: request.correlationId,
    });
  }
  return { body: await detail(id) };
};

const target = (user: DirectoryUser) => ({ userId: user.id, email: user.email });

const daysSince = (iso: string | undefined) =>
  iso ? Math.floor((Date.now() - Date.parse(iso)) / 86_400_000) : null;

export const handler = httpHandler('users', [
  implement(api.listUsers, async () => {
    const [users, activity] = await Promise.all([listUsers(), readActivity()]);
    return { body: { items: users.map((u) => dto(u, activityOf(activity, u))) } };
  }),
  implement(api.getUser, async ({ params }) => ({ body: await detail(params.id) })),
  implement(api.inviteUser, async ({ body, actor, correlationId }) => {
    checkAccessChange(actor, undefined, { kind: 'invite', role: body.role }, 2);
    const created = await createUser(body.email);
    await setRole(created, body.role);
    await appendRecorded(
      systemStreams.user(body.email),
      [{ type: 'UserInvited', data: { ...target(created), role: body.role } }],
      { actor, correlationId },
    );
    return { status: 201, body: await detail(created.id) };
  }),
  implement(api.assignRole, (request) =>
    change(request, request.params.id, { kind: 'assign', role: request.body.role as Role }, async (user) => {
      if (user.role === request.body.role && user.groups.length === 1) return [];
      await setRole(user, request.body.role);
      return [
        {
          type: 'RoleAssigned',
          data: { ...target(user), role: request.body.role, previousRole: user.role },
        },
      ];
    }),
  ),
  implement(api.revokeRole, (request) =>
    change(request, request.params.id, { kind: 'revoke' }, async (user) => {
      if (!user.role) return [];
      await setRole(user, null);
      return [{ type: 'RoleRevoked', data: { ...target(user), role: user.role } }];
    }),
  ),
  implement(api.disableUser, (request) =>
    change(request, request.params.id, { kind: 'disable' }, async (user) => {
      if (!user.enabled) return [];
      await setEnabled(user, false);
      return [{ type: 'UserDisabled', data: { ...target(user), reason: request.body.reason } }];
    }),
  ),
  implement(api.enableUser, (request) =>
    change(request, request.params.id, { kind: 'enable' }, async (user) => {
      if (user.enabled) return [];
      await setEnabled(user, true);
      return [{ type: 'UserEnabled', data: target(user) }];
    }),
  ),
  implement(api.unlockUser, (request) =>
    change(request, request.params.id, { kind: 'unlock' }, async (user) => [
      { type: 'AccountUnlocked', data: target(user) },
    ]),
  ),
  implement(api.resetMfa, (request) =>
    change(request, request.params.id, { kind: 'reset-mfa' }, async (user) => {
      if (!user.mfa) return [];
      await resetMfa(user.id);
      return [{ type: 'MfaReset', data: { ...target(user), reason: request.body.reason } }];
    }),
  ),
  implement(api.userActivity, async ({ params, query, actor, correlationId }) => {
    const user = await detail(params.id);
    const [mine, aboutAccount] = await Promise.all([
      searchEntries({ who: user.email, limit: query.limit }),
      searchEntries({ record: systemStreams.user(user.email), limit: query.limit }),
    ]);
    const timeline = [...new Map([...mine.items, ...aboutAccount.items].map((e) => [e.seq, e])).values()]
      .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt) || b.seq - a.seq)
      .slice(0, query.limit);
    const sessions = sessionsOf(
      mine.items.map((e) => ({
        eventId: e.eventId,
        eventType: e.eventType,
        occurredAt: e.occurredAt,
        ip: e.actor.ip,
        userAgent: e.actor.userAgent,
        summary: e.summary,
      })),
    );
    await recordSensitiveRead(actor, correlationId, {
      resource: 'user-activity',
      action: 'viewed',
      detail: `activity of ${user.email}`,
      count: timeline.length,
    });
    return { body: { user, sessions, timeline } };
  }),
  implement(api.accessReview, async ({ query, actor, correlationId }) => {
    const [users, activity] = await Promise.all([listUsers({ withMfa: true }), readActivity()]);
    const rows = users.map((u) => {
      const seen = activityOf(activity, u);
      return {
        email: u.email,
        role: u.role,
        enabled: u.enabled,
        status: u.status,
        mfa: u.mfa,
        createdAt: u.createdAt,
        lastSignInAt: seen?.lastSignInAt,
        lastActiveAt: seen?.lastActiveAt,
        daysSinceActive: daysSince(seen?.lastActiveAt),
      };
    });
    await recordSensitiveRead(actor, correlationId, {
      resource: 'access-review',
      action: 'exported',
      detail: 'roles, MFA and last activity of every account',
      format: query.format,
      count: rows.length,
    });
    const generatedAt = new Date().toISOString();
    const headers = {
      'content-type': query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
      'content-disposition': `attachment; filename="access-review-${generatedAt.slice(0, 10)}.${query.format}"`,
      'cache-control': 'no-store',
    };
    if (query.format === 'json') {
      return {
        body: { generatedAt, generatedBy: actor.email ?? actor.id, rows },
        headers,
      };
    }
    const columns = [
      'email',
      'role',
      'enabled',
      'status',
      'mfa',
      'createdAt',
      'lastSignInAt',
      'lastActiveAt',
      'daysSinceActive',
    ] as const;
    return {
      body: toCsv(
        columns,
        rows.map((r) => columns.map((c) => r[c])),
      ),
      headers,
    };
  }),
  implement(api.activateAccount, async ({ body, event, correlationId }) => {
    const attempt = attemptOf(event, body.email, correlationId);
    const reply = await guardedSignIn(attempt, async () => {
      const first = await cognito().send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: config.userPoolClientId,
          AuthParameters: { USERNAME: attempt.email, PASSWORD: body.temporaryPassword },
        }),
      );
      if (first.ChallengeName !== ChallengeNameType.NEW_PASSWORD_REQUIRED) {
        throw new HttpProblem(
          409,
          'already-active',
          'Already activated',
          'This account already has its own password; sign in instead',
        );
      }
      try {
        return await cognito().send(
          new RespondToAuthChallengeCommand({
            ClientId: config.userPoolClientId,
            ChallengeName: ChallengeNameType.NEW_PASSWORD_REQUIRED,
            Session: first.Session,
            ChallengeResponses: { USERNAME: attempt.email, NEW_PASSWORD: body.newPassword },
          }),
        );
      } catch (error) {
        // The temporary password was right; the new one breaks the pool's password policy.
        if (
          (error as Error).name === 'InvalidPasswordException' ||
          (error as Error).name === 'InvalidParameterException'
        ) {
          throw new HttpProblem(400, 'weak-password', 'Choose a stronger password', (error as Error).message);
        }
        throw error;
      }
    });
    await appendRecorded(
      systemStreams.user(attempt.email),
      [{ type: 'UserActivated', data: { email: attempt.email } }],
      {
        actor: {
          id: attempt.email,
          email: attempt.email,
          role: 'anonymous',
          ip: attempt.ip,
          userAgent: attempt.userAgent,
        },
        correlationId,
      },
    );
    // An account that asks for a code (a pool with MFA required) has its password now; the code is
    // the sign-in's to ask for.
    if ('challenge' in reply) {
      throw new HttpProblem(
        409,
        'sign-in-with-code',
        'Password set',
        'Your password is set. Sign in with it and the code from your authenticator app.',
      );
    }
    return { body: reply };
  }),
]);
