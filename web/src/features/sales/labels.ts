import type { PaymentKind, PaymentMethod } from '../../api/types';
import type {
  BuyingTimeline,
  CampaignStatus,
  ContactMethod,
  DiscountStatus,
  DisqualifyReason,
  LeadChannel,
  LeadStatus,
  QuoteLineKind,
  QuoteStatus,
} from './types';

/** The sales vocabulary in words (no React here, so the timeline's describers can use it too). */

export const CHANNEL_LABELS: Record<LeadChannel, string> = {
  web_form: 'Web form',
  referral: 'Referral',
  show: 'Home show',
  paid_social: 'Paid social',
  search: 'Search',
};

export const LEAD_STATUS_LABELS: Record<LeadStatus, string> = {
  new: 'New',
  contacted: 'Contacted',
  qualified: 'Qualified',
  disqualified: 'Disqualified',
  converted: 'Converted',
};

export const LEAD_STATUS_COLORS: Record<LeadStatus, string> = {
  new: 'gray',
  contacted: 'blue',
  qualified: 'teal',
  disqualified: 'red',
  converted: 'green',
};

export const DISQUALIFY_LABELS: Record<DisqualifyReason, string> = {
  no_budget: 'No budget',
  no_land: 'No land',
  zoning: 'Zoning',
  unresponsive: 'Unresponsive',
  not_interested: 'Not interested',
  bought_elsewhere: 'Bought elsewhere',
  duplicate: 'Duplicate lead',
};

export const TIMELINE_LABELS: Record<BuyingTimeline, string> = {
  now: 'Ready now',
  '3_months': 'Within 3 months',
  '6_months': 'Within 6 months',
  '12_months': 'Within 12 months',
  later: 'Later',
};

export const CONTACT_LABELS: Record<ContactMethod, string> = {
  email: 'Email',
  phone: 'Phone call',
  meeting: 'Meeting',
  sms: 'Text message',
  visit: 'Visit',
};

export const QUOTE_STATUS_LABELS: Record<QuoteStatus, string> = {
  draft: 'Draft',
  sent: 'Sent',
  accepted: 'Accepted',
  declined: 'Declined',
  expired: 'Expired',
};

export const QUOTE_STATUS_COLORS: Record<QuoteStatus, string> = {
  draft: 'gray',
  sent: 'blue',
  accepted: 'green',
  declined: 'red',
  expired: 'orange',
};

export const DISCOUNT_STATUS_LABELS: Record<DiscountStatus, string> = {
  none: 'No approval needed',
  pending: 'Waiting for approval',
  approved: 'Approved',
};

export const LINE_KIND_LABELS: Record<QuoteLineKind, string> = {
  base: 'Base',
  option: 'Option',
  upgrade: 'Upgrade',
  fee: 'Fee',
};

export const CAMPAIGN_STATUS_LABELS: Record<CampaignStatus, string> = { active: 'Active', ended: 'Ended' };

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  card: 'Card',
  ach: 'ACH transfer',
  wire: 'Wire transfer',
  check: 'Check',
  financing: 'Financing',
  other: 'Other',
};

export const PAYMENT_KIND_LABELS: Record<PaymentKind, string> = {
  deposit: 'Deposit',
  progress: 'Progress payment',
  final: 'Final payment',
};

/** Options for a Select from a label map, in the map's order. */
export const choices = <K extends string>(labels: Record<K, string>): { value: K; label: string }[] =>
  (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
