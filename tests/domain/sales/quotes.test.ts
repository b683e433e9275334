import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModelState } from '../../../domain/catalog/models.ts';
import type { CustomerState } from '../../../domain/customers/customers.ts';
import { type OrderCommand, orderDecider } from '../../../domain/sales/orders.ts';
import {
  DISCOUNT_APPROVAL_RATE,
  MAX_DISCOUNT_RATE,
  needsApproval,
  type QuoteCommand,
  quoteDecider,
} from '../../../domain/sales/quotes.ts';
import { evolveAll, replay, settled } from '../helpers.ts';

const customer: CustomerState = {
  exists: true,
  customerId: 'c1',
  name: 'Ada',
  email: 'ada@example.com',
  marketingConsent: false,
  contacts: [],
};
const model: ModelState = {
  exists: true,
  modelId: 'nest',
  name: 'Nest 20',
  basePriceCents: 7_000_000,
  options: [
    { code: 'solar', name: 'Solar', priceCents: 800_000, kind: 'option', materials: [] },
    { code: 'heat-pump', name: 'Heat pump', priceCents: 480_000, kind: 'upgrade', materials: [] },
  ],
  sizeSqFt: 160,
  sleeps: 2,
  mount: 'trailer',
  materials: [],
  retired: false,
};
const draft: QuoteCommand = {
  type: 'DraftQuote',
  quoteId: 'q1',
  customer,
  model,
  optionCodes: ['solar', 'heat-pump'],
  fees: [{ code: 'delivery', description: 'Delivery', priceCents: 250_000 }],
  on: '2026-04-01',
};
// Subtotal: 7,000,000 + 800,000 + 480,000 + 250,000.
const SUBTOTAL = 8_530_000;

