import { reject } from './decider.ts';

/**
 * The largest amount one record may hold, in US cents ($100 million): a price, a payment, and also a
 * record's total (an order, a quote, a purchase order). Totals over many records (reports) may exceed it.
 */
export const MAX_AMOUNT_CENTS = 10_000_000_000;

/** Refuses a record whose total would exceed what one record may hold. */
export const withinAmountLimit = (totalCents: number, what: string): number =>
  totalCents <= MAX_AMOUNT_CENTS
    ? totalCents
    : reject(
        'amount-too-large',
        `The ${what} would come to ${totalCents} cents; one record holds at most ${MAX_AMOUNT_CENTS} cents ($100 million)`,
      );
