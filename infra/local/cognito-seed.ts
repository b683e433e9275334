import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  SetUserPoolMfaConfigCommand,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { ROLES } from '../../domain/access/permissions.ts';

export const POOL_NAME = 'firefly-local';
export const CLIENT_NAME = 'firefly-console';
/** Local only: the demo accounts' password unless DEMO_PASSWORD says otherwise. Never used in AWS. */
export { DEFAULT_DEMO_PASSWORD } from './settings.ts';

export const demoUsers = ROLES.map((role) => ({ email: `${role}@firefly.example`, role }));

export interface PoolIds {
  userPoolId: string;
  userPoolClientId: string;
}

/**
 * Finds or creates the local user pool (with optional authenticator-app MFA), its console client, the
 * role groups and one demo user per role.
 */
export const ensureUserPool = async (
  client: CognitoIdentityProviderClient,
  password: string,
): Promise<PoolIds> => {
  const pools = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let userPoolId = pools.UserPools?.find((p) => p.Name === POOL_NAME)?.Id;
  if (!userPoolId) {
    const created = await client.send(
      new CreateUserPoolCommand({
        PoolName: POOL_NAME,
        UsernameAttributes: ['email'],
        Policies: {
          PasswordPolicy: {
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          },
        },
      }),
    );
    userPoolId = created.UserPool!.Id!;
  }
  // As the CDK app's pool (infra/aws/constructs/auth.ts): MFA optional, by authenticator app only. Set
  // on every start so pools made before MFA existed get it too.
  await client.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: userPoolId,
      MfaConfiguration: 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    }),
  );
  const clients = await client.send(
    new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }),
  );
  let userPoolClientId = clients.UserPoolClients?.find((c) => c.ClientName === CLIENT_NAME)?.ClientId;
  if (!userPoolClientId) {
    const created = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: CLIENT_NAME,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    userPoolClientId = created.UserPoolClient!.ClientId!;
  }
  for (const role of ROLES) {
    await client
      .send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: role }))
      .catch((error: Error) => {
        if (error.name !== 'GroupExistsException') throw error;
      });
  }
  for (const user of demoUsers) {
    try {
      await client.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: user.email,
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: user.email },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      );
    } catch (error) {
      if (!(error instanceof UsernameExistsException) && (error as Error).name !== 'UsernameExistsException')
        throw error;
    }
    // Membership and password are set on every start: both are idempotent, a changed DEMO_PASSWORD
    // takes effect, and a store cut short by a crash is repaired.
    await client.send(
      new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: user.email, GroupName: user.role }),
    );
    await client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId,
        Username: user.email,
        Password: password,
        Permanent: true,
      }),
    );
  }
  return { userPoolId, userPoolClientId };
};
