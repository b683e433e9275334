import * as z from 'zod';
import { defineEvent } from '../define.ts';
import { CONTACT_METHODS } from './customers.ts';
import { Day } from './day.ts';

/** Where a lead came from. Conversion rates differ a lot by channel, so every lead keeps one. */
export const LEAD_CHANNELS = ['web_form', 'referral', 'show', 'paid_social', 'search'] as const;
export const DISQUALIFY_REASONS = [
  'no_budget',
  'no_land',
  'zoning',
  'unresponsive',
  'not_interested',
  'bought_elsewhere',
  'duplicate',
] as const;
export const TIMELINES = ['now', '3_months', '6_months', '12_months', 'later'] as const;

export const LeadCaptured = defineEvent({
  type: 'LeadCaptured',
  context: 'customers',
  summary: 'A prospective buyer got in touch or was referred',
  schema: z.object({
    leadId: z.string(),
    name: z.string(),
    email: z.string(),
    phone: z.string().optional(),
    channel: z.enum(LEAD_CHANNELS),
    campaignId: z.string().optional(),
    interestModelId: z.string().optional(),
    marketingConsent: z.boolean(),
    note: z.string().optional(),
    on: Day,
  }),
});

export const LeadContacted = defineEvent({
  type: 'LeadContacted',
  context: 'customers',
  summary: 'Sales reached out to a lead or heard back from one',
  schema: z.object({
    leadId: z.string(),
    method: z.enum(CONTACT_METHODS),
    summary: z.string(),
    on: Day,
  }),
});

export const LeadQualified = defineEvent({
  type: 'LeadQualified',
  context: 'customers',
  summary: 'A lead has the budget, the land and the timeline to buy',
  schema: z.object({
    leadId: z.string(),
    budgetCents: z.number().int().min(0).optional(),
    timeline: z.enum(TIMELINES),
    on: Day,
  }),
});

export const LeadDisqualified = defineEvent({
  type: 'LeadDisqualified',
  context: 'customers',
  summary: 'A lead will not buy, and why',
  schema: z.object({
    leadId: z.string(),
    reason: z.enum(DISQUALIFY_REASONS),
    note: z.string().optional(),
    on: Day,
  }),
});

export const LeadConverted = defineEvent({
  type: 'LeadConverted',
  context: 'customers',
  summary: 'A qualified lead became a customer',
  schema: z.object({ leadId: z.string(), customerId: z.string(), on: Day }),
});

export const LeadConsentChanged = defineEvent({
  type: 'LeadConsentChanged',
  context: 'customers',
  summary: 'A lead gave or withdrew consent to marketing',
  schema: z.object({ leadId: z.string(), marketingConsent: z.boolean() }),
});
