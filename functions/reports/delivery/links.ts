import { randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { readCredential, storeCredential } from '../../adapters/credentials.ts';

/**
 * Share links' tokens: a JWT (HS256) naming one report and one link, expiring with the link, signed
 * with a key kept sealed in the credentials table like every other secret of the platform (made on
 * first use). The token is shown once and never stored: the link's record (ReportLinkCreated) keeps its
 * id and expiry, so revoking it is a fact on the report's stream.
 */
const OWNER = 'platform:report-links';
const SLOT = 'signing-key';
const AUDIENCE = 'firefly-shared-report';

let cached: Uint8Array | undefined;
const signingKey = async (): Promise<Uint8Array> => {
  if (cached) return cached;
  let key = await readCredential(OWNER, SLOT);
  if (!key) {
    await storeCredential(OWNER, SLOT, randomBytes(32).toString('base64'));
    // Read back what is stored: when two first uses race, both sign with the one that won.
    key = (await readCredential(OWNER, SLOT))!;
  }
  cached = Buffer.from(key, 'base64');
  return cached;
};

export const signLink = async (link: { reportId: string; linkId: string; expiresAt: string }) =>
  new SignJWT({ rid: link.reportId })
    .setProtectedHeader({ alg: 'HS256' })
    .setJti(link.linkId)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.parse(link.expiresAt) / 1000))
    .sign(await signingKey());

/** Why a token opens nothing: not ours (or altered), or past its expiry. */
export class LinkRefused extends Error {
  override name = 'LinkRefused';
  constructor(readonly reason: 'forged' | 'expired') {
    super(reason === 'forged' ? 'This link is not valid' : 'This link has expired');
  }
}

export const verifyLink = async (token: string): Promise<{ reportId: string; linkId: string }> => {
  try {
    const { payload } = await jwtVerify(token, await signingKey(), {
      audience: AUDIENCE,
      algorithms: ['HS256'],
    });
    if (typeof payload.rid !== 'string' || typeof payload.jti !== 'string') throw new LinkRefused('forged');
    return { reportId: payload.rid, linkId: payload.jti };
  } catch (error) {
    if (error instanceof LinkRefused) throw error;
    if (error instanceof errors.JWTExpired) throw new LinkRefused('expired');
    throw new LinkRefused('forged');
  }
};
