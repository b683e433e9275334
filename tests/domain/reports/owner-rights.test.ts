import { describe, expect, it } from 'vitest';
import { ownerRefusal } from '../../../domain/reports/delivery.ts';

describe("a scheduled run under its owner's current rights", () => {
  it('may run while the owner exists, is enabled and their role reads every table it touches', () => {
    expect(ownerRefusal({ enabled: true, role: 'analyst' }, ['orders:read', 'leads:read'])).toBeUndefined();
  });

  it('is refused, with the reason, for an owner gone, disabled, without a role, or whose role lost a table', () => {
    expect(ownerRefusal(undefined, [])).toContain('no longer has an account');
    expect(ownerRefusal({ enabled: false, role: 'analyst' }, [])).toContain('disabled');
    expect(ownerRefusal({ enabled: true, role: null }, [])).toContain('no role');
    expect(ownerRefusal({ enabled: true, role: 'viewer' }, ['users:manage'])).toBe(
      "The report's owner (now viewer) may no longer read what it reads: users:manage",
    );
  });
});
