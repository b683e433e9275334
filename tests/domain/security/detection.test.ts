import { describe, expect, it } from 'vitest';
import { isBusinessTime } from '../../../domain/security/business-hours.ts';
import {
  detectMfaFailures,
  detectNewAddress,
  detectOffHours,
  detectReadBurst,
  detectRoleEscalation,
  detectSignInFailures,
  detectWebhookFailures,
  type SignInFailure,
} from '../../../domain/security/detection.ts';

const T0 = Date.parse('2026-03-03T16:00:00Z');
const SEC = 1000;
const fail = (i: number, email: string, ip: string, at = T0 + i * SEC): SignInFailure => ({
  eventId: `e${i}`,
  at,
  email,
  ip,
});

describe('wrong MFA codes', () => {
  it('raises high at 3 wrong codes for one account within 15 minutes and critical at 6, once per window', () => {
    const facts = Array.from({ length: 3 }, (_, i) => fail(i, 'bob@x.com', '10.0.0.1'));
    const found = detectMfaFailures(facts, facts[2]!);
    expect(found.map((d) => [d.rule, d.severity, d.subject.id])).toEqual([
      ['failed-mfa-codes', 'high', 'bob@x.com'],
    ]);
    expect(found[0]!.evidence).toMatchObject({ failures: 3, addresses: ['10.0.0.1'] });
    expect(detectMfaFailures(facts.slice(0, 2), facts[1]!)).toEqual([]);
    expect(detectMfaFailures([...facts].reverse(), facts[2]!)[0]!.id).toBe(found[0]!.id);
    const six = Array.from({ length: 6 }, (_, i) => fail(i, 'bob@x.com', '10.0.0.1'));
    expect(detectMfaFailures(six, six[5]!).map((d) => d.severity)).toEqual(['critical']);
  });

  it("counts only the account's own codes, within the window", () => {
    const others = [fail(0, 'ann@x.com', '10.0.0.1'), fail(1, 'ann@x.com', '10.0.0.1')];
    const mine = fail(2, 'bob@x.com', '10.0.0.1');
    expect(detectMfaFailures([...others, mine], mine)).toEqual([]);
    const spread = Array.from({ length: 3 }, (_, i) =>
      fail(i, 'bob@x.com', '10.0.0.1', T0 + i * 10 * 60 * SEC),
    );
    expect(detectMfaFailures(spread, spread[2]!)).toEqual([]);
  });
});

describe('failed sign-in rules', () => {
  it('raises medium at 5 failures for one account and high at 10, once per window', () => {
    const facts = Array.from({ length: 5 }, (_, i) => fail(i, 'bob@x.com', `10.0.0.${i}`));
    const found = detectSignInFailures(facts, facts[4]!);
    expect(found.map((d) => [d.rule, d.severity])).toEqual([['failed-sign-ins-account', 'medium']]);
    expect(found[0]!.evidence).toMatchObject({ failures: 5 });
    expect(detectSignInFailures(facts.slice(0, 4), facts[3]!)).toEqual([]);
    // The same facts in another order, or a duplicate, give the same detection id.
    expect(detectSignInFailures([...facts].reverse(), facts[4]!)[0]!.id).toBe(found[0]!.id);
    const ten = Array.from({ length: 10 }, (_, i) => fail(i, 'bob@x.com', `10.0.0.${i}`));
    expect(detectSignInFailures(ten, ten[9]!).map((d) => d.severity)).toEqual(['high']);
  });

  it('counts an event that arrives late toward the window after it', () => {
    const facts = Array.from({ length: 5 }, (_, i) => fail(i, 'bob@x.com', '10.0.0.1'));
    // The first failure is processed last: its own window holds only itself, the later one holds all five.
    const found = detectSignInFailures(facts, facts[0]!);
    expect(found.find((d) => d.rule === 'failed-sign-ins-account')).toBeDefined();
  });

  it('raises per address at 10 failures and credential stuffing across 5 accounts', () => {
    const facts = Array.from({ length: 10 }, (_, i) => fail(i, `user${i % 5}@x.com`, '203.0.113.9'));
    const found = detectSignInFailures(facts, facts[9]!);
    expect(found.map((d) => d.rule).sort()).toEqual(['credential-stuffing', 'failed-sign-ins-address']);
    expect(found.find((d) => d.rule === 'credential-stuffing')!.evidence).toMatchObject({ accountCount: 5 });
  });

  it('raises credential stuffing spread over a few addresses', () => {
    const ips = ['198.51.100.1', '198.51.100.2', '198.51.100.3'];
    const facts = Array.from({ length: 9 }, (_, i) => fail(i, `user${i}@x.com`, ips[i % 3]!));
    const found = detectSignInFailures(facts, facts[8]!);
    expect(found.map((d) => [d.rule, d.subject.kind])).toEqual([['credential-stuffing', 'addresses']]);
  });

  it('ignores failures outside the window', () => {
    const facts = Array.from({ length: 5 }, (_, i) =>
      fail(i, 'bob@x.com', '10.0.0.1', T0 + i * 5 * 60 * SEC),
    );
    expect(detectSignInFailures(facts, facts[4]!)).toEqual([]);
  });
});

