import * as z from 'zod';
import { defineEvent } from '../define.ts';
import { Day } from './day.ts';
import { LEAD_CHANNELS } from './leads.ts';

export const CampaignLaunched = defineEvent({
  type: 'CampaignLaunched',
  context: 'marketing',
  summary: 'A marketing campaign started, on one channel with a budget',
  schema: z.object({
    campaignId: z.string(),
    name: z.string(),
    channel: z.enum(LEAD_CHANNELS),
    budgetCents: z.number().int().min(0),
    startsOn: Day,
    endsOn: Day,
  }),
});

export const CampaignBudgetChanged = defineEvent({
  type: 'CampaignBudgetChanged',
  context: 'marketing',
  summary: "A campaign's budget changed",
  schema: z.object({ campaignId: z.string(), budgetCents: z.number().int().min(0) }),
});

export const CampaignSpendRecorded = defineEvent({
  type: 'CampaignSpendRecorded',
  context: 'marketing',
  summary: 'Money was spent on a campaign',
  schema: z.object({
    campaignId: z.string(),
    amountCents: z.number().int().positive(),
    on: Day,
    note: z.string().optional(),
  }),
});

export const CampaignEnded = defineEvent({
  type: 'CampaignEnded',
  context: 'marketing',
  summary: 'A campaign stopped',
  schema: z.object({ campaignId: z.string(), on: Day }),
});
