import { describe, expect, it } from 'vitest';
import { type CognitoErrors, type Operation, SESSION_MS, withMfa } from '../../../infra/local/cognito-mfa.ts';

/** The local stand-in's additions over a fake cognito-local: one user, operations that record calls. */
class Refused extends Error {}
const errors: CognitoErrors = {
  NotAuthorizedError: class extends Refused {
    override name = 'NotAuthorizedException';
  },
  UserNotFoundError: class extends Refused {
    override name = 'UserNotFoundException';
  },
  InvalidParameterError: class extends Refused {
    override name = 'InvalidParameterException';
  },
};

const setup = () => {
  let clock = 0;
  const users: Record<string, Record<string, unknown>> = {
    'sub-1': { Username: 'sub-1', SoftwareTokenMfaConfiguration: { Verified: true }, UserMFASettingList: [] },
    'sub-2': { Username: 'sub-2' },
  };
  const refreshTokens: string[] = [];
  const pool = {
    getUserByUsername: async (_: unknown, name: string) =>
      users[name === 'ann@x.com' ? 'sub-1' : name === 'bob@x.com' ? 'sub-2' : name] ?? null,
    saveUser: async (_: unknown, user: Record<string, unknown>) => {
      users[String(user.Username)] = user;
    },
    storeRefreshToken: async (_: unknown, token: string) => {
      refreshTokens.push(token);
    },
  };
  const inner = new Map<string, Operation>([
    [
      'InitiateAuth',
      async () => ({
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        ChallengeParameters: { USER_ID_FOR_SRP: 'sub-1' },
        Session: `s${clock}`,
      }),
    ],
    [
      'RespondToAuthChallenge',
      async (_, req) => {
        if ((req.ChallengeResponses as Record<string, string>).SOFTWARE_TOKEN_MFA_CODE !== '123456')
          throw new Refused('CodeMismatchException');
        return { AuthenticationResult: { IdToken: 'id', AccessToken: 'a', RefreshToken: 'r' } };
      },
    ],
  ]);
  const router = withMfa(
    (target) => inner.get(target) ?? (async () => ({ unchanged: target })),
    {
      cognito: { getUserPool: async () => pool as never, getUserPoolForClientId: async () => pool as never },
    },
    errors,
    () => clock,
  );
  const respond = (session: unknown, code: string, username = 'ann@x.com') =>
    router('RespondToAuthChallenge')(undefined, {
      ClientId: 'c',
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: session,
      ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: code },
    });
  return { router, respond, users, refreshTokens, tick: (ms: number) => (clock += ms) };
};

describe('challenge sessions', () => {
  it('are valid for the user they were issued to, until answered or 3 minutes old; a wrong code keeps them', async () => {
    const { router, respond, refreshTokens, tick } = setup();
    const { Session } = await router('InitiateAuth')(undefined, {});
    await expect(respond('made-up', '123456')).rejects.toThrow(/session is expired/);
    await expect(respond(Session, '123456', 'bob@x.com')).rejects.toThrow(/Invalid session/);
    await expect(respond(Session, '000000')).rejects.toThrow('CodeMismatchException');
    expect((await respond(Session, '123456')).AuthenticationResult).toBeDefined();
    expect(refreshTokens).toEqual(['r']);
    await expect(respond(Session, '123456')).rejects.toThrow(/session is expired/);

    const late = (await router('InitiateAuth')(undefined, {})).Session;
    tick(SESSION_MS);
    await expect(respond(late, '123456')).rejects.toThrow(/session is expired/);
  });
});

describe('AdminSetUserMFAPreference', () => {
  it("turns a user's verified software token on or off, and refuses one never verified", async () => {
    const { router, users } = setup();
    const set = (Username: string, Enabled: boolean) =>
      router('AdminSetUserMFAPreference')(undefined, {
        UserPoolId: 'p',
        Username,
        SoftwareTokenMfaSettings: { Enabled, PreferredMfa: Enabled },
      });
    await set('sub-1', true);
    expect(users['sub-1']).toMatchObject({
      UserMFASettingList: ['SOFTWARE_TOKEN_MFA'],
      PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
    });
    await set('sub-1', false);
    expect(users['sub-1']).toMatchObject({ UserMFASettingList: [], PreferredMfaSetting: undefined });
    await expect(set('sub-2', true)).rejects.toThrow(/not verified/);
    await expect(set('nobody', false)).rejects.toThrow(/does not exist/);
    // Every other operation is cognito-local's own, prototype names included.
    expect(await router('constructor')(undefined, {})).toEqual({ unchanged: 'constructor' });
  });
});
