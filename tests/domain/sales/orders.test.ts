import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModelState } from '../../../domain/catalog/models.ts';
import type { CustomerState } from '../../../domain/customers/customers.ts';
import { type OrderCommand, type OrderState, orderDecider, priceOf } from '../../../domain/sales/orders.ts';
import { DomainError, fold } from '../../../domain/shared/decider.ts';

const customer: CustomerState = {
  exists: true,
  customerId: 'c1',
  name: 'Ada',
  email: 'ada@example.com',
  marketingConsent: false,
  contacts: [],
};
const model: Extract<ModelState, { exists: true }> = {
  exists: true,
  modelId: 'm1',
  name: 'Nest 20',
  basePriceCents: 5_000_000,
  options: [
    { code: 'solar', name: 'Solar', priceCents: 800_000, kind: 'option', materials: [] },
    { code: 'loft', name: 'Loft', priceCents: 300_000, kind: 'option', materials: [] },
  ],
  sizeSqFt: 160,
  sleeps: 2,
  mount: 'trailer',
  materials: [],
  retired: false,
};

const run = (commands: OrderCommand[]) =>
  commands.reduce(
    (state, command) => orderDecider.decide(command, state).reduce(orderDecider.evolve, state),
    orderDecider.initialState as OrderState,
  );

const place: OrderCommand = { type: 'PlaceOrder', orderId: 'o1', customer, model, optionCodes: ['solar'] };

describe('orders', () => {
  it('prices an order from the base price and the chosen options', () => {
    const [event] = orderDecider.decide(place, orderDecider.initialState);
    expect(event).toMatchObject({
      type: 'OrderPlaced',
      data: { totalCents: 5_800_000, modelName: 'Nest 20' },
    });
    expect(priceOf(100, [{ code: 'a', name: 'A', priceCents: 5 }])).toBe(105);
  });

  it('moves through every stage in order', () => {
    const state = run([
      place,
      { type: 'PayDeposit', amountCents: 1_000_000 },
      { type: 'StartBuild' },
      { type: 'CompleteBuild' },
      { type: 'DeliverOrder' },
    ]);
    expect(state).toMatchObject({ stage: 'delivered', paidCents: 1_000_000 });
  });

  it('refuses delivery before the build completes', () => {
    const state = run([place, { type: 'PayDeposit', amountCents: 100 }, { type: 'StartBuild' }]);
    expect(() => orderDecider.decide({ type: 'DeliverOrder' }, state)).toThrow(
      /Cannot deliver: the order is in build/,
    );
  });

  it('refuses cancellation after delivery and a second cancellation', () => {
    const delivered = run([
      place,
      { type: 'PayDeposit', amountCents: 100 },
      { type: 'StartBuild' },
      { type: 'CompleteBuild' },
      { type: 'DeliverOrder' },
    ]);
    expect(() => orderDecider.decide({ type: 'CancelOrder', reason: 'x' }, delivered)).toThrow(DomainError);
    const cancelled = run([place, { type: 'CancelOrder', reason: 'changed mind' }]);
    expect(cancelled).toMatchObject({
      stage: 'cancelled',
      cancelledFrom: 'quote',
      cancelReason: 'changed mind',
    });
    expect(() => orderDecider.decide({ type: 'CancelOrder', reason: 'again' }, cancelled)).toThrow(
      DomainError,
    );
  });

  it('rejects unknown and duplicate options, retired models, missing customers', () => {
    const attempt = (patch: Partial<Extract<OrderCommand, { type: 'PlaceOrder' }>>) => () =>
      orderDecider.decide({ ...place, ...patch } as OrderCommand, orderDecider.initialState);
    expect(attempt({ optionCodes: ['jacuzzi'] })).toThrow(/no option jacuzzi/);
    expect(attempt({ optionCodes: ['solar', 'solar'] })).toThrow(/once/);
    expect(attempt({ model: { ...model, retired: true } })).toThrow(/retired/);
    expect(attempt({ customer: { exists: false } })).toThrow(/customer does not exist/);
    expect(attempt({ model: { exists: false } })).toThrow(/model does not exist/);
  });

  it('refuses an order whose total one record cannot hold ($100 million)', () => {
    const priciest = { ...model, basePriceCents: 10_000_000_000 };
    expect(() => orderDecider.decide({ ...place, model: priciest }, orderDecider.initialState)).toThrow(
      /at most/,
    );
    expect(
      orderDecider.decide({ ...place, model: priciest, optionCodes: [] }, orderDecider.initialState),
    ).toHaveLength(1);
  });

  it('refuses a deposit above the total', () => {
    const state = run([place]);
    expect(() => orderDecider.decide({ type: 'PayDeposit', amountCents: 5_800_001 }, state)).toThrow(
      /exceed/,
    );
  });

  const commandArb: fc.Arbitrary<OrderCommand> = fc.oneof(
    fc.constant<OrderCommand>(place),
    fc
      .integer({ min: 1, max: 7_000_000 })
      .map<OrderCommand>((amountCents) => ({ type: 'PayDeposit', amountCents })),
    fc.constant<OrderCommand>({ type: 'StartBuild' }),
    fc.constant<OrderCommand>({ type: 'CompleteBuild' }),
    fc.constant<OrderCommand>({ type: 'DeliverOrder' }),
    fc.constant<OrderCommand>({ type: 'CancelOrder', reason: 'r' }),
  );

  it('keeps its invariants under any sequence of commands', () => {
    fc.assert(
      fc.property(fc.array(commandArb, { maxLength: 30 }), (commands) => {
        let state: OrderState = orderDecider.initialState;
        const history = [];
        for (const command of commands) {
          try {
            const events = orderDecider.decide(command, state);
            history.push(...events);
            state = events.reduce(orderDecider.evolve, state);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
          }
        }
        const types = history.map((e) => e.type);
        const at = (t: string) => types.indexOf(t as never);
        // Delivery only ever follows a completed build; nothing follows delivery or cancellation.
        if (types.includes('OrderDelivered')) expect(at('BuildCompleted')).toBeGreaterThanOrEqual(0);
        if (types.includes('OrderDelivered'))
          expect(at('OrderDelivered')).toBeGreaterThan(at('BuildCompleted'));
        for (const terminal of ['OrderDelivered', 'OrderCancelled']) {
          if (types.includes(terminal as never)) expect(types.at(-1)).toBe(terminal);
        }
        if (state.exists) expect(state.paidCents).toBeLessThanOrEqual(state.totalCents);
        // Replaying the recorded events gives the same state: evolve is deterministic.
        expect(fold(orderDecider, history)).toEqual(state);
      }),
    );
  });
});
