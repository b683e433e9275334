import { describe, expect, it } from 'vitest';
import { triggerPattern } from '../../../domain/workflows/pattern.ts';
import type { Condition } from '../../../events/contexts/workflows.ts';
import { matches } from '../../../events/pattern-match.ts';

/** A PaymentFailed event as the bus carries it: the envelope is the detail. */
const busEvent = (data: Record<string, unknown>) => ({
  source: 'firefly.sales',
  'detail-type': 'PaymentFailed',
  detail: { id: 'e1', type: 'PaymentFailed', data },
});
const failed = {
  orderId: 'ord-17',
  paymentId: 'p1',
  amountCents: 25_000,
  method: 'card',
  reason: 'insufficient funds',
  on: '2026-12-01',
};
const trigger = (when?: Condition) => ({
  kind: 'event' as const,
  eventType: 'PaymentFailed',
  ...(when ? { when } : {}),
});

describe("an event trigger's EventBridge pattern", () => {
  it('names the source and detail-type, and matches real events of that type only', () => {
    const { pattern, residual } = triggerPattern(trigger());
    expect(pattern).toEqual({ source: ['firefly.sales'], 'detail-type': ['PaymentFailed'] });
    expect(residual).toBeUndefined();
    expect(matches(pattern, busEvent(failed))).toBe(true);
    expect(matches(pattern, { ...busEvent(failed), 'detail-type': 'DepositPaid' })).toBe(false);
  });

  it('expresses equals, numeric ranges, exists and wildcards on the data', () => {
    const { pattern, residual } = triggerPattern(
      trigger({
        all: [
          { field: '$.trigger.data.method', op: 'equals', value: 'card' },
          { field: '$.trigger.data.amountCents', op: 'greaterThan', value: 10_000 },
          { field: '$.trigger.data.amountCents', op: 'lessThanOrEquals', value: 50_000 },
          { field: '$.trigger.data.reason', op: 'exists' },
          { field: '$.trigger.data.orderId', op: 'matches', value: 'ord-*7' },
          { field: '$.trigger.data.paymentId', op: 'matches', value: 'p*' },
        ],
      }),
    );
    expect(residual).toBeUndefined();
    expect(pattern.detail).toEqual({
      data: {
        method: ['card'],
        amountCents: [{ numeric: ['>', 10_000, '<=', 50_000] }],
        reason: [{ exists: true }],
        orderId: [{ wildcard: 'ord-*7' }],
        paymentId: [{ prefix: 'p' }],
      },
    });
    expect(matches(pattern, busEvent(failed))).toBe(true);
    expect(matches(pattern, busEvent({ ...failed, method: 'cash' }))).toBe(false);
    expect(matches(pattern, busEvent({ ...failed, amountCents: 10_000 }))).toBe(false);
    expect(matches(pattern, busEvent({ ...failed, amountCents: 50_001 }))).toBe(false);
    expect(matches(pattern, busEvent({ ...failed, orderId: 'ord-18' }))).toBe(false);
    const { reason: _, ...noReason } = failed;
    expect(matches(pattern, busEvent(noReason))).toBe(false);
  });

  it('leaves what a pattern cannot say to the state machine: or, not, text order, timestamps', () => {
    const or: Condition = {
      any: [
        { field: '$.trigger.data.method', op: 'equals', value: 'card' },
        { field: '$.trigger.data.method', op: 'equals', value: 'ach' },
      ],
    };
    const ordered: Condition = { field: '$.trigger.data.reason', op: 'greaterThan', value: 'm' };
    const { pattern, residual } = triggerPattern(
      trigger({ all: [{ field: '$.trigger.data.amountCents', op: 'equals', value: 25_000 }, or, ordered] }),
    );
    expect(pattern.detail).toEqual({ data: { amountCents: [25_000] } });
    expect(residual).toEqual({ all: [or, ordered] });
    expect(triggerPattern(trigger(ordered)).residual).toEqual(ordered);
  });

  it('matches missing fields with exists: false only', () => {
    const { pattern } = triggerPattern(trigger({ field: '$.trigger.data.reason', op: 'missing' }));
    const { reason: _, ...noReason } = failed;
    expect(matches(pattern, busEvent(noReason))).toBe(true);
    expect(matches(pattern, busEvent(failed))).toBe(false);
  });
});
