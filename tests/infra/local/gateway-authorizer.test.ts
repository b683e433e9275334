import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteContract } from '../../../functions/http/route.ts';
import type { FunctionSpec } from '../../../functions/manifest.ts';
import { startGateway } from '../../../infra/local/gateway.ts';

/**
 * The local gateway keeps the authorizer's answer per Authorization header for its cache time, as API
 * Gateway does (`resultsCacheTtl`): one authorizer run per caller a minute, not per request.
 */
const route = { method: 'GET', path: '/api/whoami', permission: 'orders:read' } as unknown as RouteContract;
const spec = { timeoutSeconds: 5, memoryMb: 128 } as FunctionSpec;
const fn = {
  name: 'whoami',
  spec,
  handler: async (event: unknown) => {
    const { requestContext } = event as { requestContext: { authorizer: { lambda: { who: string } } } };
    return { statusCode: 200, body: requestContext.authorizer.lambda.who };
  },
};
let asked: string[] = [];
const authorizer = {
  name: 'authorizer',
  spec,
  handler: async (event: unknown) => {
    const { headers } = event as { headers: Record<string, string> };
    asked.push(headers.authorization!);
    return { isAuthorized: true, context: { who: `${headers.authorization} #${asked.length}` } };
  },
};

const start = (authorizerCacheMs: number) =>
  startGateway({
    port: 0,
    routes: [{ route, fn }],
    webRoot: '/nonexistent',
    config: {},
    authorizer,
    authorizerCacheMs,
  });

let cached: Awaited<ReturnType<typeof start>>;
let uncached: Awaited<ReturnType<typeof start>>;
beforeAll(async () => {
  [cached, uncached] = await Promise.all([start(300), start(0)]);
});
afterAll(() => Promise.all([cached, uncached].map((g) => g?.stop())));

const call = async (url: string, authorization: string) => {
  const res = await fetch(`${url}/api/whoami`, { headers: { authorization } });
  expect(res.status).toBe(200);
  return res.text();
};

describe("the local gateway's authorizer cache", () => {
  it('asks once per Authorization header within the cache time, and again after it', async () => {
    asked = [];
    expect(await call(cached.url, 'Bearer a')).toBe('Bearer a #1');
    expect(await call(cached.url, 'Bearer a')).toBe('Bearer a #1');
    expect(await call(cached.url, 'Bearer b')).toBe('Bearer b #2');
    expect(asked).toEqual(['Bearer a', 'Bearer b']);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await call(cached.url, 'Bearer a')).toBe('Bearer a #3');
  });

  it('asks on every request when the cache time is 0', async () => {
    asked = [];
    await call(uncached.url, 'Bearer a');
    await call(uncached.url, 'Bearer a');
    expect(asked).toEqual(['Bearer a', 'Bearer a']);
  });
});
