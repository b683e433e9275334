import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUserGlobalSignOutCommand,
  type AttributeType,
  ListUsersCommand,
  ListUsersInGroupCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { effectiveRole, isRole, ROLES, type Role } from '../../../domain/access/permissions.ts';
import { cognito } from '../../adapters/clients.ts';
import { HttpProblem, notFound } from '../../http/problem.ts';
import { config } from '../../runtime/config.ts';
import { mfaOf } from '../../security/mfa.ts';

/**
 * The staff directory in Cognito, through its admin APIs. Users are addressed by their Cognito
 * username, which in a pool whose usernames are emails is the `sub`: AdminListGroupsForUser with the
 * email alias finds no groups in cognito-local (AWS accepts either), so every call uses the username.
 * A person holds at most one role group; the console assigns and revokes by replacing it.
 */
export interface DirectoryUser {
  id: string;
  email: string;
  role: Role | null;
  groups: string[];
  enabled: boolean;
  status: string;
  mfa: boolean;
  createdAt: string;
  modifiedAt: string;
}

const attribute = (attributes: AttributeType[] | undefined, name: string) =>
  attributes?.find((a) => a.Name === name)?.Value;

const iso = (date: Date | string | undefined) => (date ? new Date(date).toISOString() : '');

const toUser = (
  user: Pick<UserType, 'Username' | 'Enabled' | 'UserStatus' | 'UserCreateDate' | 'UserLastModifiedDate'> & {
    Attributes?: AttributeType[];
  },
  groups: string[],
  mfa = false,
): DirectoryUser => ({
  id: user.Username ?? '',
  email: (attribute(user.Attributes, 'email') ?? user.Username ?? '').toLowerCase(),
  role: effectiveRole(groups) ?? null,
  groups,
  enabled: user.Enabled ?? true,
  status: user.UserStatus ?? 'UNKNOWN',
  mfa,
  createdAt: iso(user.UserCreateDate),
  modifiedAt: iso(user.UserLastModifiedDate ?? user.UserCreateDate),
});

const pool = () => config.userPoolId;

const missingUser = (error: unknown, id: string) => {
  if ((error as Error).name === 'UserNotFoundException') throw notFound(`User ${id}`);
  throw error;
};

/** Role membership of everyone: one ListUsersInGroup per role rather than one call per user. */
const membership = async (): Promise<Map<string, string[]>> => {
  const byUser = new Map<string, string[]>();
  for (const role of ROLES) {
    let NextToken: string | undefined;
    do {
      const page = await cognito().send(
        new ListUsersInGroupCommand({ UserPoolId: pool(), GroupName: role, NextToken }),
      );
      for (const user of page.Users ?? []) {
        const name = user.Username ?? '';
        byUser.set(name, [...(byUser.get(name) ?? []), role]);
      }
      NextToken = page.NextToken;
    } while (NextToken);
  }
  return byUser;
};

export const listUsers = async (options: { withMfa?: boolean } = {}): Promise<DirectoryUser[]> => {
  const groups = await membership();
  const users: DirectoryUser[] = [];
  let PaginationToken: string | undefined;
  do {
    const page = await cognito().send(new ListUsersCommand({ UserPoolId: pool(), PaginationToken }));
    for (const user of page.Users ?? []) users.push(toUser(user, groups.get(user.Username ?? '') ?? []));
    PaginationToken = page.PaginationToken;
  } while (PaginationToken);
  if (options.withMfa) {
    // MFA settings come only from AdminGetUser; a small staff pool makes this affordable.
    for (let i = 0; i < users.length; i += 5) {
      await Promise.all(
        users.slice(i, i + 5).map(async (user) => {
          const detail = await cognito().send(
            new AdminGetUserCommand({ UserPoolId: pool(), Username: user.id }),
          );
          user.mfa = mfaOf(detail);
        }),
      );
    }
  }
  return users.sort((a, b) => a.email.localeCompare(b.email));
};

export const getUser = async (id: string): Promise<DirectoryUser> => {
  try {
    const [detail, groups] = await Promise.all([
      cognito().send(new AdminGetUserCommand({ UserPoolId: pool(), Username: id })),
      cognito().send(new AdminListGroupsForUserCommand({ UserPoolId: pool(), Username: id })),
    ]);
    // A user has a username; cognito-local answers ids such as `constructor` with a member of its own
    // user map's prototype, which must read as the unknown user it is, not as an empty account.
    if (!detail.Username) throw notFound(`User ${id}`);
    return toUser(
      { ...detail, Attributes: detail.UserAttributes },
      (groups.Groups ?? []).map((g) => g.GroupName ?? '').filter(isRole),
      mfaOf(detail),
    );
  } catch (error) {
    return missingUser(error, id);
  }
};

export const enabledOwners = async (): Promise<number> => {
  const page = await cognito().send(new ListUsersInGroupCommand({ UserPoolId: pool(), GroupName: 'owner' }));
  return (page.Users ?? []).filter((u) => u.Enabled !== false).length;
};

/** Creates the account; Cognito emails the temporary password (cognito-local prints it). */
export const createUser = async (email: string): Promise<DirectoryUser> => {
  try {
    const created = await cognito().send(
      new AdminCreateUserCommand({
        UserPoolId: pool(),
        Username: email,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    );
    return toUser(created.User ?? {}, []);
  } catch (error) {
    if ((error as Error).name === 'UsernameExistsException') {
      throw new HttpProblem(409, 'user-exists', 'Already a user', `${email} already has an account`);
    }
    throw error;
  }
};

/** Makes `role` the user's only role group (or none). */
export const setRole = async (user: DirectoryUser, role: Role | null): Promise<void> => {
  if (role && !user.groups.includes(role)) {
    await cognito().send(
      new AdminAddUserToGroupCommand({ UserPoolId: pool(), Username: user.id, GroupName: role }),
    );
  }
  for (const group of user.groups.filter((g) => g !== role && isRole(g))) {
    await cognito().send(
      new AdminRemoveUserFromGroupCommand({ UserPoolId: pool(), Username: user.id, GroupName: group }),
    );
  }
};

export const setEnabled = async (
  user: DirectoryUser,
  enabled: boolean,
): Promise<{ sessionsRevoked: boolean }> => {
  await cognito().send(
    enabled
      ? new AdminEnableUserCommand({ UserPoolId: pool(), Username: user.id })
      : new AdminDisableUserCommand({ UserPoolId: pool(), Username: user.id }),
  );
  if (enabled) return { sessionsRevoked: false };
  // Revokes refresh tokens (AWS). cognito-local has no AdminUserGlobalSignOut; the sign-in handler
  // refuses disabled accounts itself, and ID tokens already issued live out their hour either way.
  try {
    await cognito().send(new AdminUserGlobalSignOutCommand({ UserPoolId: pool(), Username: user.id }));
    return { sessionsRevoked: true };
  } catch {
    return { sessionsRevoked: false };
  }
};
