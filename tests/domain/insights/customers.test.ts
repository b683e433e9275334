import { describe, expect, it } from 'vitest';
import {
  acceptanceCurve,
  backtestStalled,
  type QuoteInput,
  rfm,
  segmentSummaries,
  stalledQuoteCandidates,
} from '../../../domain/insights/customers.ts';
import { addDays } from '../../../domain/shared/days.ts';

describe('RFM segments', () => {
  it('scores recency, frequency and money by quintile and names a segment with a description', () => {
    const orders = [
      // c1: two recent large orders; c2: one recent large order; c3: one small order long ago.
      { customerId: 'c1', totalCents: 9_000_000, on: '2026-10-01' },
      { customerId: 'c1', totalCents: 8_000_000, on: '2026-11-01' },
      { customerId: 'c2', totalCents: 9_500_000, on: '2026-11-10' },
      { customerId: 'c3', totalCents: 5_000_000, on: '2024-01-01' },
      { customerId: 'c4', totalCents: 6_000_000, on: '2025-06-01' },
      { customerId: 'c5', totalCents: 8_000_000, on: '2024-06-01' },
      // After the day analysed: not counted.
      { customerId: 'c6', totalCents: 1, on: '2026-12-05' },
    ];
    const scores = rfm(orders, '2026-12-01');
    const of = (id: string) => scores.find((s) => s.customerId === id)!;
    expect(scores).toHaveLength(5);
    expect(of('c1')).toMatchObject({ orders: 2, spentCents: 17_000_000, segment: 'champions' });
    expect(of('c2').segment).toBe('big-spenders');
    expect(of('c3').segment).toBe('dormant');
    expect(of('c5').segment).toBe('at-risk');
    const summary = segmentSummaries(scores);
    expect(summary.find((s) => s.segment === 'champions')).toMatchObject({ customers: 1, averageOrders: 2 });
    expect(summary.every((s) => s.description.length > 20)).toBe(true);
  });
});

/**
 * Quotes sent on day `i`: half accepted within 5 days (even `i`), one in eight after 20 days (`i` = 1
 * modulo 8), the rest expired after 30.
 */
const history = (n: number, start = '2025-01-01'): QuoteInput[] =>
  Array.from({ length: n }, (_, i) => {
    const sentOn = addDays(start, i);
    const late = i % 8 === 1;
    const accepted = i % 2 === 0 || late;
    return {
      quoteId: `q${i}`,
      customerId: `c${i}`,
      modelName: 'Nest 20',
      totalCents: 7_000_000,
      sentOn,
      expiresOn: addDays(sentOn, 30),
      status: accepted ? ('accepted' as const) : ('expired' as const),
      decidedOn: addDays(sentOn, late ? 20 : accepted ? 5 : 30),
    };
  });

describe('stalled quotes', () => {
  it('measures the acceptance curve: a quote open past the usual acceptance age is likely lost', () => {
    const curve = acceptanceCurve(history(40), '2026-01-01');
    expect(curve[0]).toMatchObject({ open: 40, accepted: 25, rate: 0.625 });
    expect(curve[10]).toMatchObject({ open: 20, accepted: 5, rate: 0.25 });
    expect(curve[25]).toMatchObject({ open: 15, accepted: 0, rate: 0 });
  });

  it('flags open quotes past that age, valued at the chance still left, and backtests the flag', () => {
    const past = history(80);
    const asOf = '2026-03-01';
    const open: QuoteInput = {
      quoteId: 'open-1',
      customerId: 'buyer',
      modelName: 'Glow 24',
      totalCents: 9_000_000,
      sentOn: addDays(asOf, -12),
      expiresOn: addDays(asOf, 18),
      status: 'sent',
    };
    const young: QuoteInput = { ...open, quoteId: 'open-2', sentOn: addDays(asOf, -2) };
    // Past every acceptance in the history: stalled, but with no chance left, so not worth a call.
    const hopeless: QuoteInput = {
      ...open,
      quoteId: 'open-3',
      sentOn: addDays(asOf, -25),
      expiresOn: addDays(asOf, 5),
    };
    const hit = backtestStalled(past, asOf);
    // The last third (quotes 53 to 79) is flagged at 6 days old when still open (odd `i`: 14 quotes), and
    // 11 of those were lost (57, 65 and 73 were accepted late).
    expect(hit.samples).toBe(14);
    expect(hit.value).toBeCloseTo(11 / 14, 5);
    const found = stalledQuoteCandidates(
      [...past, open, young, hopeless],
      new Map([['buyer', 'Ada']]),
      asOf,
      0.3,
      hit,
    );
    expect(found.map((c) => c.key)).toEqual(['stalled-quote:open-1']);
    expect(found[0]).toMatchObject({
      category: 'customers',
      title: "Follow up Ada's Glow 24 quote ($90,000)",
      // 9,000,000 × 0.3 contribution × 0.25 chance left.
      estimatedValue: { cents: 675_000 },
      horizonDays: 19,
    });
    expect(found[0]!.estimatedValue.lo).toBeLessThan(675_000);
    expect(found[0]!.estimatedValue.hi).toBeGreaterThan(675_000);
  });
});
