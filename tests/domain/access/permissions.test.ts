import { describe, expect, it } from 'vitest';
import { can, effectiveRole, MATRIX, PERMISSIONS, ROLES } from '../../../domain/access/permissions.ts';

describe('permissions', () => {
  it('gives owners every permission and viewers no write', () => {
    expect(MATRIX.owner).toEqual(PERMISSIONS);
    expect(MATRIX.viewer.every((p) => p.endsWith(':read'))).toBe(true);
    expect(can('viewer', 'orders:write')).toBe(false);
    expect(can('nobody', 'orders:read')).toBe(false);
  });

  it('never grants a lower role what a higher one lacks', () => {
    for (let i = 1; i < ROLES.length; i++) {
      const higher = MATRIX[ROLES[i - 1]!];
      for (const permission of MATRIX[ROLES[i]!]) expect(higher).toContain(permission);
    }
  });

  it('acts with the most powerful of several groups', () => {
    expect(effectiveRole(['viewer', 'manager'])).toBe('manager');
    expect(effectiveRole(['unknown'])).toBeUndefined();
  });
});
