import { AdminSetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cognito } from '../../../functions/adapters/clients.ts';
import { DEFAULT_DEMO_PASSWORD } from '../../../infra/local/cognito-seed.ts';
import {
  type Api,
  apiAs,
  type Json,
  request,
  signedIn,
  signIn,
  startTestCloud,
  type TestCloud,
} from '../../support/cloud.ts';

let cloud: TestCloud;
let owner: Api;
let admin: Api;
const NEW_PASSWORD = 'Brand-new-passw0rd!';

const userId = async (email: string) =>
  ((await admin.get('/api/users')).body.items ?? []).find((u) => u.email === email)?.id as string;

/** What Cognito's invitation email carries, set to something the test knows. */
const setTemporaryPassword = (id: string, password: string) =>
  cognito().send(
    new AdminSetUserPasswordCommand({
      UserPoolId: cloud.pool.userPoolId,
      Username: id,
      Password: password,
      Permanent: false,
    }),
  );

const auditOf = async (type: string, record: string) => {
  await cloud.settle();
  return (
    (await owner.get(`/api/audit/entries?type=${type}&record=${encodeURIComponent(record)}`)).body.items ?? []
  );
};

beforeAll(async () => {
  // The functions run in this process: check sessions against the store on every request, not every 10 s.
  process.env.SESSION_CHECK_TTL_MS = '0';
  cloud = await startTestCloud();
  owner = await signedIn(cloud, 'owner');
  admin = await signedIn(cloud, 'admin');
});
afterAll(() => cloud?.stop());

