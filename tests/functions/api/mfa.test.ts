import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_PASSWORD } from '../../../infra/local/cognito-seed.ts';
import {
  type Api,
  apiAs,
  type Json,
  request,
  signedIn,
  startTestCloud,
  type TestCloud,
} from '../../support/cloud.ts';

/**
 * MFA with an authenticator app, end to end on the local cloud: enrolment with the caller's own access
 * token, the sign-in challenge answered with a real code computed from the secret, wrong codes refused,
 * counted toward lockout and detected, and an admin's reset recorded in the audit log.
 */
let cloud: TestCloud;
let admin: Api;

interface Tokens {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
}

const signInFrom = (ip: string, email: string, password = DEFAULT_DEMO_PASSWORD) =>
  request<Json>(cloud.url, 'POST', '/api/auth/sign-in', {
    body: { email, password },
    headers: { 'x-forwarded-for': ip },
  });

const answer = (ip: string, body: { email: string; session: string; code: string }) =>
  request<Json>(cloud.url, 'POST', '/api/auth/sign-in/mfa', { body, headers: { 'x-forwarded-for': ip } });

const codeOf = (secret: string) => generateSync({ secret });
/** Not the current code, nor (with cognito-local's 30-second tolerance) a neighbour's, but for a 1-in-10^6 chance. */
const wrongCode = (secret: string) => String((Number(codeOf(secret)) + 500_001) % 1_000_000).padStart(6, '0');

/** Signs in with the password and enrols an authenticator app; returns its secret. */
const enrol = async (email: string, ip: string): Promise<string> => {
  const tokens = (await signInFrom(ip, email)).body as unknown as Tokens;
  const me = apiAs(cloud, tokens.idToken);
  const setup = await me.post('/api/me/mfa/setup', { accessToken: tokens.accessToken });
  expect(setup.status).toBe(200);
  const secret = setup.body.secret as string;
  expect(
    (await me.post('/api/me/mfa/confirm', { accessToken: tokens.accessToken, code: codeOf(secret) })).status,
  ).toBe(200);
  return secret;
};

const userId = async (email: string) =>
  ((await admin.get('/api/users')).body.items ?? []).find((u) => u.email === email)!.id as string;

beforeAll(async () => {
  process.env.SESSION_CHECK_TTL_MS = '0';
  cloud = await startTestCloud();
  admin = await signedIn(cloud, 'admin');
});
afterAll(() => cloud?.stop());

