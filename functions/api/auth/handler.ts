import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { permissionsOf } from '../../../domain/access/permissions.ts';
import { cognito } from '../../adapters/clients.ts';
import { httpHandler, implement } from '../../http/adapter.ts';
import { HttpProblem } from '../../http/problem.ts';
import { config } from '../../runtime/config.ts';
import { readAccountStatus } from '../../security/lockout.ts';
import { attemptOf, errorName, guardedSignIn, REFUSALS, tokensOf } from '../../security/sign-in.ts';
import * as api from './contract.ts';

const disabledAccount = () =>
  new HttpProblem(401, 'session-expired', 'Session expired', 'This account is disabled; ask an admin');

export const handler = httpHandler('auth', [
  // Lockouts, disabled accounts and the recording of every attempt: functions/security/sign-in.ts.
  implement(api.signIn, async ({ body, event, correlationId }) => ({
    body: await guardedSignIn(attemptOf(event, body.email, correlationId), () =>
      cognito().send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: config.userPoolClientId,
          AuthParameters: { USERNAME: body.email, PASSWORD: body.password },
        }),
      ),
    ),
  })),
  implement(api.refresh, async ({ body }) => {
    try {
      const result = await cognito().send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: config.userPoolClientId,
          AuthParameters: { REFRESH_TOKEN: body.refreshToken },
        }),
      );
      const fresh = tokensOf(result.AuthenticationResult, body.refreshToken);
      // Cognito refuses a disabled account's refresh token; checking the account's own stream as well
      // holds locally too (cognito-local does not) and in the moments before the refusal takes hold.
      // The token comes straight from the user pool, so reading its claims needs no verification.
      const email = decodeJwt(fresh.idToken).email;
      if (typeof email === 'string' && (await readAccountStatus(email)).disabled) throw disabledAccount();
      return { body: fresh };
    } catch (error) {
      if (error instanceof HttpProblem) throw error;
      if (!REFUSALS.has(errorName(error))) throw error;
      throw new HttpProblem(401, 'session-expired', 'Session expired', 'Sign in again');
    }
  }),
  implement(api.me, async ({ actor }) => ({
    body: { id: actor.id, email: actor.email, role: actor.role, permissions: permissionsOf(actor.role) },
  })),
]);
