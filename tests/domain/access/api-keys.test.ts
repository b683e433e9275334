import { describe, expect, it } from 'vitest';
import {
  type ApiKeyCommand,
  apiKeyDecider,
  availableApiKeyActions,
  defaultExpiry,
  keyPermissions,
  unusableBecause,
} from '../../../domain/access/api-keys.ts';
import { API_KEY_ROLE, allows, can } from '../../../domain/access/permissions.ts';
import { isPerson } from '../../../domain/security/detection.ts';
import { replay } from '../helpers.ts';

const DAY = 86_400_000;
const now = new Date('2026-12-02T10:00:00Z');
const inDays = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
const owner = { id: 'u-1', email: 'owner@example.com' };

const issue = (overrides: Partial<Extract<ApiKeyCommand, { type: 'IssueApiKey' }>> = {}): ApiKeyCommand => ({
  type: 'IssueApiKey',
  keyId: '01JKEY',
  name: 'CRM sync',
  permissions: ['customers:read', 'customers:write'],
  expiresAt: inDays(90),
  createdBy: owner,
  issuerPermissions: ['customers:read', 'customers:write', 'orders:read'],
  prefix: 'ffk_01JKEY',
  last4: 'abcd',
  now: now.toISOString(),
  ...overrides,
});
const revoke: ApiKeyCommand = { type: 'RevokeApiKey', reason: 'Leaked', revokedBy: owner, at: inDays(1) };
const context = { today: '2026-12-02' as never, by: 'u-1' };

describe('issuing an API key', () => {
  it('records its name, permissions, expiry, issuer and hint, never anything secret', () => {
    const { state, events, refused } = replay(apiKeyDecider, [issue()]);
    expect(refused).toEqual([]);
    expect(events).toEqual([
      {
        type: 'ApiKeyIssued',
        data: {
          keyId: '01JKEY',
          name: 'CRM sync',
          permissions: ['customers:read', 'customers:write'],
          expiresAt: inDays(90),
          createdBy: owner,
          prefix: 'ffk_01JKEY',
          last4: 'abcd',
        },
      },
    ]);
    expect(state).toMatchObject({ exists: true, status: 'active' });
    expect(availableApiKeyActions(state, context)).toEqual(['revoke']);
  });

  it('refuses permissions the issuer does not have, none, unknown ones, and expiries outside a year', () => {
    const cases: [Partial<Extract<ApiKeyCommand, { type: 'IssueApiKey' }>>, string][] = [
      [{ permissions: ['customers:read', 'users:manage'] }, 'permissions-not-held'],
      [{ permissions: [] }, 'no-permissions'],
      [{ permissions: ['customers:teleport'] }, 'unknown-permissions'],
      [{ expiresAt: inDays(367) }, 'expiry-too-far'],
      [{ expiresAt: now.toISOString() }, 'expiry-in-past'],
      [{ expiresAt: inDays(-1) }, 'expiry-in-past'],
    ];
    for (const [overrides, code] of cases)
      expect(replay(apiKeyDecider, [issue(overrides)]).refused, code).toEqual([code]);
    expect(replay(apiKeyDecider, [issue({ expiresAt: inDays(365) })]).refused).toEqual([]);
  });

  it('lists each permission once', () => {
    const { state } = replay(apiKeyDecider, [issue({ permissions: ['customers:read', 'customers:read'] })]);
    expect(state.exists && state.permissions).toEqual(['customers:read']);
  });

  it('defaults to 90 days', () => {
    expect(defaultExpiry(now)).toBe(inDays(90));
  });
});

describe('revoking an API key', () => {
  it('records who revoked it, when and why, once', () => {
    const { state, refused } = replay(apiKeyDecider, [issue(), revoke, revoke]);
    expect(refused).toEqual(['api-key-revoked']);
    expect(state).toMatchObject({
      status: 'revoked',
      revokedBy: owner,
      revokedAt: inDays(1),
      revokedReason: 'Leaked',
    });
    expect(availableApiKeyActions(state, context)).toEqual([]);
  });

  it('refuses a key that does not exist', () => {
    expect(replay(apiKeyDecider, [revoke]).refused).toEqual(['api-key-not-found']);
  });
});

describe('using an API key', () => {
  it('is refused once revoked or past its expiry, saying which', () => {
    const active = replay(apiKeyDecider, [issue()]).state;
    expect(unusableBecause(active, now)).toBeUndefined();
    expect(unusableBecause(active, new Date(inDays(90)))).toMatch(/expired/);
    const revoked = replay(apiKeyDecider, [issue(), revoke]).state;
    expect(unusableBecause(revoked, now)).toMatch(/revoked/);
    expect(unusableBecause(apiKeyDecider.initialState, now)).toMatch(/not known/);
  });

  it("grants exactly the key's permissions, whatever its issuer's role may do", () => {
    const state = replay(apiKeyDecider, [issue()]).state;
    if (!state.exists) throw new Error('issued');
    const key = { role: API_KEY_ROLE, permissions: keyPermissions(state) };
    expect(allows(key, 'customers:write')).toBe(true);
    expect(allows(key, 'orders:read')).toBe(false);
    expect(allows({ role: API_KEY_ROLE }, 'customers:read')).toBe(false);
    // People still act by their role's permissions.
    expect(allows({ role: 'viewer' }, 'customers:read')).toBe(can('viewer', 'customers:read'));
    // A key is not a person: no activity tracking or off-hours alerts for it.
    expect(isPerson(API_KEY_ROLE)).toBe(false);
  });
});
