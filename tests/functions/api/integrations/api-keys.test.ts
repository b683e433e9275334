import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../../../functions/adapters/clients.ts';
import * as api from '../../../../functions/api/apikeys/contract.ts';
import { env } from '../../../../functions/runtime/env.ts';
import {
  type Api,
  apiAs,
  type Json,
  request,
  signedIn,
  startTestCloud,
  type TestCloud,
} from '../../../support/cloud.ts';
import { conforms, created } from '../fixtures.ts';

let cloud: TestCloud;
let owner: Api;
let manager: Api;

beforeAll(async () => {
  cloud = await startTestCloud();
  [owner, manager] = await Promise.all([signedIn(cloud, 'owner'), signedIn(cloud, 'manager')]);
});
afterAll(() => cloud?.stop());

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

const issue = async (body: Json) => {
  const res = await owner.post('/api/api-keys', body);
  const key = created(res);
  conforms(api.issueApiKey, key);
  return key as Json & { id: string; key: string };
};

const scan = async (table: string) => {
  const items: unknown[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return JSON.stringify(items);
};

describe('API keys', () => {
  let reader: Json & { id: string; key: string };
  let writer: Json & { id: string; key: string };

  beforeAll(async () => {
    reader = await issue({ name: 'Reporting tool', permissions: ['customers:read'] });
    writer = await issue({
      name: 'CRM sync',
      permissions: ['customers:read', 'customers:write'],
      expiresAt: inDays(30),
    });
  });

  it('are issued once in clear, in the documented form, with a 90-day default expiry and no caching', async () => {
    expect(reader.key).toMatch(new RegExp(`^ffk_${reader.id}_[A-Za-z0-9_-]{43}$`));
    expect(reader.prefix).toBe(`ffk_${reader.id}`);
    expect(reader.last4).toBe(reader.key.slice(-4));
    expect(reader.status).toBe('active');
    const days = (Date.parse(String(reader.expiresAt)) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);
    const again = await owner.get<Json>(`/api/api-keys/${reader.id}`);
    expect(again.status).toBe(200);
    conforms(api.getApiKey, again.body);
    expect(JSON.stringify(again.body)).not.toContain(reader.key.slice(-43));
    const res = await owner.post('/api/api-keys', { name: 'x', permissions: ['customers:read'] });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('call the API with exactly their permissions', async () => {
    const key = apiAs(cloud, reader.key);
    const list = await key.get<Json>('/api/customers');
    expect(list.status).toBe(200);
    const write = await key.post<Json>('/api/customers', { name: 'Nope', email: 'nope@example.com' });
    expect(write.status).toBe(403);
    expect(String(write.body.detail)).toContain('customers:write');
    // Another permission the issuer has but the key does not carry.
    expect((await key.get('/api/orders')).status).toBe(403);
  });

  it('are refused on routes for people: their own account, MFA and API keys themselves', async () => {
    const key = apiAs(cloud, writer.key);
    for (const res of [
      await key.get<Json>('/api/me'),
      await key.get<Json>('/api/me/mfa'),
      await key.get<Json>('/api/api-keys'),
      await key.post<Json>('/api/api-keys', { name: 'child', permissions: ['customers:read'] }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.type).toMatch(/people-only$/);
    }
  });

  it("record the key as the actor of the events its writes cause, and the key's last use", async () => {
    const key = apiAs(cloud, writer.key);
    const customer = created(
      await key.post<Json>('/api/customers', { name: 'Key Customer', email: 'key-customer@example.com' }),
    );
    const history = await owner.get<{ items: { actor: Json }[] }>(`/api/customers/${customer.id}/events`);
    expect(history.status).toBe(200);
    expect(history.body.items[0]!.actor).toMatchObject({
      id: `apikey:${writer.id}`,
      role: 'api-key',
      permissions: ['customers:read', 'customers:write'],
    });
    const shown = await owner.get<Json>(`/api/api-keys/${writer.id}`);
    expect(Date.parse(String(shown.body.lastUsedAt))).toBeGreaterThan(Date.now() - 60_000);
    const listed = await owner.get<{ items: Json[] }>('/api/api-keys?status=active');
    conforms(api.listApiKeys, listed.body);
    expect(listed.body.items.find((k) => k.id === writer.id)?.lastUsedAt).toBe(shown.body.lastUsedAt);
  });

  it('carry only permissions their issuer has, and expire within a year', async () => {
    const beyond = await manager.post<Json>('/api/api-keys', { name: 'x', permissions: ['customers:read'] });
    expect(beyond.status).toBe(403); // managers may not issue keys at all
    for (const body of [
      { name: 'x', permissions: [] },
      { name: 'x', permissions: ['customers:read'], expiresAt: inDays(400) },
      { name: 'x', permissions: ['customers:read'], expiresAt: inDays(-1) },
      { name: 'x', permissions: ['not:a-permission'] },
    ]) {
      const res = await owner.post<Json>('/api/api-keys', body);
      expect([400, 422], JSON.stringify(res.body)).toContain(res.status);
    }
  });

  it('are refused with 401 and a clear reason once revoked, expired, or when forged', async () => {
    const short = await issue({
      name: 'Short',
      permissions: ['customers:read'],
      expiresAt: inDays(2 / 86_400),
    });
    const revoked = await issue({ name: 'Gone', permissions: ['customers:read'] });
    expect((await apiAs(cloud, revoked.key).get('/api/customers')).status).toBe(200);
    const revoke = await owner.post<Json>(`/api/api-keys/${revoked.id}/revoke`, { reason: 'Leaked' });
    expect(revoke.status).toBe(200);
    conforms(api.revokeApiKey, revoke.body);
    expect(revoke.body).toMatchObject({ status: 'revoked', revokedReason: 'Leaked', actions: [] });
    expect((await owner.post(`/api/api-keys/${revoked.id}/revoke`, { reason: 'again' })).status).toBe(409);

    const refused = async (token: string, type: RegExp, detail: RegExp) => {
      const res = await request<Json>(cloud.url, 'GET', '/api/customers', { token });
      expect(res.status, JSON.stringify(res.body)).toBe(401);
      expect(res.body.type).toMatch(type);
      expect(String(res.body.detail)).toMatch(detail);
    };
    await refused(revoked.key, /api-key-revoked$/, /revoked/);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await refused(short.key, /api-key-expired$/, /expired/);
    // Someone else's key id with a made-up secret, and an id no key has: neither says more than "not valid".
    const forged = `${revoked.key.slice(0, 31)}${'A'.repeat(43)}`;
    await refused(forged, /invalid-api-key$/, /not valid/);
    await refused(`ffk_01JZZZZZZZZZZZZZZZZZZZZZZZ_${'B'.repeat(43)}`, /invalid-api-key$/, /not valid/);
    await refused('ffk_short', /invalid-api-key$/, /not valid/);
    expect((await owner.get<Json>(`/api/api-keys/${short.id}`)).body.expired).toBe(true);
  });

  it('never appear in the events table or the views table, only their prefix', async () => {
    await cloud.settle();
    const [events, views] = await Promise.all([
      scan(process.env[env.EVENTS_TABLE]!),
      scan(process.env[env.VIEWS_TABLE]!),
    ]);
    for (const { id, key } of [reader, writer]) {
      const secret = key.slice(-43);
      expect(events).toContain(`ffk_${id}`);
      expect(views).toContain(`ffk_${id}`);
      expect(events).not.toContain(secret);
      expect(views).not.toContain(secret);
    }
  });
});