describe('users', () => {
  it('lists every account with its role', async () => {
    await cloud.settle();
    const res = await admin.get('/api/users');
    expect(res.status).toBe(200);
    const byEmail = Object.fromEntries((res.body.items ?? []).map((u) => [u.email, u]));
    expect(byEmail['owner@firefly.example']).toMatchObject({
      role: 'owner',
      enabled: true,
      status: 'CONFIRMED',
      mfa: false,
    });
    expect(byEmail['viewer@firefly.example']).toMatchObject({ role: 'viewer' });
    expect(byEmail['owner@firefly.example']!.lastSignInAt).toEqual(expect.any(String));
  });

  it('invites a user, who activates the account with a password of their own', async () => {
    const invited = await admin.post('/api/users', { email: 'New.Hire@Example.com', role: 'analyst' });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({
      email: 'new.hire@example.com',
      role: 'analyst',
      status: 'FORCE_CHANGE_PASSWORD',
    });
    expect((await admin.post('/api/users', { email: 'new.hire@example.com', role: 'viewer' })).status).toBe(
      409,
    );
    const id = invited.body.id as string;
    await setTemporaryPassword(id, 'Temp-passw0rd-123!');
    const early = await request(cloud.url, 'POST', '/api/auth/sign-in', {
      body: { email: 'new.hire@example.com', password: 'Temp-passw0rd-123!' },
    });
    expect(early.status).toBe(403);
    expect(early.body).toMatchObject({ type: 'https://firefly.example/problems/password-change-required' });
    const activated = await request<{ idToken: string }>(cloud.url, 'POST', '/api/users/activate', {
      body: {
        email: 'new.hire@example.com',
        temporaryPassword: 'Temp-passw0rd-123!',
        newPassword: NEW_PASSWORD,
      },
    });
    expect(activated.status).toBe(200);
    const me = await apiAs(cloud, activated.body.idToken).get('/api/me');
    expect(me.body).toMatchObject({ email: 'new.hire@example.com', role: 'analyst' });
    const again = await request(cloud.url, 'POST', '/api/users/activate', {
      body: { email: 'new.hire@example.com', temporaryPassword: NEW_PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(again.status).toBe(409);
    expect(await auditOf('UserInvited', 'user-new.hire@example.com')).toHaveLength(1);
    expect(await auditOf('UserActivated', 'user-new.hire@example.com')).toHaveLength(1);
  });

  it('assigns and revokes roles, as events, with the new role in the next token', async () => {
    const id = await userId('new.hire@example.com');
    const assigned = await admin.put(`/api/users/${id}/role`, { role: 'manager' });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ role: 'manager' });
    const token = (await signIn(cloud, 'new.hire@example.com', NEW_PASSWORD)).idToken;
    expect((await apiAs(cloud, token).get('/api/me')).body).toMatchObject({ role: 'manager' });
    const [event] = await auditOf('RoleAssigned', 'user-new.hire@example.com');
    expect(event).toMatchObject({
      actor: { email: 'admin@firefly.example', role: 'admin' },
      changes: { role: 'manager', previousRole: 'analyst' },
      summary: "admin@firefly.example changed new.hire@example.com's role from analyst to manager",
    });
    const revoked = await admin.delete(`/api/users/${id}/role`);
    expect(revoked.body).toMatchObject({ role: null });
    const none = (await signIn(cloud, 'new.hire@example.com', NEW_PASSWORD)).idToken;
    expect((await apiAs(cloud, none).get('/api/orders')).status).toBe(403);
    expect(await auditOf('RoleRevoked', 'user-new.hire@example.com')).toHaveLength(1);
  });

  it('keeps admins below owners, nobody changing their own access and the last owner in place', async () => {
    const ownerId = await userId('owner@firefly.example');
    const adminId = await userId('admin@firefly.example');
    const viewerId = await userId('viewer@firefly.example');
    const refusals = [
      await admin.put(`/api/users/${viewerId}/role`, { role: 'owner' }),
      await admin.post(`/api/users/${ownerId}/disable`, { reason: 'coup' }),
      await admin.put(`/api/users/${adminId}/role`, { role: 'owner' }),
      await admin.delete(`/api/users/${adminId}/role`),
      await owner.put(`/api/users/${ownerId}/role`, { role: 'admin' }),
    ];
    expect(refusals.map((r) => r.status)).toEqual([422, 422, 422, 422, 422]);
    expect(refusals.map((r) => (r.body as Json).detail)).toEqual([
      'Only an owner can grant the owner role',
      "Only an owner can change an owner's access",
      'Only an owner can grant the owner role',
      'You cannot change your own access; ask another owner or admin',
      'You cannot change your own access; ask another owner or admin',
    ]);
    expect((await admin.put('/api/users/no-such-user/role', { role: 'viewer' })).status).toBe(404);
    expect((await admin.put(`/api/users/${viewerId}/role`, { role: 'emperor' })).status).toBe(400);
    const manager = await signedIn(cloud, 'manager');
    expect((await manager.get('/api/users')).status).toBe(403);
    expect((await manager.post(`/api/users/${viewerId}/disable`, { reason: 'x' })).status).toBe(403);
  });

  it('disables an account so it can no longer sign in, and enables it again', async () => {
    const id = await userId('new.hire@example.com');
    const disabled = await admin.post(`/api/users/${id}/disable`, { reason: 'Left the company' });
    expect(disabled.body).toMatchObject({ enabled: false });
    const refused = await request(cloud.url, 'POST', '/api/auth/sign-in', {
      body: { email: 'new.hire@example.com', password: NEW_PASSWORD },
    });
    expect(refused.status).toBe(401);
    await admin.post(`/api/users/${id}/enable`);
    expect((await signIn(cloud, 'new.hire@example.com', NEW_PASSWORD)).idToken).toEqual(expect.any(String));
    const [event] = await auditOf('UserDisabled', 'user-new.hire@example.com');
    expect(event).toMatchObject({ changes: { reason: 'Left the company' } });
  });

  it('ends sessions issued before a role change or disabling, instead of at token expiry', async () => {
    const id = await userId('new.hire@example.com');
    const email = 'new.hire@example.com';
    const nextSecond = () => new Promise((r) => setTimeout(r, 1_100));
    await admin.put(`/api/users/${id}/role`, { role: 'analyst' });
    await nextSecond();
    const before = apiAs(cloud, (await signIn(cloud, email, NEW_PASSWORD)).idToken);
    expect((await before.get('/api/orders?limit=1')).status).toBe(200);

    await nextSecond();
    await admin.put(`/api/users/${id}/role`, { role: 'viewer' });
    const ended = await before.get('/api/orders?limit=1');
    expect(ended.status).toBe(401);
    expect(ended.body).toMatchObject({ title: 'Sign in again' });
    expect(String(ended.body.type)).toContain('session-ended');
    const session = await signIn(cloud, email, NEW_PASSWORD);
    const after = apiAs(cloud, session.idToken);
    expect((await after.get('/api/me')).body).toMatchObject({ role: 'viewer' });

    await nextSecond();
    await admin.post(`/api/users/${id}/disable`, { reason: 'Leave of absence' });
    const disabled = await after.get('/api/me');
    expect(disabled.status).toBe(401);
    expect(String(disabled.body.detail)).toContain('disabled');
    // Nor can the session be renewed into a fresh token.
    const renewed = await request(cloud.url, 'POST', '/api/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    });
    expect(renewed.status).toBe(401);
    await admin.post(`/api/users/${id}/enable`);
    // Other people's sessions are untouched.
    expect((await owner.get('/api/me')).status).toBe(200);
  });

  it("shows a person's activity timeline and sessions", async () => {
    await signIn(cloud, 'viewer', DEFAULT_DEMO_PASSWORD);
    await cloud.settle();
    const id = await userId('new.hire@example.com');
    const res = await owner.get(`/api/users/${id}/activity`);
    expect(res.status).toBe(200);
    const types = (res.body.timeline as Json[]).map((e) => e.eventType);
    expect(types).toEqual(
      expect.arrayContaining([
        'UserInvited',
        'RoleAssigned',
        'RoleRevoked',
        'SignInSucceeded',
        'UserDisabled',
      ]),
    );
    expect((res.body.sessions as Json[]).length).toBeGreaterThanOrEqual(3);
    expect((await admin.get(`/api/users/${id}/activity`)).status).toBe(200);
  });

  it('downloads an access review as JSON and CSV, and records it', async () => {
    const json = await owner.get<{ rows: Json[] }>('/api/access-review');
    expect(json.headers.get('content-disposition')).toMatch(/attachment; filename="access-review-.*\.json"/);
    expect(json.body.rows.find((r) => r.email === 'owner@firefly.example')).toMatchObject({
      role: 'owner',
      mfa: false,
      daysSinceActive: 0,
    });
    const csv = await owner.get<string>('/api/access-review?format=csv');
    expect(csv.body.split('\r\n')[0]).toBe(
      'email,role,enabled,status,mfa,createdAt,lastSignInAt,lastActiveAt,daysSinceActive',
    );
    await cloud.settle();
    const reads = await owner.get('/api/audit/entries?type=SensitiveDataAccessed&who=owner@firefly.example');
    expect(reads.body.items?.map((e) => (e.changes as Json).resource)).toContain('access-review');
  });
});