describe('MFA with an authenticator app', () => {
  const email = 'manager@firefly.example';
  const ip = '203.0.113.21';
  let secret: string;

  it('enrols: a secret and its otpauth URI, confirmed only by a right code from it', async () => {
    const tokens = (await signInFrom(ip, email)).body as unknown as Tokens;
    const me = apiAs(cloud, tokens.idToken);
    expect((await me.get('/api/me/mfa')).body).toEqual({ enabled: false });

    const setup = await me.post('/api/me/mfa/setup', { accessToken: tokens.accessToken });
    expect(setup.status).toBe(200);
    expect(setup.headers.get('cache-control')).toBe('no-store');
    secret = setup.body.secret as string;
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    const uri = new URL(setup.body.uri as string);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Firefly:manager@firefly.example');
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({ secret, issuer: 'Firefly', digits: '6' });

    // Someone else's access token is refused before Cognito is asked.
    const other = (await signInFrom(ip, 'viewer@firefly.example')).body as unknown as Tokens;
    expect((await me.post('/api/me/mfa/setup', { accessToken: other.accessToken })).status).toBe(403);

    const wrong = await me.post('/api/me/mfa/confirm', {
      accessToken: tokens.accessToken,
      code: wrongCode(secret),
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.detail).toMatch(/code is not correct/);
    expect((await me.get('/api/me/mfa')).body).toEqual({ enabled: false });
    expect(
      (await me.post('/api/me/mfa/confirm', { accessToken: tokens.accessToken, code: '12ab56' })).status,
    ).toBe(400);

    const confirmed = await me.post('/api/me/mfa/confirm', {
      accessToken: tokens.accessToken,
      code: codeOf(secret),
    });
    expect(confirmed.status).toBe(200);
    expect((await me.get('/api/me/mfa')).body).toEqual({ enabled: true });
    await cloud.settle();
    const entries = (await admin.get('/api/audit/entries?type=MfaEnabled')).body.items ?? [];
    expect(entries[0]).toMatchObject({ actor: expect.objectContaining({ email }) });
  });

  it('signs in with the challenge: a wrong code is refused, a right one gives working tokens', async () => {
    const first = await signInFrom(ip, email);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ challenge: 'SOFTWARE_TOKEN_MFA', session: expect.any(String) });
    const session = first.body.session as string;

    const wrong = await answer(ip, { email, session, code: wrongCode(secret) });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ type: 'https://firefly.example/problems/invalid-mfa-code' });

    // A session is the password step's proof: another account cannot use it.
    expect(
      (await answer(ip, { email: 'viewer@firefly.example', session, code: codeOf(secret) })).status,
    ).toBe(401);

    const right = await answer(ip, { email, session, code: codeOf(secret) });
    expect(right.status).toBe(200);
    const tokens = right.body as unknown as Tokens;
    expect((await apiAs(cloud, tokens.idToken).get('/api/me')).body).toMatchObject({
      email,
      role: 'manager',
    });
    const refreshed = await request(cloud.url, 'POST', '/api/auth/refresh', {
      body: { refreshToken: tokens.refreshToken },
    });
    expect(refreshed.status).toBe(200);

    // Spent once answered; a made-up one was never issued.
    const again = await answer(ip, { email, session, code: codeOf(secret) });
    expect(again.status).toBe(401);
    expect(again.body).toMatchObject({ type: 'https://firefly.example/problems/mfa-session-expired' });
    expect((await answer(ip, { email, session: 'made-up', code: codeOf(secret) })).status).toBe(401);
  });

  it('counts wrong codes toward lockout and raises a security event for them', async () => {
    const victim = 'analyst@firefly.example';
    const from = '203.0.113.22';
    const victimSecret = await enrol(victim, from);
    const session = (await signInFrom(from, victim)).body.session as string;
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await answer(from, { email: victim, session, code: wrongCode(victimSecret) })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    // The right code does not get through while locked.
    expect((await answer(from, { email: victim, session, code: codeOf(victimSecret) })).status).toBe(423);

    await cloud.settle();
    const raised = (await admin.get('/api/security/events?rule=failed-mfa-codes&limit=100')).body.items ?? [];
    expect(raised.find((e) => (e.subject as Json).id === victim)).toMatchObject({
      severity: 'high',
      evidence: expect.objectContaining({ failures: expect.any(Number) }),
    });
    const id = await userId(victim);
    expect((await admin.get(`/api/users/${id}`)).body).toMatchObject({ mfa: true, failedSignIns: 5 });
  });

  it('lets an admin reset MFA, recorded with its actor; the person then signs in with the password alone', async () => {
    const id = await userId(email);
    expect((await admin.post(`/api/users/${id}/mfa/reset`, {})).status).toBe(400);
    const reset = await admin.post(`/api/users/${id}/mfa/reset`, { reason: 'Lost phone' });
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ email, mfa: false });

    const signIn = await signInFrom(ip, email);
    expect(signIn.status).toBe(200);
    expect(signIn.body).toMatchObject({ idToken: expect.any(String) });

    await cloud.settle();
    const entries = (await admin.get('/api/audit/entries?type=MfaReset')).body.items ?? [];
    expect(entries[0]).toMatchObject({
      actor: expect.objectContaining({ email: 'admin@firefly.example', role: 'admin' }),
      summary: `admin@firefly.example reset ${email}'s MFA: Lost phone`,
    });
    // Nobody resets their own second factor: a stolen session must not be able to remove it.
    const self = await admin.post(`/api/users/${await userId('admin@firefly.example')}/mfa/reset`, {
      reason: 'x',
    });
    expect(self.status).toBe(422);
  });
});
