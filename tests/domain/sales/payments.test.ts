import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModelState } from '../../../domain/catalog/models.ts';
import { balanceOf, netPaidOf, type OrderCommand, orderDecider } from '../../../domain/sales/orders.ts';
import { evolveAll, replay, settled } from '../helpers.ts';

const model: ModelState = {
  exists: true,
  modelId: 'm',
  name: 'Spark 16',
  basePriceCents: 1_000_000,
  options: [],
  sizeSqFt: 128,
  sleeps: 2,
  mount: 'trailer',
  materials: [],
  retired: false,
};
const place: OrderCommand = {
  type: 'PlaceOrder',
  orderId: 'o1',
  customer: {
    exists: true,
    customerId: 'c',
    name: 'C',
    email: 'c@example.com',
    marketingConsent: false,
    contacts: [],
  },
  model,
  optionCodes: [],
};
const deposit: OrderCommand = {
  type: 'PayDeposit',
  paymentId: 'd',
  amountCents: 200_000,
  method: 'wire',
  on: '2026-01-05',
};

describe('payments', () => {
  it('records deposits, progress and final payments, failures and refunds', () => {
    const order = settled(orderDecider, [
      place,
      {
        type: 'RecordFailedPayment',
        paymentId: 'f',
        amountCents: 200_000,
        method: 'card',
        reason: 'Declined',
        on: '2026-01-04',
      },
      deposit,
      {
        type: 'RecordPayment',
        paymentId: 'p',
        amountCents: 400_000,
        method: 'ach',
        kind: 'progress',
        on: '2026-02-01',
      },
      { type: 'RefundPayment', paymentId: 'p', amountCents: 50_000, reason: 'Goodwill', on: '2026-02-03' },
      {
        type: 'RecordPayment',
        paymentId: 'final',
        amountCents: 450_000,
        method: 'wire',
        kind: 'final',
        on: '2026-03-01',
      },
    ]);
    if (!order.exists) throw new Error('no order');
    expect(order).toMatchObject({ stage: 'deposit_paid', paidCents: 1_050_000, refundedCents: 50_000 });
    expect(netPaidOf(order)).toBe(1_000_000);
    expect(balanceOf(order)).toBe(0);
    expect(order.payments.map((p) => `${p.paymentId}:${p.status}:${p.refundedCents}`)).toEqual([
      'f:failed:0',
      'd:received:0',
      'p:received:50000',
      'final:received:0',
    ]);
  });

  it('refuses payments beyond the balance, refunds beyond the payment and refunds of failed payments', () => {
    const { refused } = replay(orderDecider, [
      place,
      deposit,
      {
        type: 'RecordPayment',
        paymentId: 'x',
        amountCents: 800_001,
        method: 'ach',
        kind: 'final',
        on: '2026-01-06',
      },
      { type: 'RefundPayment', paymentId: 'd', amountCents: 200_001, reason: 'r', on: '2026-01-07' },
      {
        type: 'RecordFailedPayment',
        paymentId: 'f',
        amountCents: 10,
        method: 'card',
        reason: 'r',
        on: '2026-01-07',
      },
      { type: 'RefundPayment', paymentId: 'f', amountCents: 10, reason: 'r', on: '2026-01-07' },
      {
        type: 'RecordPayment',
        paymentId: 'd',
        amountCents: 1,
        method: 'ach',
        kind: 'progress',
        on: '2026-01-08',
      },
    ]);
    expect(refused).toEqual(['overpayment', 'refund-too-large', 'payment-not-found', 'payment-exists']);
  });

  it('refunds a cancelled order’s deposit', () => {
    const order = settled(orderDecider, [
      place,
      deposit,
      { type: 'CancelOrder', reason: 'Moved' },
      { type: 'RefundPayment', paymentId: 'd', amountCents: 200_000, reason: 'Cancelled', on: '2026-01-09' },
    ]);
    expect(order).toMatchObject({ stage: 'cancelled', refundedCents: 200_000, paidCents: 200_000 });
  });

  const ids = fc.constantFrom('a', 'b', 'c', 'd');
  const amount = fc.integer({ min: 1, max: 700_000 });
  const command: fc.Arbitrary<OrderCommand> = fc.oneof(
    fc.constant(place),
    fc.tuple(ids, amount).map<OrderCommand>(([paymentId, amountCents]) => ({
      type: 'PayDeposit',
      paymentId,
      amountCents,
      on: '2026-01-01',
    })),
    fc
      .tuple(ids, amount, fc.constantFrom('progress', 'final') as fc.Arbitrary<'progress' | 'final'>)
      .map<OrderCommand>(([paymentId, amountCents, kind]) => ({
        type: 'RecordPayment',
        paymentId,
        amountCents,
        method: 'ach',
        kind,
        on: '2026-01-02',
      })),
    fc.tuple(ids, amount).map<OrderCommand>(([paymentId, amountCents]) => ({
      type: 'RecordFailedPayment',
      paymentId,
      amountCents,
      method: 'card',
      reason: 'r',
      on: '2026-01-03',
    })),
    fc.tuple(ids, amount).map<OrderCommand>(([paymentId, amountCents]) => ({
      type: 'RefundPayment',
      paymentId,
      amountCents,
      reason: 'r',
      on: '2026-01-04',
    })),
    fc.constant<OrderCommand>({ type: 'StartBuild' }),
    fc.constant<OrderCommand>({ type: 'CancelOrder', reason: 'r' }),
  );

  it('never takes more than the total less refunds, nor refunds more than was paid, whatever the commands', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 30 }), (commands) => {
        const { state, events } = replay(orderDecider, commands);
        if (!state.exists) return;
        expect(netPaidOf(state)).toBeGreaterThanOrEqual(0);
        expect(netPaidOf(state)).toBeLessThanOrEqual(state.totalCents);
        for (const p of state.payments) {
          expect(p.refundedCents).toBeLessThanOrEqual(p.status === 'received' ? p.amountCents : 0);
        }
        expect(state.paidCents).toBe(
          state.payments.filter((p) => p.status === 'received').reduce((s, p) => s + p.amountCents, 0),
        );
        expect(new Set(state.payments.map((p) => p.paymentId)).size).toBe(state.payments.length);
        expect(evolveAll(orderDecider, events)).toEqual(state);
      }),
    );
  });
});
