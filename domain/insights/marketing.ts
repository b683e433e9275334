import { addDays, type Day } from '../shared/days.ts';
import { type Candidate, dollars, type HitRate, percent, priorityOf } from './candidate.ts';
import { round2 } from './stats.ts';

/**
 * Marketing return: cost per lead and per order, conversion and return by channel and campaign. An
 * order counts for the lead that became its customer (the first such lead), and so for that lead's
 * channel and campaign; spend is each campaign's spend by month.
 */
export interface CampaignInput {
  campaignId: string;
  name: string;
  channel: string;
  spendByMonth: Readonly<Record<string, number>>;
}
export interface LeadInput {
  leadId: string;
  channel: string;
  campaignId?: string;
  capturedOn: Day;
  customerId?: string;
}
export interface OrderInput {
  customerId: string;
  totalCents: number;
  on: Day;
}

export interface ReturnFigures {
  key: string;
  name: string;
  channel: string;
  spendCents: number;
  leads: number;
  orders: number;
  revenueCents: number;
  costPerLeadCents: number | null;
  costPerOrderCents: number | null;
  /** Orders per lead. */
  conversion: number;
  /** Revenue per dollar spent. */
  returnOnSpend: number | null;
}

const figure = (
  key: string,
  name: string,
  channel: string,
  spend: number,
  leads: number,
  orders: number,
  revenue: number,
): ReturnFigures => ({
  key,
  name,
  channel,
  spendCents: spend,
  leads,
  orders,
  revenueCents: revenue,
  costPerLeadCents: leads && spend ? Math.round(spend / leads) : null,
  costPerOrderCents: orders && spend ? Math.round(spend / orders) : null,
  conversion: leads ? round2(orders / leads) : 0,
  returnOnSpend: spend ? round2(revenue / spend) : null,
});

/** Spend, leads, orders and revenue of leads captured in [from, to), by channel and by campaign. */
export const returns = (
  campaigns: readonly CampaignInput[],
  leads: readonly LeadInput[],
  orders: readonly OrderInput[],
  from: Day,
  to: Day,
) => {
  const firstLead = new Map<string, LeadInput>();
  for (const lead of leads)
    if (lead.customerId) {
      const known = firstLead.get(lead.customerId);
      if (!known || lead.capturedOn < known.capturedOn) firstLead.set(lead.customerId, lead);
    }
  const acc = new Map<
    string,
    { name: string; channel: string; spend: number; leads: number; orders: number; revenue: number }
  >();
  const at = (key: string, name: string, channel: string) => {
    const row = acc.get(key) ?? { name, channel, spend: 0, leads: 0, orders: 0, revenue: 0 };
    acc.set(key, row);
    return row;
  };
  const campaignName = new Map(campaigns.map((c) => [c.campaignId, c]));
  const fromMonth = from.slice(0, 7);
  const toMonth = to.slice(0, 7);
  for (const c of campaigns) {
    const spend = Object.entries(c.spendByMonth)
      .filter(([month]) => month >= fromMonth && month < toMonth)
      .reduce((a, [, cents]) => a + cents, 0);
    at(`channel:${c.channel}`, c.channel, c.channel).spend += spend;
    at(`campaign:${c.campaignId}`, c.name, c.channel).spend += spend;
  }
  const keysOf = (lead: LeadInput) => {
    const keys = [at(`channel:${lead.channel}`, lead.channel, lead.channel)];
    const campaign = lead.campaignId ? campaignName.get(lead.campaignId) : undefined;
    if (campaign) keys.push(at(`campaign:${campaign.campaignId}`, campaign.name, campaign.channel));
    return keys;
  };
  for (const lead of leads) {
    if (lead.capturedOn < from || lead.capturedOn >= to) continue;
    for (const row of keysOf(lead)) row.leads += 1;
  }
  for (const order of orders) {
    const lead = firstLead.get(order.customerId);
    if (!lead || lead.capturedOn < from || lead.capturedOn >= to || order.on < lead.capturedOn) continue;
    for (const row of keysOf(lead)) {
      row.orders += 1;
      row.revenue += order.totalCents;
    }
  }
  const all = [...acc.entries()].map(([key, r]) =>
    figure(key, r.name, r.channel, r.spend, r.leads, r.orders, r.revenue),
  );
  return {
    channels: all.filter((f) => f.key.startsWith('channel:')).sort((a, b) => b.revenueCents - a.revenueCents),
    campaigns: all.filter((f) => f.key.startsWith('campaign:')).sort((a, b) => b.spendCents - a.spendCents),
  };
};

