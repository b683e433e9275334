import { z } from 'zod';
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

export const signIn = defineRoute({
  method: 'POST',
  path: '/api/auth/sign-in',
  permission: 'public',
  summary: 'Sign in with email and password; every attempt is recorded',
  tag,
  body: z
    .object({ email: z.string().trim().toLowerCase().max(254), password: z.string().min(1).max(256) })
    .strict()
    .meta({ id: 'SignIn' }),
  response: Tokens,
  // Wrong credentials; an invited account not yet activated; a locked account; a paused address.
  problems: [401, 403, 423, 429],
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

export const authRoutes = [signIn, refresh, me];
