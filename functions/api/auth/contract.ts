import * as z from 'zod';
import { PERMISSIONS, ROLES } from '../../../domain/access/permissions.ts';
import { defineRoute } from '../../http/route.ts';

const tag = 'Authentication';

export const Tokens = z
  .object({
    idToken: z.string(),
    accessToken: z.string(),
    refreshToken: z.string().optional(),
    expiresIn: z.number().int().meta({ description: 'Seconds until the tokens expire' }),
  })
  .meta({ id: 'Tokens' });

export const MfaChallenge = z
  .object({
    challenge: z.literal('SOFTWARE_TOKEN_MFA'),
    session: z.string().meta({ description: 'Send it back with the code; valid for 3 minutes' }),
  })
  .meta({
    id: 'MfaChallenge',
    description:
      'The password was right; this account has MFA: answer with the code from its authenticator app',
  });

const SignInEmail = z.string().trim().toLowerCase().max(254);
const MfaCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'The code is the 6 digits your authenticator app shows');

export const signIn = defineRoute({
  method: 'POST',
  path: '/api/auth/sign-in',
  permission: 'public',
  summary: 'Sign in with email and password; every attempt is recorded. With MFA: a challenge, not tokens',
  tag,
  body: z
    .object({ email: SignInEmail, password: z.string().min(1).max(256) })
    .strict()
    .meta({ id: 'SignIn' }),
  response: z.union([Tokens, MfaChallenge]).meta({ id: 'SignInResult' }),
  // Wrong credentials; an invited account not yet activated; a locked account; a paused address.
  problems: [401, 403, 423, 429],
});

export const answerMfaChallenge = defineRoute({
  method: 'POST',
  path: '/api/auth/sign-in/mfa',
  permission: 'public',
  summary:
    "Finish a sign-in with the code from the account's authenticator app; wrong codes count toward lockout",
  tag,
  body: z
    .object({ email: SignInEmail, session: z.string().min(1).max(8192), code: MfaCode })
    .strict()
    .meta({ id: 'MfaAnswer' }),
  response: Tokens,
  // A wrong or reused code, or an expired session; the account locked or the address paused by failures.
  problems: [401, 423, 429],
});

export const refresh = defineRoute({
  method: 'POST',
  path: '/api/auth/refresh',
  permission: 'public',
  summary: 'Exchange a refresh token for fresh tokens',
  tag,
  body: z
    .object({ refreshToken: z.string().min(1).max(8192) })
    .strict()
    .meta({ id: 'Refresh' }),
  response: Tokens,
  // A refresh token that is expired, revoked or not one, or a disabled account's.
  problems: [401],
});

export const me = defineRoute({
  method: 'GET',
  path: '/api/me',
  permission: 'authenticated',
  summary: 'Who I am, my role and what it allows',
  tag,
  response: z
    .object({
      id: z.string(),
      email: z.string().optional(),
      role: z.enum(ROLES),
      permissions: z.array(z.enum(PERMISSIONS)),
    })
    .meta({ id: 'Me' }),
});

const MfaStatus = z.object({ enabled: z.boolean() }).meta({ id: 'MfaStatus' });

/** Cognito's enrolment calls act on the token's own user, so they need the access token beside the ID token. */
const AccessToken = z
  .string()
  .max(8192)
  .regex(
    /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/,
    'An access token is a JWT: three dot-separated parts',
  )
  .meta({ description: 'Your access token from sign-in (a JWT)' });

export const myMfa = defineRoute({
  method: 'GET',
  path: '/api/me/mfa',
  permission: 'authenticated',
  summary: 'Whether my sign-in asks for a code from an authenticator app',
  tag,
  response: MfaStatus,
});

export const startMfaSetup = defineRoute({
  method: 'POST',
  path: '/api/me/mfa/setup',
  permission: 'authenticated',
  summary: 'Start MFA set-up: a new secret for my authenticator app, also as an otpauth:// URI for a QR code',
  tag,
  body: z.object({ accessToken: AccessToken }).strict().meta({ id: 'StartMfaSetup' }),
  response: z
    .object({
      secret: z.string().meta({ description: 'Base32; type it into the app if it cannot scan' }),
      uri: z.string().meta({ description: 'otpauth://totp/… for the QR code' }),
    })
    .meta({ id: 'MfaSetup' }),
  secretResponse: true,
});

export const confirmMfaSetup = defineRoute({
  method: 'POST',
  path: '/api/me/mfa/confirm',
  permission: 'authenticated',
  summary: 'Finish MFA set-up with a code from the app: from now on sign-in asks for a code (recorded)',
  tag,
  body: z.object({ accessToken: AccessToken, code: MfaCode }).strict().meta({ id: 'ConfirmMfaSetup' }),
  response: MfaStatus,
});

export const authRoutes = [signIn, answerMfaChallenge, refresh, me, myMfa, startMfaSetup, confirmMfaSetup];
