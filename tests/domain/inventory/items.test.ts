import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { availableOf, type ItemCommand, itemDecider, needsReorder } from '../../../domain/inventory/items.ts';
import { evolveAll, replay, settled } from '../helpers.ts';

const register: ItemCommand = {
  type: 'RegisterItem',
  itemId: 'lumber',
  sku: 'LUMBER',
  name: 'Framing lumber bundle',
  unit: 'bundle',
  unitCostCents: 115_000,
  reorderPoint: 20,
  reorderQuantity: 50,
  leadTimeDays: 9,
};

describe('stock items', () => {
  it('receives, reserves for builds, consumes what was reserved and releases cancelled reservations', () => {
    const item = settled(itemDecider, [
      register,
      { type: 'ReceiveStock', quantity: 40, unitCostCents: 115_000, purchaseOrderId: 'po1' },
      { type: 'ReserveStock', buildId: 'b1', quantity: 10 },
      { type: 'ReserveStock', buildId: 'b2', quantity: 12 },
      { type: 'ConsumeStock', buildId: 'b1', quantity: 10 },
      { type: 'ReleaseReservation', buildId: 'b2' },
      { type: 'AdjustStock', delta: -2, reason: 'damage', note: 'Rain' },
    ]);
    expect(item).toMatchObject({
      onHand: 28,
      reserved: 0,
      reservations: {},
      receivedTotal: 40,
      consumedTotal: 10,
    });
  });

  it('knows when to reorder: what is free to promise at or below the reorder point', () => {
    const item = settled(itemDecider, [
      register,
      { type: 'ReceiveStock', quantity: 30, unitCostCents: 1 },
      { type: 'ReserveStock', buildId: 'b', quantity: 10 },
    ]);
    if (!item.exists) throw new Error('no item');
    expect(availableOf(item)).toBe(20);
    expect(needsReorder(item)).toBe(true);
  });

  it('refuses to consume or adjust below zero', () => {
    const { refused, state } = replay(itemDecider, [
      register,
      { type: 'ReceiveStock', quantity: 5, unitCostCents: 1 },
      { type: 'ConsumeStock', buildId: 'b', quantity: 6 },
      { type: 'AdjustStock', delta: -6, reason: 'count' },
      { type: 'AdjustStock', delta: 0, reason: 'count' },
    ]);
    expect(refused).toEqual(['insufficient-stock', 'negative-stock', 'invalid-quantity']);
    expect(state).toMatchObject({ onHand: 5 });
  });

  const build = fc.constantFrom('b1', 'b2', 'b3');
  const quantity = fc.integer({ min: 1, max: 30 });
  const command: fc.Arbitrary<ItemCommand> = fc.oneof(
    fc.constant(register),
    quantity.map<ItemCommand>((q) => ({ type: 'ReceiveStock', quantity: q, unitCostCents: 100 })),
    fc
      .tuple(build, quantity)
      .map<ItemCommand>(([buildId, q]) => ({ type: 'ReserveStock', buildId, quantity: q })),
    build.map<ItemCommand>((buildId) => ({ type: 'ReleaseReservation', buildId })),
    fc
      .tuple(build, quantity)
      .map<ItemCommand>(([buildId, q]) => ({ type: 'ConsumeStock', buildId, quantity: q })),
    fc
      .integer({ min: -30, max: 30 })
      .map<ItemCommand>((delta) => ({ type: 'AdjustStock', delta, reason: 'count' })),
  );

  it('never has negative stock or reservations, whatever the commands', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), (commands) => {
        const { state, events } = replay(itemDecider, commands);
        let current = itemDecider.initialState;
        for (const event of events) {
          current = itemDecider.evolve(current, event);
          if (!current.exists) continue;
          expect(current.onHand).toBeGreaterThanOrEqual(0);
          expect(current.reserved).toBe(Object.values(current.reservations).reduce((a, b) => a + b, 0));
          expect(Object.values(current.reservations).every((q) => q > 0)).toBe(true);
        }
        if (state.exists) {
          const adjusted = events.reduce((s, e) => s + (e.type === 'StockAdjusted' ? e.data.delta : 0), 0);
          expect(state.onHand).toBe(state.receivedTotal - state.consumedTotal + adjusted);
        }
        expect(evolveAll(itemDecider, events)).toEqual(state);
      }),
    );
  });
});
