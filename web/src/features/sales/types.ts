import type { RecordMeta } from '../../api/types';

/**
 * The leads, quotes and campaigns API shapes, mirroring functions/api/{leads,quotes,marketing}/contract.ts
 * and the event vocabularies in events/contexts/{leads,customers,sales,marketing}.ts (the console reaches
 * the API over HTTP only, so it keeps its own copy; the browser tests catch drift).
 */

export const LEAD_CHANNELS = ['web_form', 'referral', 'show', 'paid_social', 'search'] as const;
export type LeadChannel = (typeof LEAD_CHANNELS)[number];

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'disqualified', 'converted'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const DISQUALIFY_REASONS = [
  'no_budget',
  'no_land',
  'zoning',
  'unresponsive',
  'not_interested',
  'bought_elsewhere',
  'duplicate',
] as const;
export type DisqualifyReason = (typeof DISQUALIFY_REASONS)[number];

export const TIMELINES = ['now', '3_months', '6_months', '12_months', 'later'] as const;
export type BuyingTimeline = (typeof TIMELINES)[number];

export const CONTACT_METHODS = ['email', 'phone', 'meeting', 'sms', 'visit'] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];

export interface LeadContact {
  method: ContactMethod;
  summary: string;
  on: string;
}

export interface Lead extends RecordMeta {
  leadId: string;
  name: string;
  email: string;
  phone?: string;
  channel: LeadChannel;
  campaignId?: string;
  interestModelId?: string;
  marketingConsent: boolean;
  note?: string;
  capturedOn: string;
  status: LeadStatus;
  contacts: LeadContact[];
  budgetCents?: number;
  timeline?: BuyingTimeline;
  qualifiedOn?: string;
  disqualifyReason?: DisqualifyReason;
  closedOn?: string;
  customerId?: string;
}

export const QUOTE_STATUSES = ['draft', 'sent', 'accepted', 'declined', 'expired'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

export const DISCOUNT_STATUSES = ['none', 'pending', 'approved'] as const;
export type DiscountStatus = (typeof DISCOUNT_STATUSES)[number];

export const QUOTE_LINE_KINDS = ['base', 'option', 'upgrade', 'fee'] as const;
export type QuoteLineKind = (typeof QUOTE_LINE_KINDS)[number];

export interface QuoteLine {
  code: string;
  description: string;
  kind: QuoteLineKind;
  quantity: number;
  unitPriceCents: number;
}

export interface Quote extends RecordMeta {
  quoteId: string;
  customerId: string;
  modelId: string;
  modelName: string;
  basePriceCents: number;
  lines: QuoteLine[];
  subtotalCents: number;
  discountCents: number;
  discountReason?: string;
  discountRequestedBy?: string;
  discountStatus: DiscountStatus;
  discountApprovedBy?: string;
  totalCents: number;
  expiresOn: string;
  status: QuoteStatus;
  sentOn?: string;
  decidedOn?: string;
  declineReason?: string;
  orderId?: string;
}

/** Discounts above this share of the subtotal need someone else's approval (domain/sales/quotes.ts). */
export const DISCOUNT_APPROVAL_RATE = 0.05;
/** No discount may exceed this share of the subtotal. */
export const MAX_DISCOUNT_RATE = 0.2;

export const CAMPAIGN_STATUSES = ['active', 'ended'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export interface Campaign extends RecordMeta {
  campaignId: string;
  name: string;
  channel: LeadChannel;
  budgetCents: number;
  spentCents: number;
  startsOn: string;
  endsOn: string;
  status: CampaignStatus;
  /** Spend per month, keyed YYYY-MM. */
  spendByMonth: Record<string, number>;
  endedOn?: string;
}

/** One row of `GET /api/reports/campaigns` (functions/api/reports/contract.ts CampaignReturn). */
export interface CampaignReturn {
  campaignId: string;
  name: string;
  channel: LeadChannel;
  status: CampaignStatus;
  startsOn: string;
  budgetCents: number;
  spentCents: number;
  leads: number;
  converted: number;
  orders: number;
  revenueCents: number;
  costPerLeadCents: number | null;
  returnOnSpend: number | null;
}

// Command bodies, named after the API's schemas. `on` is a day (YYYY-MM-DD); the API defaults it to today.
export interface CaptureLeadBody {
  name: string;
  email: string;
  phone?: string;
  channel: LeadChannel;
  campaignId?: string;
  interestModelId?: string;
  marketingConsent: boolean;
  note?: string;
  on?: string;
}
export interface LogLeadContactBody {
  method: ContactMethod;
  summary: string;
  on?: string;
  disqualify?: DisqualifyReason;
  qualify?: { timeline: BuyingTimeline; budgetCents?: number };
}
export interface QualifyLeadBody {
  budgetCents?: number;
  timeline: BuyingTimeline;
  on?: string;
}
export interface DisqualifyLeadBody {
  reason: DisqualifyReason;
  note?: string;
  on?: string;
}
export interface DraftQuoteBody {
  customerId: string;
  modelId: string;
  optionCodes: string[];
  fees: { code: string; description: string; priceCents: number }[];
  validDays?: number;
}
export interface LaunchCampaignBody {
  name: string;
  channel: LeadChannel;
  budgetCents: number;
  startsOn: string;
  endsOn: string;
}
export interface RecordSpendBody {
  amountCents: number;
  on?: string;
  note?: string;
}

declare module '../../api/queries' {
  interface ResourceTypes {
    leads: Lead;
    quotes: Quote;
    campaigns: Campaign;
  }
}
