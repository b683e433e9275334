import type { Day } from '../shared/days.ts';
import { round2, wilson } from './stats.ts';

/**
 * Discount versus win rate (decided quotes by the share of the subtotal given away), and option attach
 * rates (how often each model's orders carry each option). Both with 80% Wilson intervals, since a bin
 * of a dozen quotes says little.
 */
export interface PricedQuote {
  subtotalCents: number;
  discountCents: number;
  status: string;
  decidedOn?: Day;
}

/** Discount bands as shares of the subtotal: [from, to), the first one "no discount". */
export const DISCOUNT_BANDS: readonly { label: string; from: number; to: number }[] = [
  { label: 'none', from: 0, to: 1e-9 },
  { label: 'under 2.5%', from: 1e-9, to: 0.025 },
  { label: '2.5–5%', from: 0.025, to: 0.05 },
  { label: '5–10%', from: 0.05, to: 0.1 },
  { label: '10% or more', from: 0.1, to: Number.POSITIVE_INFINITY },
];

export const discountVersusWinRate = (quotes: readonly PricedQuote[], asOf: Day) => {
  const decided = quotes.filter(
    (q) =>
      q.status !== 'sent' && q.status !== 'draft' && q.decidedOn && q.decidedOn < asOf && q.subtotalCents > 0,
  );
  return DISCOUNT_BANDS.map((band) => {
    const inBand = decided.filter((q) => {
      const share = q.discountCents / q.subtotalCents;
      return share >= band.from && share < band.to;
    });
    const won = inBand.filter((q) => q.status === 'accepted').length;
    const interval = wilson(won, inBand.length);
    return {
      band: band.label,
      quotes: inBand.length,
      won,
      winRate: inBand.length ? round2(won / inBand.length) : null,
      lo: inBand.length ? round2(interval.lo) : null,
      hi: inBand.length ? round2(interval.hi) : null,
      averageDiscount: inBand.length
        ? round2(inBand.reduce((a, q) => a + q.discountCents / q.subtotalCents, 0) / inBand.length)
        : null,
    };
  });
};

export interface OptionOrder {
  modelId: string;
  modelName: string;
  on: Day;
  options: readonly { code: string; name: string; priceCents: number }[];
}

/** Per model and option: orders carrying it out of the model's orders, and the revenue it brought. */
export const attachRates = (
  orders: readonly OptionOrder[],
  catalog: readonly { modelId: string; name: string; options: readonly { code: string; name: string }[] }[],
  asOf: Day,
) => {
  const placed = orders.filter((o) => o.on < asOf);
  return catalog.flatMap((model) => {
    const mine = placed.filter((o) => o.modelId === model.modelId);
    return model.options.map((option) => {
      const carrying = mine.flatMap((o) => o.options.filter((x) => x.code === option.code));
      const interval = wilson(carrying.length, mine.length);
      return {
        modelId: model.modelId,
        modelName: model.name,
        code: option.code,
        name: option.name,
        orders: mine.length,
        attached: carrying.length,
        rate: mine.length ? round2(carrying.length / mine.length) : null,
        lo: mine.length ? round2(interval.lo) : null,
        hi: mine.length ? round2(interval.hi) : null,
        revenueCents: carrying.reduce((a, x) => a + x.priceCents, 0),
      };
    });
  });
};
