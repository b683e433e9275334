import type { DISQUALIFY_REASONS, LEAD_CHANNELS, TIMELINES } from '../../events/contexts/leads.ts';
import type { Day } from '../shared/days.ts';
import { availableBy, type Decider, type Event, type Probes, reject } from '../shared/decider.ts';
import type { Contact, ContactMethod } from './customers.ts';

export type LeadChannel = (typeof LEAD_CHANNELS)[number];
export type DisqualifyReason = (typeof DISQUALIFY_REASONS)[number];
export type Timeline = (typeof TIMELINES)[number];

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'disqualified', 'converted'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export type LeadState =
  | { exists: false }
  | {
      exists: true;
      leadId: string;
      name: string;
      email: string;
      phone?: string;
      channel: LeadChannel;
      campaignId?: string;
      interestModelId?: string;
      marketingConsent: boolean;
      note?: string;
      capturedOn: Day;
      status: LeadStatus;
      contacts: Contact[];
      budgetCents?: number;
      timeline?: Timeline;
      qualifiedOn?: Day;
      disqualifyReason?: DisqualifyReason;
      closedOn?: Day;
      customerId?: string;
    };

export type LeadCommand =
  | {
      type: 'CaptureLead';
      leadId: string;
      name: string;
      email: string;
      phone?: string;
      channel: LeadChannel;
      campaignId?: string;
      interestModelId?: string;
      marketingConsent: boolean;
      note?: string;
      on: Day;
    }
  | {
      type: 'LogLeadContact';
      method: ContactMethod;
      summary: string;
      on: Day;
      /** A call that ends the conversation closes the lead in the same step... */
      disqualify?: DisqualifyReason;
      /** ...and one that establishes budget, land and timeline qualifies it. */
      qualify?: { timeline: Timeline; budgetCents?: number };
    }
  | { type: 'QualifyLead'; budgetCents?: number; timeline: Timeline; on: Day }
  | { type: 'DisqualifyLead'; reason: DisqualifyReason; note?: string; on: Day }
  | { type: 'ConvertLead'; customerId: string; on: Day }
  | { type: 'SetLeadConsent'; marketingConsent: boolean };

export type LeadEvent = Event<
  | 'LeadCaptured'
  | 'LeadContacted'
  | 'LeadQualified'
  | 'LeadDisqualified'
  | 'LeadConverted'
  | 'LeadConsentChanged'
>;

/** Leads still being worked: the funnel moves forward from here, never back out of a closed state. */
const OPEN: LeadStatus[] = ['new', 'contacted', 'qualified'];

const requireStatus = (state: LeadState, allowed: LeadStatus[], action: string) => {
  if (!state.exists) return reject('lead-not-found', 'No such lead', 404);
  if (!allowed.includes(state.status))
    return reject('invalid-status', `Cannot ${action}: the lead is ${state.status}`, 409);
  return state;
};

const decide = (command: LeadCommand, state: LeadState): LeadEvent[] => {
  switch (command.type) {
    case 'CaptureLead': {
      if (state.exists) return reject('lead-exists', `Lead ${command.leadId} already exists`, 409);
      const { type: _, ...data } = command;
      return [{ type: 'LeadCaptured', data }];
    }
    case 'LogLeadContact': {
      const lead = requireStatus(state, OPEN, 'log a contact');
      const { type: _, disqualify, qualify, ...contact } = command;
      const contacted: LeadEvent = { type: 'LeadContacted', data: { leadId: lead.leadId, ...contact } };
      if (disqualify && qualify)
        return reject('conflicting-outcome', 'A contact cannot both qualify and disqualify');
      if (disqualify)
        return [
          contacted,
          { type: 'LeadDisqualified', data: { leadId: lead.leadId, reason: disqualify, on: command.on } },
        ];
      if (!qualify) return [contacted];
      if (lead.status === 'qualified') return reject('invalid-status', 'The lead is already qualified', 409);
      return [
        contacted,
        { type: 'LeadQualified', data: { leadId: lead.leadId, ...qualify, on: command.on } },
      ];
    }
    case 'QualifyLead': {
      const lead = requireStatus(state, ['new', 'contacted'], 'qualify the lead');
      const { type: _, ...data } = command;
      return [{ type: 'LeadQualified', data: { leadId: lead.leadId, ...data } }];
    }
    case 'DisqualifyLead': {
      const lead = requireStatus(state, OPEN, 'disqualify the lead');
      const { type: _, ...data } = command;
      return [{ type: 'LeadDisqualified', data: { leadId: lead.leadId, ...data } }];
    }
    case 'ConvertLead': {
      // Only qualified leads convert: the funnel report relies on every customer having passed qualification.
      const lead = requireStatus(state, ['qualified'], 'convert the lead');
      return [
        {
          type: 'LeadConverted',
          data: { leadId: lead.leadId, customerId: command.customerId, on: command.on },
        },
      ];
    }
    case 'SetLeadConsent': {
      if (!state.exists) return reject('lead-not-found', 'No such lead', 404);
      if (state.marketingConsent === command.marketingConsent) return [];
      return [
        {
          type: 'LeadConsentChanged',
          data: { leadId: state.leadId, marketingConsent: command.marketingConsent },
        },
      ];
    }
  }
};

const evolve = (state: LeadState, event: LeadEvent): LeadState => {
  if (event.type === 'LeadCaptured') {
    const { on, ...data } = event.data;
    return { exists: true, ...data, capturedOn: on, status: 'new', contacts: [] };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'LeadContacted': {
      const { leadId: _, ...contact } = event.data;
      const status = state.status === 'new' ? 'contacted' : state.status;
      return { ...state, status, contacts: [...state.contacts, contact] };
    }
    case 'LeadQualified': {
      const { budgetCents, timeline, on } = event.data;
      return { ...state, status: 'qualified', budgetCents, timeline, qualifiedOn: on };
    }
    case 'LeadDisqualified':
      return {
        ...state,
        status: 'disqualified',
        disqualifyReason: event.data.reason,
        closedOn: event.data.on,
      };
    case 'LeadConverted':
      return { ...state, status: 'converted', customerId: event.data.customerId, closedOn: event.data.on };
    case 'LeadConsentChanged':
      return { ...state, marketingConsent: event.data.marketingConsent };
  }
};

export const leadDecider: Decider<LeadCommand, LeadState, LeadEvent> = {
  initialState: { exists: false },
  decide,
  evolve,
};

/** What can be done to a lead, named as the API's lead commands. */
export const LEAD_ACTIONS = ['log-contact', 'qualify', 'disqualify', 'convert', 'set-consent'] as const;
export type LeadAction = (typeof LEAD_ACTIONS)[number];

const leadProbes: Probes<LeadCommand, LeadState, LeadAction> = {
  'log-contact': (_, { today }) => ({ type: 'LogLeadContact', method: 'email', summary: 'probe', on: today }),
  qualify: (_, { today }) => ({ type: 'QualifyLead', timeline: 'now', on: today }),
  disqualify: (_, { today }) => ({ type: 'DisqualifyLead', reason: 'duplicate', on: today }),
  convert: (_, { today }) => ({ type: 'ConvertLead', customerId: '~probe', on: today }),
  'set-consent': (state) =>
    state.exists ? { type: 'SetLeadConsent', marketingConsent: !state.marketingConsent } : undefined,
};

/** The lead commands its decider would accept now (before the caller's permissions are considered). */
export const availableLeadActions = availableBy(leadDecider, LEAD_ACTIONS, leadProbes);
