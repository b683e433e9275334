/**
 * What an authenticator app scans to add an account: Google's Key URI format
 * (otpauth://totp/<issuer>:<account>?secret=…&issuer=…), with the parameters Cognito's software tokens
 * use (SHA-1, 6 digits, 30 seconds) spelled out so every app reads them the same way.
 */
export const TOTP = { algorithm: 'SHA1', digits: 6, period: 30 } as const;

export const otpauthUri = (issuer: string, account: string, secret: string): string => {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = new URLSearchParams({
    secret,
    issuer,
    algorithm: TOTP.algorithm,
    digits: String(TOTP.digits),
    period: String(TOTP.period),
  });
  return `otpauth://totp/${label}?${query}`;
};
