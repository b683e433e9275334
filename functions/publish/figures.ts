import type { Envelope } from '../../events/envelope.ts';

/**
 * The business figures a commit adds, as metrics beside the system's own (orders, money received,
 * leads), so the monitoring charts put them on the same time axis as requests and errors. Counted when
 * a commit is first published; a commit republished after a crash counts twice, which these trend
 * charts accept (the reports read the event store for exact figures).
 */
export const BUSINESS_METRICS = {
  orders: 'business.orders',
  revenue: 'business.revenue',
  leads: 'business.leads',
} as const;

export const businessFigures = (events: readonly Pick<Envelope, 'type' | 'data'>[]) => {
  const figures = {
    [BUSINESS_METRICS.orders]: 0,
    [BUSINESS_METRICS.revenue]: 0,
    [BUSINESS_METRICS.leads]: 0,
  };
  for (const event of events) {
    if (event.type === 'OrderPlaced') figures[BUSINESS_METRICS.orders] += 1;
    else if (event.type === 'LeadCaptured') figures[BUSINESS_METRICS.leads] += 1;
    else if (event.type === 'DepositPaid' || event.type === 'PaymentReceived') {
      const amount = (event.data as { amountCents?: unknown }).amountCents;
      if (typeof amount === 'number') figures[BUSINESS_METRICS.revenue] += amount;
    }
  }
  return figures;
};
