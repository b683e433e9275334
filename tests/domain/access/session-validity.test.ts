import { describe, expect, it } from 'vitest';
import { sessionEndedBy } from '../../../domain/access/session-validity.ts';

const issuedAt = Date.parse('2026-11-25T10:00:00Z') / 1000;
const at = (iso: string, type = 'RoleAssigned') => ({ type, occurredAt: iso });

describe('whether a session still speaks for its account', () => {
  it('ends with a role change, a revocation or disabling made after the token was issued', () => {
    for (const type of ['RoleAssigned', 'RoleRevoked', 'UserDisabled'])
      expect(sessionEndedBy(issuedAt, [at('2026-11-25T10:05:00Z', type)])).toMatchObject({ type });
  });

  it('survives changes made before it, in its own second, or that do not cut access', () => {
    expect(sessionEndedBy(issuedAt, [at('2026-11-25T09:59:59.999Z')])).toBeUndefined();
    expect(sessionEndedBy(issuedAt, [at('2026-11-25T10:00:00.900Z')])).toBeUndefined();
    expect(
      sessionEndedBy(issuedAt, [
        at('2026-11-25T10:05:00Z', 'UserEnabled'),
        at('2026-11-25T10:06:00Z', 'AccountUnlocked'),
        at('2026-11-25T10:07:00Z', 'UserActivated'),
      ]),
    ).toBeUndefined();
    expect(sessionEndedBy(issuedAt, [])).toBeUndefined();
  });
});
