import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler, resolveCaller } from '../../../functions/access/authorizer-handler.ts';
import { env } from '../../../functions/runtime/env.ts';

/**
 * The API's authorizer without a cloud: what it answers for callers it can refuse without reading
 * anything (the API test, tests/functions/api/integrations/api-keys.test.ts, covers real keys and tokens).
 */
const saved = { ...process.env };
beforeAll(() => {
  // Nothing listens here: a token that cannot even be decoded must be refused before any key fetch.
  process.env[env.TOKEN_ISSUER] = 'http://127.0.0.1:9/local_pool';
  process.env[env.USER_POOL_CLIENT_ID] = 'console';
});
afterAll(() => {
  process.env = saved;
});

const now = new Date('2026-12-02T12:00:00Z');

describe('the API authorizer', () => {
  it('passes refusals on with a reason, so the route answers 401 saying why', async () => {
    expect(await resolveCaller(undefined, now)).toMatchObject({ kind: 'refused', code: 'unauthenticated' });
    expect(await resolveCaller('Basic dXNlcjpwYXNz', now)).toMatchObject({ kind: 'refused' });
    expect(await resolveCaller('Bearer not-a-token', now)).toMatchObject({
      kind: 'refused',
      code: 'unauthenticated',
    });
    expect(await resolveCaller('Bearer ffk_too_short', now)).toEqual({
      kind: 'refused',
      code: 'invalid-api-key',
      detail: 'The API key is not valid: check that it was copied whole',
    });
  });

  it('answers API Gateway with a simple response that always reaches the route', async () => {
    const result = await handler(
      { type: 'REQUEST', headers: { authorization: 'Bearer ffk_x' } } as never,
      { getRemainingTimeInMillis: () => 5000 } as never,
    );
    expect(result).toMatchObject({
      isAuthorized: true,
      context: { kind: 'refused', code: 'invalid-api-key' },
    });
  });
});
