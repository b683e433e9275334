import { api, change, once, target } from '../../api/client';
import type { RecordFailedPaymentBody, RecordPaymentBody, RefundPaymentBody } from '../../api/types';
import type {
  ApplyDiscountBody,
  CaptureLeadBody,
  DisqualifyLeadBody,
  DraftQuoteBody,
  LaunchCampaignBody,
  LogLeadContactBody,
  QualifyLeadBody,
  RecordSpendBody,
} from './types';

/**
 * The sales commands. POSTs carry an Idempotency-Key; the routes that declare `ifMatch` in their contract
 * (qualify, disqualify, convert, every quote change, campaign budget and end) carry the version the person
 * decided on. Logging a contact, recording spend and consent are appends the API takes without one.
 */
export const salesCommands = {
  captureLead: (body: CaptureLeadBody, idempotencyKey: string) =>
    api.post('/api/leads', { body, params: { header: once(idempotencyKey) } }),
  logLeadContact: (id: string, body: LogLeadContactBody, idempotencyKey: string) =>
    api.post('/api/leads/{id}/contacts', { body, params: { path: { id }, header: once(idempotencyKey) } }),
  qualifyLead: (id: string, version: number, body: QualifyLeadBody, idempotencyKey: string) =>
    api.post('/api/leads/{id}/qualify', { body, params: target(id, version, idempotencyKey) }),
  disqualifyLead: (id: string, version: number, body: DisqualifyLeadBody, idempotencyKey: string) =>
    api.post('/api/leads/{id}/disqualify', { body, params: target(id, version, idempotencyKey) }),
  convertLead: (id: string, version: number, on: string | undefined, idempotencyKey: string) =>
    api.post('/api/leads/{id}/convert', {
      body: on ? { on } : {},
      params: target(id, version, idempotencyKey),
    }),
  setLeadConsent: (id: string, marketingConsent: boolean, idempotencyKey: string) =>
    api.post('/api/leads/{id}/consent', {
      body: { marketingConsent },
      params: { path: { id }, header: once(idempotencyKey) },
    }),

  draftQuote: (body: DraftQuoteBody, idempotencyKey: string) =>
    api.post('/api/quotes', { body, params: { header: once(idempotencyKey) } }),
  applyDiscount: (id: string, version: number, body: ApplyDiscountBody, idempotencyKey: string) =>
    api.post('/api/quotes/{id}/discount', { body, params: target(id, version, idempotencyKey) }),
  approveDiscount: (id: string, version: number, idempotencyKey: string) =>
    api.post('/api/quotes/{id}/approve-discount', { params: target(id, version, idempotencyKey) }),
  sendQuote: (id: string, version: number, on: string | undefined, idempotencyKey: string) =>
    api.post('/api/quotes/{id}/send', {
      body: on ? { on } : {},
      params: target(id, version, idempotencyKey),
    }),
  acceptQuote: (id: string, version: number, on: string | undefined, idempotencyKey: string) =>
    api.post('/api/quotes/{id}/accept', {
      body: on ? { on } : {},
      params: target(id, version, idempotencyKey),
    }),
  declineQuote: (id: string, version: number, reason: string, on: string | undefined, key: string) =>
    api.post('/api/quotes/{id}/decline', {
      body: on ? { reason, on } : { reason },
      params: target(id, version, key),
    }),
  expireQuote: (id: string, version: number, on: string | undefined, idempotencyKey: string) =>
    api.post('/api/quotes/{id}/expire', {
      body: on ? { on } : {},
      params: target(id, version, idempotencyKey),
    }),

  launchCampaign: (body: LaunchCampaignBody, idempotencyKey: string) =>
    api.post('/api/campaigns', { body, params: { header: once(idempotencyKey) } }),
  changeCampaignBudget: (id: string, version: number, budgetCents: number, idempotencyKey: string) =>
    api.post('/api/campaigns/{id}/budget', {
      body: { budgetCents },
      params: target(id, version, idempotencyKey),
    }),
  recordSpend: (id: string, body: RecordSpendBody, idempotencyKey: string) =>
    api.post('/api/campaigns/{id}/spend', { body, params: { path: { id }, header: once(idempotencyKey) } }),
  endCampaign: (id: string, version: number, on: string | undefined, idempotencyKey: string) =>
    api.post('/api/campaigns/{id}/end', {
      body: on ? { on } : {},
      params: target(id, version, idempotencyKey),
    }),
};

/** Payments on an order (functions/api/orders/contract.ts); each decides on the order's version. */
export const paymentCommands = {
  recordPayment: (orderId: string, version: number, body: RecordPaymentBody, idempotencyKey: string) =>
    api.post('/api/orders/{id}/payments', {
      body,
      params: { path: { id: orderId }, header: change(version, idempotencyKey) },
    }),
  recordFailedPayment: (
    orderId: string,
    version: number,
    body: RecordFailedPaymentBody,
    idempotencyKey: string,
  ) =>
    api.post('/api/orders/{id}/failed-payments', {
      body,
      params: { path: { id: orderId }, header: change(version, idempotencyKey) },
    }),
  refundPayment: (
    orderId: string,
    paymentId: string,
    version: number,
    body: RefundPaymentBody,
    idempotencyKey: string,
  ) =>
    api.post('/api/orders/{id}/payments/{paymentId}/refund', {
      body,
      params: { path: { id: orderId, paymentId }, header: change(version, idempotencyKey) },
    }),
};

export const salesQueries = {
  campaignReturns: (signal?: AbortSignal) => api.get('/api/reports/campaigns', { signal }),
};
