import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { config } from '../runtime/config.ts';

/**
 * Verifies the user pool's tokens as API Gateway's Cognito JWT authorizer did: signed by the pool's
 * keys, from its issuer, unexpired, for the console's client (`aud` in ID tokens, `client_id` in
 * access tokens). The keys are fetched once per instance, again when a token names an unknown key.
 * Fetched with `fetch` rather than the library's https-only fetcher: the local Cognito speaks http.
 */
const fetcher = {
  fetch: async (uri: string): Promise<ArrayBuffer> => {
    const response = await fetch(uri, { signal: AbortSignal.timeout(3000) });
    if (!response.ok) throw new Error(`Fetching ${uri} answered ${response.status}`);
    return response.arrayBuffer();
  },
};

let verifier: ReturnType<typeof create> | undefined;
const create = () => {
  const { issuer, jwksUrl, clientId } = config.tokens;
  return JwtRsaVerifier.create(
    {
      issuer,
      jwksUri: jwksUrl,
      // Checked below: ID tokens carry the client in `aud`, access tokens in `client_id`.
      audience: null,
      customJwtCheck: ({ payload }) => {
        const audience = payload.aud ?? payload.client_id;
        const audiences = Array.isArray(audience) ? audience : [audience];
        if (!audiences.includes(clientId)) throw new Error('The token is for another client');
        if (payload.token_use !== undefined && payload.token_use !== 'id' && payload.token_use !== 'access')
          throw new Error('Not an ID or access token');
      },
    },
    { jwksCache: new SimpleJwksCache({ fetcher }) },
  );
};

/** The token's claims, or undefined when it is not a valid token of the user pool. */
export const verifyToken = async (token: string): Promise<JwtPayload | undefined> => {
  verifier ??= create();
  try {
    return await verifier.verify(token);
  } catch {
    return undefined;
  }
};
