import { generateSecret, generateSync, generateURI } from 'otplib';
import { describe, expect, it } from 'vitest';
import { otpauthUri } from '../../../domain/access/authenticator.ts';

describe('the otpauth URI an authenticator app scans', () => {
  it('names the issuer and account and carries the secret with SHA-1, 6 digits, 30 seconds', () => {
    const secret = generateSecret();
    const uri = new URL(otpauthUri('Firefly', 'ann+ops@firefly.example', secret));
    const reference = new URL(generateURI({ issuer: 'Firefly', label: 'ann+ops@firefly.example', secret }));
    expect(`${uri.protocol}//${uri.host}${decodeURIComponent(uri.pathname)}`).toBe(
      'otpauth://totp/Firefly:ann+ops@firefly.example',
    );
    expect(decodeURIComponent(uri.pathname)).toBe(decodeURIComponent(reference.pathname));
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      ...Object.fromEntries(reference.searchParams),
      secret,
      issuer: 'Firefly',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
    // The code an app computes from the URI's secret is the code the server expects.
    expect(generateSync({ secret: uri.searchParams.get('secret')! })).toBe(generateSync({ secret }));
  });
});
