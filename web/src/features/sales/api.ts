import { api } from '../../api/client';
import type {
  Customer,
  Order,
  RecordFailedPaymentBody,
  RecordPaymentBody,
  RefundPaymentBody,
} from '../../api/types';
import type {
  Campaign,
  CampaignReturn,
  CaptureLeadBody,
  DisqualifyLeadBody,
  DraftQuoteBody,
  LaunchCampaignBody,
  Lead,
  LogLeadContactBody,
  QualifyLeadBody,
  Quote,
  RecordSpendBody,
} from './types';

const at = (resource: string, id: string, action = '') =>
  `/api/${resource}/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

/**
 * The sales commands. POSTs carry an Idempotency-Key; the routes that declare `ifMatch` in their contract
 * (qualify, disqualify, convert, every quote change, campaign budget and end) carry the version the person
 * decided on. Logging a contact, recording spend and consent are appends the API takes without one.
 */
export const salesCommands = {
  captureLead: (body: CaptureLeadBody, idempotencyKey: string) =>
    api.post<Lead>('/api/leads', { body, idempotencyKey }),
  logLeadContact: (id: string, body: LogLeadContactBody, idempotencyKey: string) =>
    api.post<Lead>(at('leads', id, 'contacts'), { body, idempotencyKey }),
  qualifyLead: (id: string, version: number, body: QualifyLeadBody, idempotencyKey: string) =>
    api.post<Lead>(at('leads', id, 'qualify'), { body, ifMatch: version, idempotencyKey }),
  disqualifyLead: (id: string, version: number, body: DisqualifyLeadBody, idempotencyKey: string) =>
    api.post<Lead>(at('leads', id, 'disqualify'), { body, ifMatch: version, idempotencyKey }),
  convertLead: (id: string, version: number, on: string | undefined, idempotencyKey: string) =>
    api.post<{ lead: Lead; customer: Customer }>(at('leads', id, 'convert'), {
      body: on ? { on } : {},
      ifMatch: version,
      idempotencyKey,
    }),
  setLeadConsent: (id: string, marketingConsent: boolean, idempotencyKey: string) =>
    api.post<Lead>(at('leads', id, 'consent'), { body: { marketingConsent }, idempotencyKey }),

  draftQuote: (body: DraftQuoteBody, idempotencyKey: string) =>
    api.post<Quote>('/api/quotes', { body, idempotencyKey }),
  applyDiscount: (
    id: string,
    version: number,
    body: { discountCents: number; reason: string },
    idempotencyKey: string,
  ) => api.post<Quote>(at('quotes', id, 'discount'), { body, ifMatch: version, idempotencyKey }),
  approveDiscount: (id: string, version: number, idempotencyKey: string) =>
    api.post<Quote>(at('quotes', id, 'approve-discount'), { ifMatch: version, idempotencyKey }),
  sendQuote: (id: string, version: number, on: string | undefined, idempotencyKey: string) =>
    api.post<Quote>(at('quotes', id, 'send'), { body: on ? { on } : {}, ifMatch: version, idempotencyKey }),
  acceptQuote: (id: string, version: number, on: string | undefined, idempotencyKey: string) =>
    api.post<{ quote: Quote; order: Order }>(at('quotes', id, 'accept'), {
      body: on ? { on } : {},
      ifMatch: version,
      idempotencyKey,
    }),
  declineQuote: (id: string, version: number, reason: string, on: string | undefined, key: string) =>
    api.post<Quote>(at('quotes', id, 'decline'), {
      body: on ? { reason, on } : { reason },
      ifMatch: version,
      idempotencyKey: key,
    }),
  expireQuote: (id: string, version: number, on: string | undefined, idempotencyKey: string) =>
    api.post<Quote>(at('quotes', id, 'expire'), { body: on ? { on } : {}, ifMatch: version, idempotencyKey }),

  launchCampaign: (body: LaunchCampaignBody, idempotencyKey: string) =>
    api.post<Campaign>('/api/campaigns', { body, idempotencyKey }),
  changeCampaignBudget: (id: string, version: number, budgetCents: number, idempotencyKey: string) =>
    api.post<Campaign>(at('campaigns', id, 'budget'), {
      body: { budgetCents },
      ifMatch: version,
      idempotencyKey,
    }),
  recordSpend: (id: string, body: RecordSpendBody, idempotencyKey: string) =>
    api.post<Campaign>(at('campaigns', id, 'spend'), { body, idempotencyKey }),
  endCampaign: (id: string, version: number, on: string | undefined, idempotencyKey: string) =>
    api.post<Campaign>(at('campaigns', id, 'end'), {
      body: on ? { on } : {},
      ifMatch: version,
      idempotencyKey,
    }),
};

/** Payments on an order (functions/api/orders/contract.ts); each decides on the order's version. */
export const paymentCommands = {
  recordPayment: (orderId: string, version: number, body: RecordPaymentBody, idempotencyKey: string) =>
    api.post<Order>(at('orders', orderId, 'payments'), { body, ifMatch: version, idempotencyKey }),
  recordFailedPayment: (
    orderId: string,
    version: number,
    body: RecordFailedPaymentBody,
    idempotencyKey: string,
  ) => api.post<Order>(at('orders', orderId, 'failed-payments'), { body, ifMatch: version, idempotencyKey }),
  refundPayment: (
    orderId: string,
    paymentId: string,
    version: number,
    body: RefundPaymentBody,
    idempotencyKey: string,
  ) =>
    api.post<Order>(at('orders', orderId, `payments/${encodeURIComponent(paymentId)}/refund`), {
      body,
      ifMatch: version,
      idempotencyKey,
    }),
};

export const salesQueries = {
  campaignReturns: (signal?: AbortSignal) =>
    api.get<{ items: CampaignReturn[] }>('/api/reports/campaigns', undefined, signal),
};
