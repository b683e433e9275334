import {
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AssociateSoftwareTokenCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { cognito } from '../adapters/clients.ts';
import { InvalidInputError } from '../errors.ts';
import { config } from '../runtime/config.ts';
import { errorName } from './sign-in.ts';

/**
 * MFA with an authenticator app (Cognito's software tokens). A person enrols with their own access
 * token: Cognito hands out a secret, and only a code computed from it turns MFA on, so nobody can
 * enrol someone else's phone. An admin can only turn MFA off (a lost phone); the person then enrols again.
 */

/** Whether Cognito will ask this user for a code (its answer to GetUser or AdminGetUser). */
export const mfaOf = (user: { UserMFASettingList?: string[]; PreferredMfaSetting?: string }) =>
  (user.UserMFASettingList?.length ?? 0) > 0 || Boolean(user.PreferredMfaSetting);

export const mfaEnabled = async (username: string): Promise<boolean> =>
  mfaOf(await cognito().send(new AdminGetUserCommand({ UserPoolId: config.userPoolId, Username: username })));

/** Cognito refuses an expired or revoked access token: the caller's to fix, by signing in again. */
const refusedToken = (error: unknown): never => {
  if (errorName(error) === 'NotAuthorizedException')
    throw new InvalidInputError('The access token has expired or was revoked: sign in again');
  throw error;
};

/** A new secret for the caller's authenticator app; MFA stays off until a code from it is confirmed. */
export const startEnrolment = async (accessToken: string): Promise<string> => {
  const { SecretCode } = await cognito()
    .send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }))
    .catch(refusedToken);
  if (!SecretCode) throw new Error('Cognito gave no secret for the authenticator app');
  return SecretCode;
};

// AWS answers a wrong first code with EnableSoftwareTokenMFAException, cognito-local with CodeMismatch.
const WRONG_CODE = new Set([
  'EnableSoftwareTokenMFAException',
  'CodeMismatchException',
  'ExpiredCodeException',
]);

/** Checks a code from the app against the new secret, then makes the app the caller's (preferred) MFA. */
export const confirmEnrolment = async (accessToken: string, code: string): Promise<void> => {
  try {
    await cognito().send(
      new VerifySoftwareTokenCommand({
        AccessToken: accessToken,
        UserCode: code,
        FriendlyDeviceName: 'Authenticator app',
      }),
    );
  } catch (error) {
    if (WRONG_CODE.has(errorName(error)))
      throw new InvalidInputError(
        'The code is not correct. Check that the app shows the Firefly account you just added, and enter the code it shows now.',
      );
    if (errorName(error) === 'InvalidParameterException')
      throw new InvalidInputError('Start the set-up first: there is no new secret to confirm');
    refusedToken(error);
  }
  await cognito()
    .send(
      new SetUserMFAPreferenceCommand({
        AccessToken: accessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    )
    .catch(refusedToken);
};

/** Turns the user's app MFA off, so they sign in with their password alone until they enrol again. */
export const resetMfa = async (username: string): Promise<void> => {
  await cognito().send(
    new AdminSetUserMFAPreferenceCommand({
      UserPoolId: config.userPoolId,
      Username: username,
      SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
    }),
  );
};
