import {
  CHANNEL_LABELS,
  CONTACT_LABELS,
  DISQUALIFY_LABELS,
  LINE_KIND_LABELS,
  PAYMENT_KIND_LABELS,
  PAYMENT_METHOD_LABELS,
  TIMELINE_LABELS,
} from '../../features/sales/labels';
import { money } from '../format';
import type { EventDetails } from './types';

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** A known code in words, or the code itself when a newer backend sends one the console does not know. */
const label = (labels: Record<string, string>, value: unknown): string | undefined => {
  const code = str(value);
  return code === undefined ? undefined : (labels[code] ?? code.replace(/_/g, ' '));
};

const amount = (value: unknown, text: (m: string) => string) => {
  const cents = num(value);
  return cents !== undefined && text(money(cents));
};

const day = (value: unknown, prefix: string) => str(value) && `${prefix} ${str(value)}`;

interface LineLike {
  description?: unknown;
  kind?: unknown;
  quantity?: unknown;
  unitPriceCents?: unknown;
}

/** The quote's lines beyond the base price: options, upgrades and fees. */
const extras = (lines: unknown): string | undefined => {
  if (!Array.isArray(lines)) return undefined;
  const parts = (lines as LineLike[])
    .filter((l) => l.kind !== 'base')
    .map((l) => {
      const price = num(l.unitPriceCents);
      const kind = label(LINE_KIND_LABELS, l.kind)?.toLowerCase();
      return `${str(l.description) ?? kind ?? 'line'}${kind ? ` (${kind}${price === undefined ? '' : ` ${money(price * (num(l.quantity) ?? 1))}`})` : ''}`;
    });
  return parts.length ? `with ${parts.join(', ')}` : undefined;
};

/** What the timeline says about the sales contexts' events, by event type. */
export const salesEventDetails: EventDetails = {
  // Leads (events/contexts/leads.ts)
  LeadCaptured: (d) => [
    str(d.name),
    str(d.email),
    str(d.phone),
    label(CHANNEL_LABELS, d.channel) && `via ${label(CHANNEL_LABELS, d.channel)?.toLowerCase()}`,
    str(d.campaignId) && 'from a campaign',
    d.marketingConsent === true ? 'agreed to marketing' : 'no marketing consent',
    str(d.note) && `note: ${str(d.note)}`,
    day(d.on, 'on'),
  ],
  LeadContacted: (d) => [label(CONTACT_LABELS, d.method), str(d.summary), day(d.on, 'on')],
  LeadQualified: (d) => [
    label(TIMELINE_LABELS, d.timeline) && `buying ${label(TIMELINE_LABELS, d.timeline)?.toLowerCase()}`,
    amount(d.budgetCents, (m) => `budget ${m}`),
    day(d.on, 'on'),
  ],
  LeadDisqualified: (d) => [
    label(DISQUALIFY_LABELS, d.reason) && `reason: ${label(DISQUALIFY_LABELS, d.reason)?.toLowerCase()}`,
    str(d.note),
    day(d.on, 'on'),
  ],
  LeadConverted: (d) => ['became a customer', day(d.on, 'on')],
  LeadConsentChanged: (d) => [
    typeof d.marketingConsent === 'boolean' &&
      `marketing consent ${d.marketingConsent ? 'given' : 'withdrawn'}`,
  ],

  // Quotes (events/contexts/sales.ts)
  QuoteDrafted: (d) => [
    str(d.modelName),
    amount(d.subtotalCents, (m) => `subtotal ${m}`),
    extras(d.lines),
    day(d.expiresOn, 'valid until'),
  ],
  QuoteDiscountApplied: (d) => [
    amount(d.discountCents, (m) => (num(d.discountCents) === 0 ? 'discount removed' : `discount ${m}`)),
    str(d.reason) && `reason: ${str(d.reason)}`,
    d.requiresApproval === true && 'needs approval',
  ],
  QuoteDiscountApproved: (d) => [amount(d.discountCents, (m) => `discount of ${m} approved`)],
  QuoteSent: (d) => ['sent to the customer', day(d.on, 'on')],
  QuoteAccepted: (d) => ['accepted; an order was placed', day(d.on, 'on')],
  QuoteDeclined: (d) => [str(d.reason) && `reason: ${str(d.reason)}`, day(d.on, 'on')],
  QuoteExpired: (d) => ['expired without an answer', day(d.on, 'on')],

  // Payments on orders (events/contexts/sales.ts)
  PaymentReceived: (d) => [
    amount(d.amountCents, (m) => `${m} received`),
    label(PAYMENT_KIND_LABELS, d.kind)?.toLowerCase(),
    label(PAYMENT_METHOD_LABELS, d.method) && `by ${label(PAYMENT_METHOD_LABELS, d.method)?.toLowerCase()}`,
    str(d.reference) && `reference ${str(d.reference)}`,
    day(d.on, 'on'),
  ],
  PaymentFailed: (d) => [
    amount(d.amountCents, (m) => `${m} not collected`),
    label(PAYMENT_METHOD_LABELS, d.method) && `by ${label(PAYMENT_METHOD_LABELS, d.method)?.toLowerCase()}`,
    str(d.reason) && `reason: ${str(d.reason)}`,
    day(d.on, 'on'),
  ],
  PaymentRefunded: (d) => [
    amount(d.amountCents, (m) => `${m} refunded`),
    str(d.reason) && `reason: ${str(d.reason)}`,
    day(d.on, 'on'),
  ],

  // Campaigns (events/contexts/marketing.ts)
  CampaignLaunched: (d) => [
    str(d.name),
    label(CHANNEL_LABELS, d.channel),
    amount(d.budgetCents, (m) => `budget ${m}`),
    str(d.startsOn) && str(d.endsOn) && `runs ${str(d.startsOn)} to ${str(d.endsOn)}`,
  ],
  CampaignBudgetChanged: (d) => [amount(d.budgetCents, (m) => `budget now ${m}`)],
  CampaignSpendRecorded: (d) => [amount(d.amountCents, (m) => `${m} spent`), day(d.on, 'on'), str(d.note)],
  CampaignEnded: (d) => [day(d.on, 'ended on')],
};
