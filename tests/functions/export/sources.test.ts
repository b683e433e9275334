import { describe, expect, it } from 'vitest';
import { sourceProblems } from '../../../functions/export/sources.ts';

/** An export of a collection filters as its list does: by the filters its view indexes, and no others. */
describe('export source filters', () => {
  it('accepts the filters the collection list offers', () => {
    expect(
      sourceProblems({ kind: 'view', view: 'orders', where: { stage: 'delivered', customerId: 'c1' } }),
    ).toEqual([]);
  });

  it('refuses a filter on a field its list does not index, naming those it does', () => {
    expect(sourceProblems({ kind: 'view', view: 'orders', where: { modelName: 'Nest' } })).toEqual([
      'orders cannot be filtered by modelName; its filters are stage, customerId',
    ]);
    expect(sourceProblems({ kind: 'view', view: 'customers', where: { name: 'Ada' } })).toEqual([
      'customers cannot be filtered by name; it has no filters',
    ]);
  });
});
