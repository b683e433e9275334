import * as z from 'zod';
import { LEAD_ACTIONS, LEAD_STATUSES, type LeadAction } from '../../../domain/customers/leads.ts';
import { CONTACT_METHODS } from '../../../events/contexts/customers.ts';
import { DISQUALIFY_REASONS, LEAD_CHANNELS, TIMELINES } from '../../../events/contexts/leads.ts';
import { aggregates } from '../../application/aggregates.ts';
import { Note, On, Text } from '../../http/inputs.ts';
import type { RouteContract } from '../../http/route.ts';
import { defineRoute } from '../../http/route.ts';
import { Customer, Phone } from '../customers/contract.ts';
import {
  actionsOf,
  Cents,
  Email,
  EventHistory,
  Id,
  IdParams,
  Meta,
  Name,
  PageQuery,
  page,
} from '../schemas.ts';

export const Channel = z.enum(LEAD_CHANNELS).meta({ id: 'LeadChannel' });
export const LeadStatus = z.enum(LEAD_STATUSES).meta({ id: 'LeadStatus' });
const DisqualifyReason = z.enum(DISQUALIFY_REASONS).meta({ id: 'DisqualifyReason' });
const Timeline = z.enum(TIMELINES).meta({ id: 'Timeline' });

export const Lead = z
  .object({
    id: Id,
    name: z.string(),
    email: z.string(),
    phone: z.string().optional(),
    channel: Channel,
    campaignId: Id.optional(),
    interestModelId: Id.optional(),
    marketingConsent: z.boolean(),
    note: z.string().optional(),
    capturedOn: z.string(),
    status: LeadStatus,
    contacts: z.array(z.object({ method: z.enum(CONTACT_METHODS), summary: z.string(), on: z.string() })),
    budgetCents: Cents.optional(),
    timeline: Timeline.optional(),
    qualifiedOn: z.string().optional(),
    disqualifyReason: DisqualifyReason.optional(),
    closedOn: z.string().optional(),
    customerId: Id.optional(),
    actions: actionsOf(LEAD_ACTIONS, 'LeadAction'),
    ...Meta,
  })
  .meta({ id: 'Lead' });

const tag = 'Leads';

export const listLeads = defineRoute({
  method: 'GET',
  path: '/api/leads',
  permission: aggregates.lead.read,
  summary: 'List leads, newest first, optionally by status, channel or campaign',
  tag,
  query: PageQuery.extend({
    status: LeadStatus.optional(),
    channel: Channel.optional(),
    campaignId: Id.optional(),
  }).strict(),
  response: page(Lead, 'LeadPage'),
});

export const captureLead = defineRoute({
  method: 'POST',
  path: '/api/leads',
  permission: 'leads:write',
  summary: 'Record a new lead and the channel (and campaign) it came from',
  tag,
  status: 201,
  body: z
    .object({
      name: Name,
      email: Email,
      phone: Phone.optional(),
      channel: Channel,
      campaignId: Id.optional(),
      interestModelId: Id.optional(),
      marketingConsent: z.boolean().default(false),
      note: Note.optional(),
      on: On,
    })
    .strict()
    .meta({ id: 'CaptureLead' }),
  response: Lead,
});

export const getLead = defineRoute({
  method: 'GET',
  path: '/api/leads/{id}',
  permission: aggregates.lead.read,
  summary: 'Read a lead with its contact history',
  tag,
  params: IdParams,
  response: Lead,
});

export const leadEvents = defineRoute({
  method: 'GET',
  path: '/api/leads/{id}/events',
  permission: 'events:read',
  summary: "A lead's full event history",
  tag,
  params: IdParams,
  response: EventHistory,
});

export const logLeadContact = defineRoute({
  method: 'POST',
  path: '/api/leads/{id}/contacts',
  permission: 'leads:write',
  summary:
    'Record a call, email or meeting with a lead; the conversation can qualify or disqualify the lead in the same step',
  tag,
  params: IdParams,
  body: z
    .object({
      method: z.enum(CONTACT_METHODS),
      summary: Text(1000),
      on: On,
      disqualify: DisqualifyReason.optional(),
      qualify: z.object({ timeline: Timeline, budgetCents: Cents.optional() }).strict().optional(),
    })
    .strict()
    .meta({ id: 'LogLeadContact' }),
  response: Lead,
});

export const qualifyLead = defineRoute({
  method: 'POST',
  path: '/api/leads/{id}/qualify',
  permission: 'leads:write',
  summary: 'Mark a lead qualified: budget, land and a timeline to buy',
  tag,
  params: IdParams,
  ifMatch: true,
  body: z
    .object({ budgetCents: Cents.optional(), timeline: Timeline, on: On })
    .strict()
    .meta({ id: 'QualifyLead' }),
  response: Lead,
});

export const disqualifyLead = defineRoute({
  method: 'POST',
  path: '/api/leads/{id}/disqualify',
  permission: 'leads:write',
  summary: 'Close a lead that will not buy, with the reason',
  tag,
  params: IdParams,
  ifMatch: true,
  body: z
    .object({ reason: DisqualifyReason, note: Note.optional(), on: On })
    .strict()
    .meta({ id: 'DisqualifyLead' }),
  response: Lead,
});

export const convertLead = defineRoute({
  method: 'POST',
  path: '/api/leads/{id}/convert',
  permission: 'leads:write',
  summary: 'Convert a qualified lead into a customer (with the lead’s details and consent)',
  tag,
  status: 201,
  params: IdParams,
  ifMatch: true,
  body: z.object({ on: On }).strict().meta({ id: 'ConvertLead' }),
  response: z.object({ lead: Lead, customer: Customer }).meta({ id: 'LeadConversion' }),
});

export const setLeadConsent = defineRoute({
  method: 'POST',
  path: '/api/leads/{id}/consent',
  permission: 'leads:write',
  summary: 'Record that a lead gave or withdrew consent to marketing',
  tag,
  params: IdParams,
  body: z.object({ marketingConsent: z.boolean() }).strict().meta({ id: 'SetLeadConsent' }),
  response: Lead,
});

export const leadRoutes = [
  listLeads,
  captureLead,
  getLead,
  leadEvents,
  logLeadContact,
  qualifyLead,
  disqualifyLead,
  convertLead,
  setLeadConsent,
];

/** The route that performs each lead action; its permission decides who is offered the action. */
export const leadActionRoutes = {
  'log-contact': logLeadContact,
  qualify: qualifyLead,
  disqualify: disqualifyLead,
  convert: convertLead,
  'set-consent': setLeadConsent,
} satisfies Record<LeadAction, RouteContract>;