/** Channels that spent at least this over a window can take part in a budget move. */
const MIN_SPEND_CENTS = 100_000;

/**
 * Channels whose leads come from the money spent on them, so money moved to one buys more of its leads.
 * Web-form leads come whatever is spent (the spend is the site) and referral rewards are paid after the
 * fact: their return per dollar is high, but more budget would not buy more of it.
 */
export const BOUGHT_CHANNELS: readonly string[] = ['paid_social', 'search', 'show'];

/** The channel with the best and the worst return on spend, among bought channels that spent money. */
export const bestAndWorst = (channels: readonly ReturnFigures[]) => {
  const paid = channels
    .filter((c) => BOUGHT_CHANNELS.includes(c.channel))
    .filter((c) => c.spendCents >= MIN_SPEND_CENTS && c.returnOnSpend !== null)
    .sort((a, b) => b.returnOnSpend! - a.returnOnSpend!);
  if (paid.length < 2) return undefined;
  return { best: paid[0]!, worst: paid.at(-1)! };
};

const monthsBack = (day: Day, months: number): Day => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
};

/**
 * The window a run judges channels on: leads captured 15 to 3 months before `asOf`, so their orders
 * have had time to come in.
 */
export const judgedWindow = (asOf: Day) => ({ from: monthsBack(asOf, 15), to: monthsBack(asOf, 3) });

export const BUDGET_METHOD =
  'Backtest: every quarter of the history, the channels ranked by the return of the 12 months before it; a hit when the best one again returned more per dollar than the worst one over the next quarter.';

/** How often the channel ranked best by the past year returned more than the one ranked worst, next quarter. */
export const backtestBudgetMove = (
  campaigns: readonly CampaignInput[],
  leads: readonly LeadInput[],
  orders: readonly OrderInput[],
  asOf: Day,
): HitRate => {
  const first = leads.reduce<Day | undefined>(
    (a, l) => (!a || l.capturedOn < a ? l.capturedOn : a),
    undefined,
  );
  if (!first) return { value: 0, samples: 0, method: BUDGET_METHOD };
  let n = 0;
  let hits = 0;
  for (let origin = monthsBack(asOf, 6); origin >= addDays(first, 365); origin = monthsBack(origin, 3)) {
    const past = bestAndWorst(returns(campaigns, leads, orders, monthsBack(origin, 12), origin).channels);
    if (!past) continue;
    const next = returns(campaigns, leads, orders, origin, addDays(origin, 91)).channels;
    const best = next.find((c) => c.key === past.best.key);
    const worst = next.find((c) => c.key === past.worst.key);
    if (!best?.returnOnSpend || worst?.returnOnSpend === null || worst?.returnOnSpend === undefined) continue;
    n += 1;
    if (best.returnOnSpend > worst.returnOnSpend) hits += 1;
  }
  return { value: n ? hits / n : 0, samples: n, method: BUDGET_METHOD };
};

const Z80 = 1.2816;
/** A return on spend's 80% range, from the Poisson spread of the orders it rests on. */
const band = (f: ReturnFigures) => {
  const r = f.returnOnSpend ?? 0;
  const rel = f.orders ? Z80 / Math.sqrt(f.orders) : 1;
  return { lo: Math.max(0, r * (1 - rel)), hi: r * (1 + rel) };
};

