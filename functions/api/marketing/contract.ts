import * as z from 'zod';
import { CAMPAIGN_ACTIONS, type CampaignAction } from '../../../domain/marketing/campaigns.ts';
import { aggregates } from '../../application/aggregates.ts';
import { DayInput, Note, On } from '../../http/inputs.ts';
import type { RouteContract } from '../../http/route.ts';
import { defineRoute } from '../../http/route.ts';
import { Channel } from '../leads/contract.ts';
import {
  actionsOf,
  Cents,
  EventHistory,
  Id,
  IdParams,
  Meta,
  Name,
  PageQuery,
  page,
  TotalCents,
} from '../schemas.ts';

export const CampaignStatus = z.enum(['active', 'ended']).meta({ id: 'CampaignStatus' });

export const Campaign = z
  .object({
    id: Id,
    name: z.string(),
    channel: Channel,
    budgetCents: Cents,
    spentCents: TotalCents,
    startsOn: z.string(),
    endsOn: z.string(),
    status: CampaignStatus,
    spendByMonth: z.record(z.string(), Cents),
    endedOn: z.string().optional(),
    actions: actionsOf(CAMPAIGN_ACTIONS, 'CampaignAction'),
    ...Meta,
  })
  .meta({ id: 'Campaign' });

const tag = 'Marketing';

export const listCampaigns = defineRoute({
  method: 'GET',
  path: '/api/campaigns',
  permission: aggregates.campaign.read,
  summary: 'List campaigns, newest first, optionally by channel or status',
  tag,
  query: PageQuery.extend({ channel: Channel.optional(), status: CampaignStatus.optional() }).strict(),
  response: page(Campaign, 'CampaignPage'),
});

export const launchCampaign = defineRoute({
  method: 'POST',
  path: '/api/campaigns',
  permission: 'marketing:write',
  summary: 'Launch a campaign on a channel with a budget',
  tag,
  status: 201,
  body: z
    .object({
      name: Name,
      channel: Channel,
      budgetCents: Cents,
      startsOn: DayInput,
      endsOn: DayInput,
    })
    .strict()
    .meta({ id: 'LaunchCampaign' }),
  response: Campaign,
});

export const getCampaign = defineRoute({
  method: 'GET',
  path: '/api/campaigns/{id}',
  permission: aggregates.campaign.read,
  summary: 'Read a campaign with its spend by month',
  tag,
  params: IdParams,
  response: Campaign,
});

export const campaignEvents = defineRoute({
  method: 'GET',
  path: '/api/campaigns/{id}/events',
  permission: 'events:read',
  summary: "A campaign's full event history",
  tag,
  params: IdParams,
  response: EventHistory,
});

export const changeCampaignBudget = defineRoute({
  method: 'POST',
  path: '/api/campaigns/{id}/budget',
  permission: 'marketing:write',
  summary: "Change a campaign's budget (never below what is spent)",
  tag,
  params: IdParams,
  ifMatch: true,
  body: z.object({ budgetCents: Cents }).strict().meta({ id: 'ChangeCampaignBudget' }),
  response: Campaign,
});

export const recordSpend = defineRoute({
  method: 'POST',
  path: '/api/campaigns/{id}/spend',
  permission: 'marketing:write',
  summary: 'Record money spent on a campaign (never beyond its budget)',
  tag,
  status: 201,
  params: IdParams,
  body: z
    .object({
      amountCents: Cents.min(1, 'Spend must be positive'),
      on: On,
      note: Note.optional(),
    })
    .strict()
    .meta({ id: 'RecordCampaignSpend' }),
  response: Campaign,
});

export const endCampaign = defineRoute({
  method: 'POST',
  path: '/api/campaigns/{id}/end',
  permission: 'marketing:write',
  summary: 'End a campaign',
  tag,
  params: IdParams,
  ifMatch: true,
  body: z.object({ on: On }).strict().meta({ id: 'EndCampaign' }),
  response: Campaign,
});

export const marketingRoutes = [
  listCampaigns,
  launchCampaign,
  getCampaign,
  campaignEvents,
  changeCampaignBudget,
  recordSpend,
  endCampaign,
];

/** The route that performs each campaign action; its permission decides who is offered the action. */
export const campaignActionRoutes = {
  'change-budget': changeCampaignBudget,
  'record-spend': recordSpend,
  end: endCampaign,
} satisfies Record<CampaignAction, RouteContract>;
