import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callerAddress,
  ORIGIN_VERIFY_HEADER,
  VIEWER_ADDRESS_HEADER,
} from '../../../functions/http/caller-address.ts';
import type { RouteContract } from '../../../functions/http/route.ts';
import type { FunctionSpec } from '../../../functions/manifest.ts';
import { startGateway } from '../../../infra/local/gateway.ts';

/**
 * The local gateway stands in for CloudFront in front of API Gateway: the caller's address reaches the
 * functions by the same headers and the same reader (functions/http/caller-address.ts) as in AWS.
 */
const SECRET = 'local-origin-secret-for-this-test-0123456789';
const route = { method: 'GET', path: '/api/whoami', permission: 'public' } as unknown as RouteContract;
type Seen = { headers: Record<string, string>; requestContext: { http: { sourceIp: string } } };
let seen: Seen | undefined;
const fn = {
  name: 'whoami',
  spec: { timeoutSeconds: 5, memoryMb: 128 } as FunctionSpec,
  handler: async (event: unknown) => {
    seen = event as Seen;
    return { statusCode: 204 };
  },
};

const start = (trustForwardedFor: boolean, originVerifySecret?: string) =>
  startGateway({
    port: 0,
    routes: [{ route, fn }],
    webRoot: '/nonexistent',
    config: {},
    trustForwardedFor,
    originVerifySecret,
  });

let simulating: Awaited<ReturnType<typeof start>>;
let plain: Awaited<ReturnType<typeof start>>;
let unconfigured: Awaited<ReturnType<typeof start>>;
beforeAll(async () => {
  [simulating, plain, unconfigured] = await Promise.all([
    start(true, SECRET),
    start(false, SECRET),
    start(false),
  ]);
});
afterAll(() => Promise.all([simulating, plain, unconfigured].map((g) => g?.stop())));

const call = async (url: string, headers: Record<string, string> = {}) => {
  seen = undefined;
  const res = await fetch(`${url}/api/whoami`, { headers });
  expect(res.status).toBe(204);
  return seen!;
};

describe('the local gateway as CloudFront in front of the API', () => {
  it('adds the viewer address and the origin secret, overwriting what the client sent', async () => {
    const event = await call(plain.url, {
      [VIEWER_ADDRESS_HEADER]: '203.0.113.66:1234',
      [ORIGIN_VERIFY_HEADER]: 'forged',
    });
    expect(event.headers[ORIGIN_VERIFY_HEADER]).toBe(SECRET);
    expect(event.headers[VIEWER_ADDRESS_HEADER]).toMatch(/^(127\.0\.0\.1|::1):\d+$/);
    expect(callerAddress(event, SECRET)).toBe(event.requestContext.http.sourceIp);
  });

  it('ignores X-Forwarded-For unless told to simulate clients with it', async () => {
    const event = await call(plain.url, { 'x-forwarded-for': '198.51.100.7' });
    expect(callerAddress(event, SECRET)).not.toBe('198.51.100.7');
  });

  it('simulates a client address as a viewer address, which the functions read with the secret', async () => {
    const event = await call(simulating.url, { 'x-forwarded-for': '198.51.100.7, 10.0.0.1' });
    expect(event.requestContext.http.sourceIp).not.toBe('198.51.100.7');
    expect(callerAddress(event, SECRET)).toBe('198.51.100.7');
    // A function without the secret (a caller that bypassed CloudFront, in AWS) sees the TCP peer.
    expect(callerAddress(event, undefined)).toBe(event.requestContext.http.sourceIp);
  });

  it('sends no origin secret when none is configured, even if the client made one up', async () => {
    const event = await call(unconfigured.url, { [ORIGIN_VERIFY_HEADER]: SECRET });
    expect(event.headers[ORIGIN_VERIFY_HEADER]).toBeUndefined();
  });
});