describe('other rules', () => {
  it('notes a sign-in from a new address, but not the first sign-in or a known address', () => {
    const ok = (i: number, ip: string, role = 'manager') => ({
      eventId: `s${i}`,
      at: T0 + i * SEC,
      email: 'ann@x.com',
      ip,
      role,
    });
    expect(detectNewAddress([ok(1, '1.1.1.1')], ok(1, '1.1.1.1'))).toBeUndefined();
    expect(detectNewAddress([ok(1, '1.1.1.1'), ok(2, '1.1.1.1')], ok(2, '1.1.1.1'))).toBeUndefined();
    expect(detectNewAddress([ok(1, '1.1.1.1')], ok(2, '2.2.2.2'))).toMatchObject({ severity: 'low' });
    expect(detectNewAddress([ok(1, '1.1.1.1')], ok(2, '2.2.2.2', 'admin'))).toMatchObject({
      severity: 'medium',
    });
  });

  it('grades role escalations and ignores demotions and ordinary onboarding', () => {
    const change = (
      role: string,
      previousRole: string | null,
      type: 'RoleAssigned' | 'UserInvited' = 'RoleAssigned',
    ) => ({
      eventId: 'r1',
      at: T0,
      type,
      actor: 'owner@x.com',
      email: 'bob@x.com',
      role,
      previousRole,
    });
    expect(detectRoleEscalation(change('manager', 'viewer'))?.severity).toBe('medium');
    expect(detectRoleEscalation(change('admin', 'manager'))?.severity).toBe('high');
    expect(detectRoleEscalation(change('owner', 'admin'))?.severity).toBe('critical');
    expect(detectRoleEscalation(change('viewer', 'manager'))).toBeUndefined();
    expect(detectRoleEscalation(change('viewer', null, 'UserInvited'))).toBeUndefined();
    expect(detectRoleEscalation(change('admin', null, 'UserInvited'))?.severity).toBe('high');
  });

  it('raises a burst of sensitive reads at 10 and 30 within 10 minutes', () => {
    const reads = Array.from({ length: 30 }, (_, i) => ({
      eventId: `r${i}`,
      at: T0 + i * SEC,
      who: 'ann@x.com',
      resource: 'audit-export',
    }));
    expect(detectReadBurst(reads.slice(0, 9), reads[8]!)).toEqual([]);
    expect(detectReadBurst(reads.slice(0, 10), reads[9]!)[0]).toMatchObject({ severity: 'medium' });
    expect(detectReadBurst(reads, reads[29]!)[0]).toMatchObject({ severity: 'high' });
  });

  it('notes activity outside business hours once per person and day', () => {
    const hours = { timeZone: 'America/Denver', hours: '7-19', days: '1-5' };
    // 2026-03-08 is a Sunday; 03:00 in Denver.
    const sunday = Date.parse('2026-03-08T10:00:00Z');
    const tuesdayNoon = Date.parse('2026-03-03T19:00:00Z');
    expect(isBusinessTime(new Date(tuesdayNoon), hours)).toBe(true);
    const event = (at: number, type = 'OrderPlaced', role = 'manager') => ({
      eventId: `o${at}`,
      at,
      type,
      who: 'ann@x.com',
      role,
    });
    expect(detectOffHours(event(tuesdayNoon), hours)).toBeUndefined();
    const first = detectOffHours(event(sunday), hours)!;
    expect(first).toMatchObject({ rule: 'off-hours-activity', severity: 'low' });
    expect(detectOffHours(event(sunday + 3_600_000), hours)!.id).toBe(first.id);
    expect(detectOffHours(event(sunday, 'RoleAssigned'), hours)!.severity).toBe('medium');
    expect(detectOffHours(event(sunday, 'OrderPlaced', 'system'), hours)).toBeUndefined();
    // Reading one's notifications at night is not business activity (nor a cause for another one).
    expect(detectOffHours(event(sunday, 'NotificationRead'), hours)).toBeUndefined();
  });

  it('raises repeated webhook signature failures per provider', () => {
    const facts = Array.from({ length: 5 }, (_, i) => ({
      eventId: `w${i}`,
      at: T0 + i * SEC,
      provider: 'stripe',
      ip: '203.0.113.5',
      reason: 'mismatch',
    }));
    expect(detectWebhookFailures(facts.slice(0, 4), facts[3]!)).toEqual([]);
    expect(detectWebhookFailures(facts, facts[4]!)[0]).toMatchObject({
      severity: 'high',
      subject: { id: 'stripe' },
    });
  });
});
