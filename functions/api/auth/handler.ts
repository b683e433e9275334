import {
  type AuthenticationResultType,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { effectiveRole, permissionsOf } from '../../../domain/access/permissions.ts';
import { type Actor, streamId } from '../../../events/envelope.ts';
import { groupsOf } from '../../shared/auth.ts';
import { cognito } from '../../shared/clients.ts';
import { config } from '../../shared/config.ts';
import { appendRecorded } from '../../shared/event-store.ts';
import { type HttpEvent, httpHandler, implement } from '../../shared/http.ts';
import { HttpProblem } from '../../shared/problem.ts';
import * as api from './contract.ts';

/** Cognito's refusals of a sign-in; all become one answer so the reply never reveals which accounts exist. */
const REFUSALS = new Set([
  'NotAuthorizedException',
  'UserNotFoundException',
  'InvalidPasswordException',
  'PasswordResetRequiredException',
  'UserNotConfirmedException',
]);

const invalidCredentials = () =>
  new HttpProblem(401, 'invalid-credentials', 'Sign-in failed', 'The email or password is not correct');

const tokens = (result: AuthenticationResultType | undefined, refreshToken?: string) => {
  if (!result?.IdToken || !result.AccessToken) throw invalidCredentials();
  return {
    idToken: result.IdToken,
    accessToken: result.AccessToken,
    refreshToken: result.RefreshToken ?? refreshToken,
    expiresIn: result.ExpiresIn ?? 3600,
  };
};

const requester = (event: HttpEvent, email: string, role = 'anonymous'): Actor => ({
  id: email,
  email,
  role,
  ip: event.requestContext.http.sourceIp,
  userAgent: event.requestContext.http.userAgent,
});

const errorName = (error: unknown) => (error instanceof Error ? error.name : '');

export const handler = httpHandler('auth', [
  implement(api.signIn, async ({ body, event, correlationId }) => {
    const account = streamId('account', body.email);
    try {
      const result = await cognito().send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: config.userPoolClientId,
          AuthParameters: { USERNAME: body.email, PASSWORD: body.password },
        }),
      );
      const reply = tokens(result.AuthenticationResult);
      const role = effectiveRole(groupsOf(decodeJwt(reply.idToken) as Record<string, string[]>)) ?? 'none';
      await appendRecorded(account, [{ type: 'SignInSucceeded', data: { email: body.email, role } }], {
        actor: requester(event, body.email, role),
        correlationId,
      });
      return { body: reply };
    } catch (error) {
      if (!REFUSALS.has(errorName(error))) throw error;
      await appendRecorded(
        account,
        [{ type: 'SignInFailed', data: { email: body.email, reason: errorName(error) } }],
        {
          actor: requester(event, body.email),
          correlationId,
        },
      );
      throw invalidCredentials();
    }
  }),
  implement(api.refresh, async ({ body }) => {
    try {
      const result = await cognito().send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: config.userPoolClientId,
          AuthParameters: { REFRESH_TOKEN: body.refreshToken },
        }),
      );
      return { body: tokens(result.AuthenticationResult, body.refreshToken) };
    } catch (error) {
      if (!REFUSALS.has(errorName(error))) throw error;
      throw new HttpProblem(401, 'session-expired', 'Session expired', 'Sign in again');
    }
  }),
  implement(api.me, async ({ actor }) => ({
    body: { id: actor.id, email: actor.email, role: actor.role, permissions: permissionsOf(actor.role) },
  })),
]);
