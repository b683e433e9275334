import { describe, expect, it } from 'vitest';
import { LARGE_ORDER_CENTS, refreshFor, wider } from '../../../domain/insights/refresh.ts';

describe('which events refresh the insights', () => {
  it('refreshes the inventory when stock falls, everything on a large order, nothing otherwise', () => {
    expect(refreshFor({ type: 'StockConsumed', data: { itemId: 'i1', quantity: 3 } })).toEqual({
      scope: 'inventory',
      cause: 'StockConsumed on i1',
    });
    expect(refreshFor({ type: 'StockReserved', data: { itemId: 'i1' } })?.scope).toBe('inventory');
    expect(refreshFor({ type: 'StockAdjusted', data: { itemId: 'i1', delta: -2 } })?.scope).toBe('inventory');
    expect(refreshFor({ type: 'StockAdjusted', data: { itemId: 'i1', delta: 5 } })).toBeUndefined();
    expect(
      refreshFor({ type: 'OrderPlaced', data: { orderId: 'o1', totalCents: LARGE_ORDER_CENTS } }),
    ).toEqual({
      scope: 'all',
      cause: 'OrderPlaced o1 of $120000',
    });
    expect(
      refreshFor({ type: 'OrderPlaced', data: { orderId: 'o2', totalCents: LARGE_ORDER_CENTS - 1 } }),
    ).toBeUndefined();
    expect(refreshFor({ type: 'CustomerRegistered', data: {} })).toBeUndefined();
  });

  it('merges pending refreshes to the wider scope', () => {
    expect(wider(undefined, 'inventory')).toBe('inventory');
    expect(wider('inventory', 'all')).toBe('all');
    expect(wider('all', 'inventory')).toBe('all');
  });
});
