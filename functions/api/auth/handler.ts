import {
  ChallengeNameType,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { otpauthUri } from '../../../domain/access/authenticator.ts';
import { permissionsOf } from '../../../domain/access/permissions.ts';
import type { Actor } from '../../../events/envelope.ts';
import { cognito } from '../../adapters/clients.ts';
import { appendRecorded } from '../../adapters/event-store.ts';
import { systemStreams } from '../../application/aggregates.ts';
import { httpHandler, implement } from '../../http/adapter.ts';
import { HttpProblem } from '../../http/problem.ts';
import { config } from '../../runtime/config.ts';
import { readAccountStatus } from '../../security/lockout.ts';
import { confirmEnrolment, mfaEnabled, startEnrolment } from '../../security/mfa.ts';
import {
  attemptOf,
  errorName,
  guardedMfaAnswer,
  guardedSignIn,
  REFUSALS,
  tokensOf,
} from '../../security/sign-in.ts';
import * as api from './contract.ts';

const disabledAccount = () =>
  new HttpProblem(401, 'session-expired', 'Session expired', 'This account is disabled; ask an admin');

/**
 * The access token sent for Cognito's enrolment calls must be the caller's own: Cognito checks its
 * signature and acts on its user, and this keeps a signed-in person from acting on another's account.
 */
const ownAccessToken = (actor: Actor, accessToken: string): string => {
  let sub: unknown;
  try {
    sub = decodeJwt(accessToken).sub;
  } catch {
    // Shaped like a JWT (the schema checks that) but unreadable: it cannot be shown to be the caller's.
    sub = undefined;
  }
  if (sub !== actor.id)
    throw new HttpProblem(403, 'forbidden', 'Not your token', 'Send the access token from your own sign-in');
  return accessToken;
};

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
  implement(api.answerMfaChallenge, async ({ body, event, correlationId }) => ({
    body: await guardedMfaAnswer(attemptOf(event, body.email, correlationId), () =>
      cognito().send(
        new RespondToAuthChallengeCommand({
          ClientId: config.userPoolClientId,
          ChallengeName: ChallengeNameType.SOFTWARE_TOKEN_MFA,
          Session: body.session,
          ChallengeResponses: { USERNAME: body.email, SOFTWARE_TOKEN_MFA_CODE: body.code },
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
  implement(api.myMfa, async ({ actor }) => ({ body: { enabled: await mfaEnabled(actor.id) } })),
  implement(api.startMfaSetup, async ({ body, actor }) => {
    const secret = await startEnrolment(ownAccessToken(actor, body.accessToken));
    return { body: { secret, uri: otpauthUri('Firefly', actor.email ?? actor.id, secret) } };
  }),
  implement(api.confirmMfaSetup, async ({ body, actor, correlationId }) => {
    await confirmEnrolment(ownAccessToken(actor, body.accessToken), body.code);
    if (actor.email) {
      await appendRecorded(
        systemStreams.user(actor.email),
        [{ type: 'MfaEnabled', data: { email: actor.email } }],
        {
          actor,
          correlationId,
        },
      );
    }
    return { body: { enabled: true } };
  }),
]);