describe('quotes', () => {
  it('prices lines from the catalog, with fees, and expires after 30 days by default', () => {
    const quote = settled(quoteDecider, [draft]);
    expect(quote).toMatchObject({
      subtotalCents: SUBTOTAL,
      totalCents: SUBTOTAL,
      expiresOn: '2026-05-01',
      status: 'draft',
    });
    expect(quote.exists && quote.lines.map((l) => `${l.kind}:${l.code}`)).toEqual([
      'base:base',
      'option:solar',
      'upgrade:heat-pump',
      'fee:delivery',
    ]);
  });

  it('lets small discounts through and holds large ones for approval by someone else', () => {
    const small = settled(quoteDecider, [
      draft,
      { type: 'ApplyDiscount', discountCents: 400_000, reason: 'Show', by: 'rep' },
    ]);
    expect(small).toMatchObject({ discountStatus: 'none', totalCents: SUBTOTAL - 400_000 });
    const large = replay(quoteDecider, [
      draft,
      { type: 'ApplyDiscount', discountCents: 900_000, reason: 'Price match', by: 'rep' },
      { type: 'SendQuote', on: '2026-04-02' },
      { type: 'ApproveDiscount', by: 'rep' },
      { type: 'ApproveDiscount', by: 'owner' },
      { type: 'SendQuote', on: '2026-04-02' },
    ]);
    expect(large.refused).toEqual(['discount-not-approved', 'four-eyes']);
    expect(large.state).toMatchObject({
      status: 'sent',
      discountStatus: 'approved',
      discountApprovedBy: 'owner',
    });
  });

  it('refuses a quote whose subtotal one record cannot hold ($100 million)', () => {
    const fees = [{ code: 'crane', description: 'Crane', priceCents: 10_000_000_000 }];
    expect(() => quoteDecider.decide({ ...draft, fees } as QuoteCommand, quoteDecider.initialState)).toThrow(
      /at most/,
    );
  });

  it('refuses discounts above the ceiling', () => {
    const { refused } = replay(quoteDecider, [
      draft,
      {
        type: 'ApplyDiscount',
        discountCents: Math.floor(SUBTOTAL * MAX_DISCOUNT_RATE) + 1,
        reason: 'x',
        by: 'rep',
      },
    ]);
    expect(refused).toEqual(['discount-too-large']);
  });

  it('accepts only before expiry, and an order carries exactly the quoted price', () => {
    const sent = [
      draft,
      { type: 'ApplyDiscount', discountCents: 300_000, reason: 'x', by: 'rep' },
      { type: 'SendQuote', on: '2026-04-02' },
    ] as QuoteCommand[];
    expect(
      replay(quoteDecider, [...sent, { type: 'AcceptQuote', orderId: 'o1', on: '2026-05-02' }]).refused,
    ).toEqual(['quote-expired']);
    const accepted = settled(quoteDecider, [
      ...sent,
      { type: 'AcceptQuote', orderId: 'o1', on: '2026-05-01' },
    ]);
    const order = settled(orderDecider, [
      { type: 'PlaceOrderFromQuote', orderId: 'o1', quote: accepted } as OrderCommand,
    ]);
    expect(order).toMatchObject({
      totalCents: SUBTOTAL - 300_000,
      discountCents: 300_000,
      feesCents: 250_000,
      quoteId: 'q1',
      stage: 'quote',
    });
    expect(
      replay(orderDecider, [{ type: 'PlaceOrderFromQuote', orderId: 'o2', quote: accepted }]).refused,
    ).toEqual(['quote-not-accepted']);
  });

  it('expires only after the expiry date', () => {
    const { refused, state } = replay(quoteDecider, [
      draft,
      { type: 'ExpireQuote', on: '2026-05-01' },
      { type: 'ExpireQuote', on: '2026-05-02' },
    ]);
    expect(refused).toEqual(['not-expired']);
    expect(state).toMatchObject({ status: 'expired' });
  });

  const command: fc.Arbitrary<QuoteCommand> = fc.oneof(
    fc.constant(draft),
    fc
      .tuple(fc.integer({ min: 0, max: 2_500_000 }), fc.constantFrom('rep', 'owner'))
      .map<QuoteCommand>(([discountCents, by]) => ({
        type: 'ApplyDiscount',
        discountCents,
        reason: 'r',
        by,
      })),
    fc.constantFrom('rep', 'owner').map<QuoteCommand>((by) => ({ type: 'ApproveDiscount', by })),
    fc.constant<QuoteCommand>({ type: 'SendQuote', on: '2026-04-03' }),
    fc
      .constantFrom('2026-04-20', '2026-05-20')
      .map<QuoteCommand>((on) => ({ type: 'AcceptQuote', orderId: 'o', on })),
    fc.constant<QuoteCommand>({ type: 'DeclineQuote', reason: 'r', on: '2026-04-10' }),
    fc.constant<QuoteCommand>({ type: 'ExpireQuote', on: '2026-06-01' }),
  );

  it('never sends or accepts a quote with an unapproved large discount, whatever the commands', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 20 }), (commands) => {
        const { state, events } = replay(quoteDecider, commands);
        if (!state.exists) return;
        expect(state.totalCents).toBe(state.subtotalCents - state.discountCents);
        expect(state.discountCents).toBeLessThanOrEqual(state.subtotalCents * MAX_DISCOUNT_RATE);
        if (state.status === 'sent' || state.status === 'accepted') {
          expect(
            !needsApproval(state.discountCents, state.subtotalCents) || state.discountStatus === 'approved',
          ).toBe(true);
          if (state.discountStatus === 'approved')
            expect(state.discountApprovedBy).not.toBe(state.discountRequestedBy);
        }
        if (state.status === 'accepted') expect(state.decidedOn! <= state.expiresOn).toBe(true);
        expect(evolveAll(quoteDecider, events)).toEqual(state);
      }),
    );
    expect(DISCOUNT_APPROVAL_RATE).toBeLessThan(MAX_DISCOUNT_RATE);
  });
});
