import { randomBytes } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { cognito } from '../adapters/clients.ts';
import { readCredential, storeCredential } from '../adapters/credentials.ts';
import { config } from '../runtime/config.ts';

/**
 * The uptime sign-in check's own account: no role (it can sign in and do nothing else), an address on
 * the reserved `.invalid` domain (nothing is ever delivered to it), and a random password the platform
 * makes itself on the first run and keeps sealed among the stored credentials (KMS in AWS, the local
 * key file here), as integrations' secrets are. Read without a CredentialDecrypted event: the check
 * opens it every minute, and its own password is no person's secret to audit. Never logged.
 */
export const SYNTHETIC_EMAIL = 'uptime-probe@firefly.invalid';
const OWNER = 'monitoring-uptime';
const SLOT = 'syntheticPassword';

/** Meets the user pool's policy: 12+ characters with lower and upper case, a digit and a symbol. */
const newPassword = () => `Up-${randomBytes(24).toString('base64url')}a7!Z`;

const provision = async (): Promise<string> => {
  const password = newPassword();
  try {
    await cognito().send(
      new AdminCreateUserCommand({
        UserPoolId: config.userPoolId,
        Username: SYNTHETIC_EMAIL,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: SYNTHETIC_EMAIL },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof UsernameExistsException) && (error as Error).name !== 'UsernameExistsException')
      throw error;
  }
  await cognito().send(
    new AdminSetUserPasswordCommand({
      UserPoolId: config.userPoolId,
      Username: SYNTHETIC_EMAIL,
      Password: password,
      Permanent: true,
    }),
  );
  await storeCredential(OWNER, SLOT, password);
  return password;
};

/** The synthetic account's credential, made on first use. */
export const syntheticCredential = async (): Promise<{ email: string; password: string }> => ({
  email: SYNTHETIC_EMAIL,
  password: (await readCredential(OWNER, SLOT)) ?? (await provision()),
});
