import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ItemState } from '../../../domain/inventory/items.ts';
import {
  outstandingOf,
  type PurchaseOrderCommand,
  purchaseOrderDecider,
} from '../../../domain/purchasing/purchase-orders.ts';
import { supplierDecider } from '../../../domain/purchasing/suppliers.ts';
import { MAX_AMOUNT_CENTS } from '../../../domain/shared/money.ts';
import { evolveAll, replay, settled } from '../helpers.ts';

const supplier = settled(supplierDecider, [
  {
    type: 'RegisterSupplier',
    supplierId: 's1',
    name: 'Cascade Timber',
    email: 'o@cascade.example',
    leadTimeDays: 9,
    paymentTermsDays: 30,
  },
]);
const item = (itemId: string): ItemState => ({
  exists: true,
  itemId,
  sku: itemId.toUpperCase(),
  name: itemId,
  unit: 'each',
  unitCostCents: 100,
  reorderPoint: 1,
  reorderQuantity: 1,
  leadTimeDays: 9,
  onHand: 0,
  reserved: 0,
  reservations: {},
  receivedTotal: 0,
  consumedTotal: 0,
});
const place: PurchaseOrderCommand = {
  type: 'PlacePurchaseOrder',
  purchaseOrderId: 'po1',
  supplier,
  items: [item('lumber'), item('decking')],
  lines: [
    { itemId: 'lumber', quantity: 100, unitCostCents: 1_150 },
    { itemId: 'decking', quantity: 20, unitCostCents: 640 },
  ],
  on: '2026-03-02',
};

describe('suppliers and purchase orders', () => {
  it("expects delivery after the supplier's lead time and tracks partial receipts", () => {
    const po = settled(purchaseOrderDecider, [
      place,
      { type: 'ReceivePurchaseOrder', lines: [{ itemId: 'lumber', quantity: 60 }], on: '2026-03-11' },
    ]);
    expect(po).toMatchObject({ expectedOn: '2026-03-11', status: 'partially_received', totalCents: 127_800 });
    const done = settled(purchaseOrderDecider, [
      place,
      { type: 'ReceivePurchaseOrder', lines: [{ itemId: 'lumber', quantity: 60 }], on: '2026-03-11' },
      {
        type: 'ReceivePurchaseOrder',
        lines: [
          { itemId: 'lumber', quantity: 40 },
          { itemId: 'decking', quantity: 20 },
        ],
        on: '2026-03-15',
      },
    ]);
    expect(done).toMatchObject({ status: 'received', lastReceivedOn: '2026-03-15' });
  });

  it('refuses unknown items, over-receipts and receipts after cancellation', () => {
    expect(
      replay(purchaseOrderDecider, [{ ...place, items: [item('lumber')] } as PurchaseOrderCommand]).refused,
    ).toEqual(['item-not-found']);
    const { refused } = replay(purchaseOrderDecider, [
      place,
      { type: 'ReceivePurchaseOrder', lines: [{ itemId: 'lumber', quantity: 101 }], on: '2026-03-11' },
      { type: 'ReceivePurchaseOrder', lines: [{ itemId: 'windows', quantity: 1 }], on: '2026-03-11' },
      { type: 'CancelPurchaseOrder', reason: 'Supplier out of stock' },
      { type: 'ReceivePurchaseOrder', lines: [{ itemId: 'lumber', quantity: 1 }], on: '2026-03-11' },
    ]);
    expect(refused).toEqual(['over-receipt', 'item-not-ordered', 'invalid-status']);
  });

  it('refuses a purchase order whose total one record cannot hold ($100 million)', () => {
    const huge = { ...place, lines: [{ itemId: 'lumber', quantity: 1_000_000, unitCostCents: 10_001 }] };
    expect(() => purchaseOrderDecider.decide(huge, purchaseOrderDecider.initialState)).toThrow(/at most/);
    const largest = { ...place, lines: [{ itemId: 'lumber', quantity: 1_000_000, unitCostCents: 10_000 }] };
    expect(settled(purchaseOrderDecider, [largest])).toMatchObject({ totalCents: MAX_AMOUNT_CENTS });
  });

  it('changes only the supplier details that differ', () => {
    expect(
      supplierDecider.decide(
        { type: 'ChangeSupplierDetails', leadTimeDays: 9, name: 'Cascade Timber' },
        supplier,
      ),
    ).toEqual([]);
  });

  const receipt = fc
    .tuple(fc.constantFrom('lumber', 'decking'), fc.integer({ min: 1, max: 80 }))
    .map<PurchaseOrderCommand>(([itemId, quantity]) => ({
      type: 'ReceivePurchaseOrder',
      lines: [{ itemId, quantity }],
      on: '2026-03-12',
    }));

  it('never receives more than was ordered, whatever the receipts', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(receipt, fc.constant<PurchaseOrderCommand>({ type: 'CancelPurchaseOrder', reason: 'r' })),
          { maxLength: 20 },
        ),
        (commands) => {
          const { state, events } = replay(purchaseOrderDecider, [place, ...commands]);
          if (!state.exists) throw new Error('no purchase order');
          for (const line of state.lines) expect(outstandingOf(line)).toBeGreaterThanOrEqual(0);
          if (state.status === 'received')
            expect(state.lines.every((l) => outstandingOf(l) === 0)).toBe(true);
          expect(evolveAll(purchaseOrderDecider, events)).toEqual(state);
        },
      ),
    );
  });
});
