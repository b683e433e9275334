import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CampaignCommand, campaignDecider } from '../../../domain/marketing/campaigns.ts';
import { evolveAll, replay, settled } from '../helpers.ts';

const launch: CampaignCommand = {
  type: 'LaunchCampaign',
  campaignId: 'k1',
  name: 'Paid social Q2',
  channel: 'paid_social',
  budgetCents: 1_000_000,
  startsOn: '2026-04-01',
  endsOn: '2026-06-30',
};

describe('campaigns', () => {
  it('records spend by month within the budget', () => {
    const campaign = settled(campaignDecider, [
      launch,
      { type: 'RecordCampaignSpend', amountCents: 300_000, on: '2026-04-06' },
      { type: 'RecordCampaignSpend', amountCents: 200_000, on: '2026-05-04' },
      { type: 'RecordCampaignSpend', amountCents: 100_000, on: '2026-05-11' },
    ]);
    expect(campaign).toMatchObject({
      spentCents: 600_000,
      spendByMonth: { '2026-04': 300_000, '2026-05': 300_000 },
    });
  });

  it('refuses overspending, budgets below spend and spend after the end', () => {
    const { refused } = replay(campaignDecider, [
      launch,
      { type: 'RecordCampaignSpend', amountCents: 800_000, on: '2026-04-06' },
      { type: 'RecordCampaignSpend', amountCents: 300_000, on: '2026-04-07' },
      { type: 'ChangeCampaignBudget', budgetCents: 700_000 },
      { type: 'EndCampaign', on: '2026-06-30' },
      { type: 'RecordCampaignSpend', amountCents: 1, on: '2026-07-01' },
    ]);
    expect(refused).toEqual(['over-budget', 'budget-below-spend', 'campaign-ended']);
  });

  const command: fc.Arbitrary<CampaignCommand> = fc.oneof(
    fc.constant(launch),
    fc.integer({ min: 1, max: 600_000 }).map<CampaignCommand>((amountCents) => ({
      type: 'RecordCampaignSpend',
      amountCents,
      on: '2026-04-10',
    })),
    fc
      .integer({ min: 0, max: 2_000_000 })
      .map<CampaignCommand>((budgetCents) => ({ type: 'ChangeCampaignBudget', budgetCents })),
    fc.constant<CampaignCommand>({ type: 'EndCampaign', on: '2026-05-01' }),
  );

  it('never spends beyond the budget, whatever the commands', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 25 }), (commands) => {
        const { state, events } = replay(campaignDecider, commands);
        if (!state.exists) return;
        expect(state.spentCents).toBeLessThanOrEqual(state.budgetCents);
        expect(Object.values(state.spendByMonth).reduce((a, b) => a + b, 0)).toBe(state.spentCents);
        expect(evolveAll(campaignDecider, events)).toEqual(state);
      }),
    );
  });
});
