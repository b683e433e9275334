import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '../../domain/access/permissions.ts';
import { type CloudOptions, startCloud } from '../../infra/local/cloud.ts';
import { DEFAULT_DEMO_PASSWORD } from '../../infra/local/cognito-seed.ts';

/**
 * Test helpers for the local cloud. One cloud per test file: the handlers' configuration lives in
 * process.env, and vitest runs each file in its own process.
 */
export type TestCloud = Awaited<ReturnType<typeof startCloud>>;

const builtConsole = join(fileURLToPath(new URL('../../web/dist', import.meta.url)));

/**
 * The console as built, or where it is not (most test runs) a stand-in index page, so the uptime
 * checks' console check passes as it does in a real deployment rather than burning the SLO in every test.
 */
const webRootForTests = () => {
  if (existsSync(join(builtConsole, 'index.html'))) return builtConsole;
  const dir = mkdtempSync(join(tmpdir(), 'firefly-console-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Firefly</title><div id="root"></div>\n');
  return dir;
};

export const startTestCloud = (options: CloudOptions = {}) =>
  startCloud({
    port: 0,
    trustForwardedFor: true,
    // Tests revoke keys and expect the next request refused; the gateway's own test covers the cache.
    authorizerCacheSeconds: 0,
    demoPassword: DEFAULT_DEMO_PASSWORD,
    webRoot: webRootForTests(),
    ...options,
  });

export interface Response<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export type Json = Record<string, unknown> & { items?: Record<string, unknown>[] };

export const request = async <T = Json>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<Response<T>> => {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  if (options.rawBody !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Non-JSON bodies (the docs page) stay text.
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
};

export const signIn = async (
  cloud: Pick<TestCloud, 'url'>,
  role: Role | string,
  password = DEFAULT_DEMO_PASSWORD,
) => {
  const email = role.includes('@') ? role : `${role}@firefly.example`;
  const res = await request<{ idToken: string; refreshToken: string }>(
    cloud.url,
    'POST',
    '/api/auth/sign-in',
    {
      body: { email, password },
    },
  );
  if (res.status !== 200)
    throw new Error(`Sign-in as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

/** A small API client bound to one signed-in user. */
export const apiAs = (cloud: Pick<TestCloud, 'url'>, token: string) => {
  const call =
    (method: string) =>
    <T = Json>(path: string, body?: unknown, headers: Record<string, string> = {}) =>
      request<T>(cloud.url, method, path, { token, body, headers });
  return {
    get: call('GET'),
    post: call('POST'),
    patch: call('PATCH'),
    put: call('PUT'),
    delete: call('DELETE'),
    token,
  };
};

export type Api = ReturnType<typeof apiAs>;

export const signedIn = async (cloud: TestCloud, role: Role) =>
  apiAs(cloud, (await signIn(cloud, role)).idToken);
