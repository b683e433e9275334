import type { LeadChannel } from '../customers/leads.ts';
import type { Day } from '../shared/days.ts';
import { availableBy, type Decider, type Event, type Probes, reject } from '../shared/decider.ts';

export type CampaignState =
  | { exists: false }
  | {
      exists: true;
      campaignId: string;
      name: string;
      channel: LeadChannel;
      budgetCents: number;
      spentCents: number;
      startsOn: Day;
      endsOn: Day;
      status: 'active' | 'ended';
      /** Spend per month (YYYY-MM), for cost-per-lead by month without replaying every entry. */
      spendByMonth: Record<string, number>;
      endedOn?: Day;
    };

export type CampaignCommand =
  | {
      type: 'LaunchCampaign';
      campaignId: string;
      name: string;
      channel: LeadChannel;
      budgetCents: number;
      startsOn: Day;
      endsOn: Day;
    }
  | { type: 'ChangeCampaignBudget'; budgetCents: number }
  | { type: 'RecordCampaignSpend'; amountCents: number; on: Day; note?: string }
  | { type: 'EndCampaign'; on: Day };

export type CampaignEvent = Event<
  'CampaignLaunched' | 'CampaignBudgetChanged' | 'CampaignSpendRecorded' | 'CampaignEnded'
>;

const active = (state: CampaignState, action: string) => {
  if (!state.exists) return reject('campaign-not-found', 'No such campaign', 404);
  if (state.status !== 'active')
    return reject('campaign-ended', `Cannot ${action}: the campaign has ended`, 409);
  return state;
};

const decide = (command: CampaignCommand, state: CampaignState): CampaignEvent[] => {
  switch (command.type) {
    case 'LaunchCampaign': {
      if (state.exists)
        return reject('campaign-exists', `Campaign ${command.campaignId} already exists`, 409);
      if (command.endsOn < command.startsOn)
        return reject('invalid-dates', 'A campaign cannot end before it starts');
      const { type: _, ...data } = command;
      return [{ type: 'CampaignLaunched', data }];
    }
    case 'ChangeCampaignBudget': {
      const campaign = active(state, 'change the budget');
      if (command.budgetCents < campaign.spentCents)
        return reject('budget-below-spend', `${campaign.spentCents} cents are already spent`, 409);
      if (command.budgetCents === campaign.budgetCents) return [];
      return [
        {
          type: 'CampaignBudgetChanged',
          data: { campaignId: campaign.campaignId, budgetCents: command.budgetCents },
        },
      ];
    }
    case 'RecordCampaignSpend': {
      const campaign = active(state, 'record spend');
      if (command.amountCents <= 0) return reject('invalid-amount', 'Spend must be positive');
      if (campaign.spentCents + command.amountCents > campaign.budgetCents)
        return reject('over-budget', 'The spend would exceed the budget; raise the budget first', 409);
      if (command.on < campaign.startsOn)
        return reject('invalid-date', 'Spend cannot precede the campaign start');
      const { type: _, ...data } = command;
      return [{ type: 'CampaignSpendRecorded', data: { campaignId: campaign.campaignId, ...data } }];
    }
    case 'EndCampaign': {
      const campaign = active(state, 'end the campaign');
      return [{ type: 'CampaignEnded', data: { campaignId: campaign.campaignId, on: command.on } }];
    }
  }
};

const evolve = (state: CampaignState, event: CampaignEvent): CampaignState => {
  if (event.type === 'CampaignLaunched') {
    return { exists: true, ...event.data, spentCents: 0, status: 'active', spendByMonth: {} };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'CampaignBudgetChanged':
      return { ...state, budgetCents: event.data.budgetCents };
    case 'CampaignSpendRecorded': {
      const month = event.data.on.slice(0, 7);
      return {
        ...state,
        spentCents: state.spentCents + event.data.amountCents,
        spendByMonth: {
          ...state.spendByMonth,
          [month]: (state.spendByMonth[month] ?? 0) + event.data.amountCents,
        },
      };
    }
    case 'CampaignEnded':
      return { ...state, status: 'ended', endedOn: event.data.on };
  }
};

export const campaignDecider: Decider<CampaignCommand, CampaignState, CampaignEvent> = {
  initialState: { exists: false },
  decide,
  evolve,
};

/** What can be done to a campaign, named as the API's campaign commands. */
export const CAMPAIGN_ACTIONS = ['change-budget', 'record-spend', 'end'] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

const campaignProbes: Probes<CampaignCommand, CampaignState, CampaignAction> = {
  'change-budget': (state) =>
    state.exists ? { type: 'ChangeCampaignBudget', budgetCents: state.budgetCents } : undefined,
  'record-spend': (_, { today }) => ({ type: 'RecordCampaignSpend', amountCents: 1, on: today }),
  end: (_, { today }) => ({ type: 'EndCampaign', on: today }),
};

/** The campaign commands its decider would accept now (before the caller's permissions are considered). */
export const availableCampaignActions = availableBy(campaignDecider, CAMPAIGN_ACTIONS, campaignProbes);
