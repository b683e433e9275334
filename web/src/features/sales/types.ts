import type { components } from '../../api/schema.gen';

/**
 * The leads, quotes and campaigns shapes: aliases of the API's generated description (`schema.gen.ts`,
 * from functions/api/{leads,quotes,marketing,reports}/contract.ts), never copies.
 */
type Schemas = components['schemas'];

export {
  campaignStatusValues as CAMPAIGN_STATUSES,
  contactMethodValues as CONTACT_METHODS,
  disqualifyReasonValues as DISQUALIFY_REASONS,
  leadChannelValues as LEAD_CHANNELS,
  leadStatusValues as LEAD_STATUSES,
  quoteDiscountStatusValues as DISCOUNT_STATUSES,
  quoteLineKindValues as QUOTE_LINE_KINDS,
  quoteStatusValues as QUOTE_STATUSES,
  timelineValues as TIMELINES,
} from '../../api/schema.gen';

export type LeadChannel = Schemas['LeadChannel'];
export type LeadStatus = Schemas['LeadStatus'];
export type DisqualifyReason = Schemas['DisqualifyReason'];
export type BuyingTimeline = Schemas['Timeline'];
export type ContactMethod = Schemas['Contact']['method'];
export type Lead = Schemas['Lead'];

export type QuoteStatus = Schemas['QuoteStatus'];
export type DiscountStatus = Schemas['Quote']['discountStatus'];
export type QuoteLineKind = Schemas['QuoteLine']['kind'];
export type QuoteLine = Schemas['QuoteLine'];
export type Quote = Schemas['Quote'];

/**
 * Discounts above this share of the subtotal need someone else's approval. A copy of the rule in
 * domain/sales/quotes.ts that the API does not state: the quote's `actions` say whether a discount may be
 * applied or approved, not how large it may be, so the form's hint still needs the rates.
 */
export const DISCOUNT_APPROVAL_RATE = 0.05;
/** No discount may exceed this share of the subtotal (a copy of domain/sales/quotes.ts, as above). */
export const MAX_DISCOUNT_RATE = 0.2;

export type CampaignStatus = Schemas['CampaignStatus'];
export type Campaign = Schemas['Campaign'];
/** One row of `GET /api/reports/campaigns`. */
export type CampaignReturn = Schemas['CampaignReturn'];

// Command bodies, by the API's schema names. `on` is a day (YYYY-MM-DD); the API defaults it to today.
export type CaptureLeadBody = Schemas['CaptureLead'];
export type LogLeadContactBody = Schemas['LogLeadContact'];
export type QualifyLeadBody = Schemas['QualifyLead'];
export type DisqualifyLeadBody = Schemas['DisqualifyLead'];
export type DraftQuoteBody = Schemas['DraftQuote'];
export type ApplyDiscountBody = Schemas['ApplyDiscount'];
export type LaunchCampaignBody = Schemas['LaunchCampaign'];
export type RecordSpendBody = Schemas['RecordCampaignSpend'];