/** Move a quarter of the worst channel's quarterly spend to the best one, if the history supports it. */
export const budgetMoveCandidate = (
  channels: readonly ReturnFigures[],
  marginRate: number,
  hitRate: HitRate,
): Candidate | undefined => {
  const pair = bestAndWorst(channels);
  if (!pair) return undefined;
  const { best, worst } = pair;
  const moveCents = Math.round(worst.spendCents / 4 / 4 / 100) * 100;
  const gain = (best.returnOnSpend! - worst.returnOnSpend!) * marginRate;
  if (moveCents <= 0 || gain <= 0) return undefined;
  const b = band(best);
  const w = band(worst);
  const value = {
    cents: Math.round(moveCents * gain),
    lo: Math.round(moveCents * (b.lo - w.hi) * marginRate),
    hi: Math.round(moveCents * (b.hi - w.lo) * marginRate),
  };
  const urgency = 0.4;
  return {
    category: 'marketing',
    kind: 'budget-move',
    key: `budget-move:${worst.channel}>${best.channel}`,
    subject: {
      kind: 'channel',
      id: `${worst.channel}>${best.channel}`,
      name: `${worst.channel} → ${best.channel}`,
    },
    title: `Move ${dollars(moveCents)} a quarter from ${worst.channel} to ${best.channel}`,
    reason:
      `Over leads captured in the year to three months ago, ${best.channel} returned ${dollars(Math.round((best.returnOnSpend ?? 0) * 100))} ` +
      `of orders per dollar (${best.orders} orders from ${best.leads} leads, ${dollars(best.costPerOrderCents ?? 0)} per order) and ` +
      `${worst.channel} ${dollars(Math.round((worst.returnOnSpend ?? 0) * 100))} (${worst.orders} orders from ${worst.leads} leads, ` +
      `${worst.costPerOrderCents === null ? 'no orders' : `${dollars(worst.costPerOrderCents)} per order`}). Moving a quarter of ` +
      `${worst.channel}'s quarterly spend is expected to add ${dollars(value.cents)} of contribution after materials ` +
      `(at ${percent(marginRate)} of revenue), if the returns hold at the margin. The ranking held ${percent(hitRate.value)} of past quarters.`,
    evidence: {
      figures: [
        { label: `${best.channel}: return per dollar`, value: best.returnOnSpend ?? 0, unit: 'count' },
        { label: `${worst.channel}: return per dollar`, value: worst.returnOnSpend ?? 0, unit: 'count' },
        { label: `${best.channel}: cost per lead`, value: best.costPerLeadCents ?? 0, unit: 'cents' },
        { label: `${worst.channel}: cost per lead`, value: worst.costPerLeadCents ?? 0, unit: 'cents' },
        { label: `${best.channel}: conversion`, value: best.conversion, unit: 'share' },
        { label: `${worst.channel}: conversion`, value: worst.conversion, unit: 'share' },
        { label: 'Amount moved per quarter', value: moveCents, unit: 'cents' },
        { label: 'Contribution after materials', value: round2(marginRate), unit: 'share' },
      ],
      series: {
        title: 'Revenue per dollar spent, by channel',
        unit: 'x',
        points: channels
          .filter((c) => c.returnOnSpend !== null)
          .map((c) => ({ at: c.channel, value: c.returnOnSpend ?? 0, projected: false })),
        levels: [],
      },
    },
    confidence: { value: round2(hitRate.value), samples: hitRate.samples, method: hitRate.method },
    estimatedValue: value,
    urgency,
    priority: priorityOf(value.cents, hitRate.value, urgency),
    horizonDays: 91,
    baseline: {
      moveCents,
      marginRate: round2(marginRate),
      bestReturn: best.returnOnSpend ?? 0,
      worstReturn: worst.returnOnSpend ?? 0,
    },
  };
};
