import { describe, expect, it } from 'vitest';
import { checkAccessChange } from '../../../domain/security/access-rules.ts';
import { sessionsOf } from '../../../domain/security/activity-sessions.ts';
import { recommend } from '../../../domain/security/recommendations.ts';

const owner = { id: 'o1', email: 'owner@x.com', role: 'owner' };
const admin = { id: 'a1', email: 'admin@x.com', role: 'admin' };
const target = (role: 'owner' | 'admin' | 'manager' | null, email = 't@x.com') => ({
  userId: `u-${email}`,
  email,
  role,
  enabled: true,
});

describe('access rules', () => {
  it('lets owners do anything to others and admins grant up to admin', () => {
    expect(() =>
      checkAccessChange(owner, target('manager'), { kind: 'assign', role: 'owner' }, 1),
    ).not.toThrow();
    expect(() =>
      checkAccessChange(admin, target('manager'), { kind: 'assign', role: 'admin' }, 1),
    ).not.toThrow();
    expect(() => checkAccessChange(admin, target('manager'), { kind: 'assign', role: 'owner' }, 1)).toThrow(
      /Only an owner/,
    );
    expect(() => checkAccessChange(admin, undefined, { kind: 'invite', role: 'owner' }, 1)).toThrow(
      /Only an owner/,
    );
  });

  it('keeps people from changing their own access and admins from touching owners', () => {
    expect(() => checkAccessChange(admin, target('admin', 'admin@x.com'), { kind: 'revoke' }, 1)).toThrow(
      /your own/,
    );
    expect(() => checkAccessChange(admin, target('owner'), { kind: 'disable' }, 2)).toThrow(/Only an owner/);
    expect(() => checkAccessChange(admin, target('owner'), { kind: 'unlock' }, 2)).not.toThrow();
  });

  it("lets an admin reset someone else's MFA, never their own, and an owner's only if an owner", () => {
    expect(() => checkAccessChange(admin, target('manager'), { kind: 'reset-mfa' }, 1)).not.toThrow();
    expect(() => checkAccessChange(admin, target('admin', 'admin@x.com'), { kind: 'reset-mfa' }, 1)).toThrow(
      /your own/,
    );
    expect(() => checkAccessChange(admin, target('owner'), { kind: 'reset-mfa' }, 2)).toThrow(
      /Only an owner/,
    );
    expect(() => checkAccessChange(owner, target('owner'), { kind: 'reset-mfa' }, 1)).not.toThrow();
  });

  it('never removes the last enabled owner', () => {
    expect(() => checkAccessChange(owner, target('owner'), { kind: 'assign', role: 'admin' }, 1)).toThrow(
      /last enabled owner/,
    );
    expect(() => checkAccessChange(owner, target('owner'), { kind: 'disable' }, 2)).not.toThrow();
  });
});

describe('recommendations', () => {
  const now = Date.parse('2026-06-01T00:00:00Z');
  const account = (email: string, role: string | null, extra: object = {}) => ({
    userId: email,
    email,
    role,
    enabled: true,
    status: 'CONFIRMED',
    mfa: false,
    createdAt: '2026-01-01T00:00:00Z',
    modifiedAt: '2026-05-01T00:00:00Z',
    lastSignInAt: '2026-05-30T00:00:00Z',
    ...extra,
  });

  it('recommends MFA for admins, disabling unused accounts and rotating stale passwords', () => {
    const found = recommend(
      [
        account('owner@x.com', 'owner', { mfa: true }),
        account('admin@x.com', 'admin'),
        account('idle@x.com', 'viewer', { lastSignInAt: '2026-02-01T00:00:00Z' }),
        account('old@x.com', 'manager', { modifiedAt: '2025-06-01T00:00:00Z' }),
        account('gone@x.com', 'viewer', { enabled: false }),
        account('new@x.com', 'viewer', {
          status: 'FORCE_CHANGE_PASSWORD',
          lastSignInAt: undefined,
          createdAt: '2026-05-01T00:00:00Z',
        }),
      ],
      [{ id: 'ev1', severity: 'high', status: 'open', raisedAt: '2026-05-01T00:00:00Z', title: 'x' }],
      now,
    );
    const byId = Object.fromEntries(found.map((r) => [r.id, r.subjects]));
    expect(byId).toEqual({
      'mfa-for-privileged': ['admin@x.com'],
      'unhandled-security-events': ['ev1'],
      'unused-accounts': ['idle@x.com'],
      'stale-credentials': ['old@x.com'],
      'expired-invitations': ['new@x.com'],
      'disabled-with-role': ['gone@x.com'],
    });
  });
});

describe('sessions', () => {
  it('groups activity from the sign-in address under the sign-in', () => {
    const item = (id: string, type: string, at: string, ip = '1.1.1.1') => ({
      eventId: id,
      eventType: type,
      occurredAt: at,
      ip,
      summary: '',
    });
    const sessions = sessionsOf([
      item('1', 'SignInSucceeded', '2026-01-01T09:00:00Z'),
      item('2', 'OrderPlaced', '2026-01-01T09:05:00Z'),
      item('3', 'OrderPlaced', '2026-01-01T09:06:00Z', '9.9.9.9'),
      item('4', 'SignInSucceeded', '2026-01-02T09:00:00Z', '2.2.2.2'),
    ]);
    expect(sessions.map((s) => [s.ip, s.actions, s.lastActivityAt])).toEqual([
      ['2.2.2.2', 0, '2026-01-02T09:00:00Z'],
      ['1.1.1.1', 1, '2026-01-01T09:05:00Z'],
    ]);
  });
});
