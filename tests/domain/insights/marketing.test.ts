import { describe, expect, it } from 'vitest';
import {
  backtestBudgetMove,
  budgetMoveCandidate,
  type CampaignInput,
  type LeadInput,
  type OrderInput,
  returns,
} from '../../../domain/insights/marketing.ts';
import { addDays } from '../../../domain/shared/days.ts';

const campaigns: CampaignInput[] = [
  {
    campaignId: 'k1',
    name: 'Search 2026',
    channel: 'search',
    spendByMonth: { '2026-01': 200_000, '2026-02': 200_000 },
  },
  { campaignId: 'k2', name: 'Social 2026', channel: 'paid_social', spendByMonth: { '2026-01': 400_000 } },
];
const leads: LeadInput[] = [
  { leadId: 'l1', channel: 'search', campaignId: 'k1', capturedOn: '2026-01-05', customerId: 'c1' },
  { leadId: 'l2', channel: 'search', campaignId: 'k1', capturedOn: '2026-02-05', customerId: 'c2' },
  { leadId: 'l3', channel: 'search', campaignId: 'k1', capturedOn: '2026-02-06' },
  { leadId: 'l4', channel: 'paid_social', campaignId: 'k2', capturedOn: '2026-01-07', customerId: 'c3' },
  { leadId: 'l5', channel: 'paid_social', campaignId: 'k2', capturedOn: '2026-01-08' },
];
const orders: OrderInput[] = [
  { customerId: 'c1', totalCents: 6_000_000, on: '2026-03-01' },
  { customerId: 'c2', totalCents: 7_000_000, on: '2026-04-01' },
  { customerId: 'c3', totalCents: 6_000_000, on: '2026-03-15' },
];

describe('marketing return', () => {
  it('gives cost per lead and per order, conversion and return by channel and campaign', () => {
    const { channels, campaigns: byCampaign } = returns(campaigns, leads, orders, '2026-01-01', '2026-03-01');
    const search = channels.find((c) => c.channel === 'search')!;
    expect(search).toMatchObject({
      spendCents: 400_000,
      leads: 3,
      orders: 2,
      revenueCents: 13_000_000,
      costPerLeadCents: 133_333,
      costPerOrderCents: 200_000,
      conversion: 0.67,
      returnOnSpend: 32.5,
    });
    expect(channels.find((c) => c.channel === 'paid_social')).toMatchObject({
      costPerOrderCents: 400_000,
      returnOnSpend: 15,
    });
    expect(byCampaign.find((c) => c.key === 'campaign:k2')).toMatchObject({ name: 'Social 2026', leads: 2 });
  });

  it('moves budget from the worst return to the best, valued with a range, or not at all', () => {
    const { channels } = returns(campaigns, leads, orders, '2026-01-01', '2026-03-01');
    const move = budgetMoveCandidate(channels, 0.4, { value: 0.75, samples: 8, method: 'm' })!;
    // A quarter of paid_social's quarterly spend (400,000 / 4 / 4), times (32.5 − 15) × 0.4.
    expect(move).toMatchObject({
      key: 'budget-move:paid_social>search',
      estimatedValue: { cents: 175_000 },
      confidence: { value: 0.75, samples: 8 },
    });
    expect(move.estimatedValue.lo).toBeLessThan(175_000);
    expect(move.estimatedValue.hi).toBeGreaterThan(175_000);
    expect(
      budgetMoveCandidate(
        channels.filter((c) => c.channel === 'search'),
        0.4,
        { value: 1, samples: 1, method: 'm' },
      ),
    ).toBeUndefined();
  });

  it('backtests the ranking quarter by quarter', () => {
    // Two years of monthly leads: search always converts, paid social never does.
    const many: LeadInput[] = [];
    const sales: OrderInput[] = [];
    const spend: Record<string, number> = {};
    for (let d = 0; d < 730; d += 10) {
      const on = addDays('2024-01-01', d);
      spend[on.slice(0, 7)] = 200_000;
      many.push({ leadId: `s${d}`, channel: 'search', capturedOn: on, customerId: `cs${d}` });
      many.push({ leadId: `p${d}`, channel: 'paid_social', capturedOn: on, customerId: `cp${d}` });
      sales.push({ customerId: `cs${d}`, totalCents: 6_000_000, on: addDays(on, 20) });
    }
    const both: CampaignInput[] = [
      { campaignId: 's', name: 'S', channel: 'search', spendByMonth: spend },
      { campaignId: 'p', name: 'P', channel: 'paid_social', spendByMonth: spend },
    ];
    const hit = backtestBudgetMove(both, many, sales, '2026-01-01');
    expect(hit.samples).toBeGreaterThan(0);
    expect(hit.value).toBe(1);
  });
});
