/**
 * What cognito-local 5 lacks of Cognito's software-token MFA, added in front of its own operations so
 * the functions make the same SDK calls locally as in AWS. cognito-local itself associates and verifies
 * software tokens (real TOTP, via otplib), keeps the secret and the MFA settings with the user in its
 * store under the local data directory, and asks for a code at sign-in once a user has MFA. Missing:
 * - AdminSetUserMFAPreference (an admin's MFA reset): implemented here on cognito-local's user store,
 *   with SetUserMFAPreference's rules.
 * - Challenge sessions: cognito-local accepts any Session in RespondToAuthChallenge, so a code alone
 *   would pass the password step. Here a session is valid only for the user it was issued to, for
 *   3 minutes (as in AWS), and is spent once the challenge is answered; a wrong code leaves it usable.
 * - Refresh tokens issued by RespondToAuthChallenge: cognito-local does not store them, so REFRESH_TOKEN_AUTH
 *   refused them. Stored here, as InitiateAuth stores its own.
 */
export type Operation = (ctx: unknown, req: Record<string, unknown>) => Promise<Record<string, unknown>>;
export type Router = (target: string) => Operation;

interface PoolUser {
  Username: string;
  SoftwareTokenMfaConfiguration?: { Verified?: boolean };
  UserMFASettingList?: string[];
  PreferredMfaSetting?: string;
}

interface UserPool {
  getUserByUsername: (ctx: unknown, username: string) => Promise<PoolUser | null>;
  saveUser: (ctx: unknown, user: PoolUser) => Promise<void>;
  storeRefreshToken: (ctx: unknown, token: string, user: PoolUser) => Promise<void>;
}

export interface MfaServices {
  cognito: {
    getUserPool: (ctx: unknown, id: string) => Promise<UserPool>;
    getUserPoolForClientId: (ctx: unknown, clientId: string) => Promise<UserPool>;
  };
}

/** cognito-local's error classes (lib/errors): its server answers each with its Cognito `__type`. */
export interface CognitoErrors {
  NotAuthorizedError: new (message?: string) => Error;
  UserNotFoundError: new (message?: string) => Error;
  InvalidParameterError: new (message?: string) => Error;
}

export const SESSION_MS = 3 * 60_000;
const SOFTWARE_TOKEN = 'SOFTWARE_TOKEN_MFA';

export const withMfa = (
  router: Router,
  services: MfaServices,
  errors: CognitoErrors,
  now: () => number = Date.now,
): Router => {
  const sessions = new Map<string, { username: string; expires: number }>();
  const issue = (session: unknown, username: unknown) => {
    const at = now();
    for (const [id, s] of sessions) if (s.expires <= at) sessions.delete(id);
    if (typeof session === 'string' && typeof username === 'string')
      sessions.set(session, { username, expires: at + SESSION_MS });
  };

  const initiateAuth: Operation = async (ctx, req) => {
    const res = await router('InitiateAuth')(ctx, req);
    if (res.ChallengeName) {
      issue(res.Session, (res.ChallengeParameters as Record<string, unknown> | undefined)?.USER_ID_FOR_SRP);
    }
    return res;
  };

  const respondToAuthChallenge: Operation = async (ctx, req) => {
    const session = typeof req.Session === 'string' ? sessions.get(req.Session) : undefined;
    if (!session || session.expires <= now()) {
      if (typeof req.Session === 'string') sessions.delete(req.Session);
      throw new errors.NotAuthorizedError('Invalid session for the user, session is expired.');
    }
    const pool = await services.cognito.getUserPoolForClientId(ctx, String(req.ClientId));
    const named = (req.ChallengeResponses as Record<string, unknown> | undefined)?.USERNAME;
    const user = typeof named === 'string' ? await pool.getUserByUsername(ctx, named) : null;
    if (user?.Username !== session.username)
      throw new errors.NotAuthorizedError('Invalid session for the user.');
    const res = await router('RespondToAuthChallenge')(ctx, req);
    sessions.delete(req.Session as string);
    const result = res.AuthenticationResult as Record<string, unknown> | undefined;
    if (typeof result?.RefreshToken === 'string') {
      // Read again: answering the challenge saved the user (a new password, for one).
      const answered = await pool.getUserByUsername(ctx, session.username);
      if (answered) await pool.storeRefreshToken(ctx, result.RefreshToken, answered);
    } else if (res.ChallengeName) {
      issue(res.Session, session.username);
    }
    return res;
  };

  const adminSetUserMFAPreference: Operation = async (ctx, req) => {
    const pool = await services.cognito.getUserPool(ctx, String(req.UserPoolId));
    const user = await pool.getUserByUsername(ctx, String(req.Username ?? ''));
    if (!user?.Username) throw new errors.UserNotFoundError('User does not exist.');
    if (req.SMSMfaSettings) throw new errors.InvalidParameterError('SMS MFA is not configured for this pool');
    const software = req.SoftwareTokenMfaSettings as
      | { Enabled?: boolean; PreferredMfa?: boolean }
      | undefined;
    if (software?.Enabled && !user.SoftwareTokenMfaConfiguration?.Verified) {
      throw new errors.InvalidParameterError('User has not verified software token mfa');
    }
    const methods = new Set(user.UserMFASettingList ?? []);
    if (software?.Enabled) methods.add(SOFTWARE_TOKEN);
    else if (software) methods.delete(SOFTWARE_TOKEN);
    const preferred = software?.PreferredMfa && methods.has(SOFTWARE_TOKEN) ? SOFTWARE_TOKEN : undefined;
    await pool.saveUser(ctx, {
      ...user,
      UserMFASettingList: [...methods],
      PreferredMfaSetting: preferred,
    });
    return {};
  };

  const added: Record<string, Operation> = {
    InitiateAuth: initiateAuth,
    RespondToAuthChallenge: respondToAuthChallenge,
    AdminSetUserMFAPreference: adminSetUserMFAPreference,
  };
  return (target) => (Object.hasOwn(added, target) ? added[target]! : router(target));
};
