import { LEAD_CHANNELS } from '../../events/contexts/leads.ts';
import type { LeadState } from '../customers/leads.ts';
import type { CampaignState } from '../marketing/campaigns.ts';
import { outstandingOf, type PurchaseOrderState } from '../purchasing/purchase-orders.ts';
import { ORDER_STAGES, type OrderState } from '../sales/orders.ts';
import {
  type CampaignReturn,
  type ChannelFigures,
  campaignReturn,
  emptyMonth,
  type MonthFigures,
  newestFirst,
  orderMonths,
  type RevenueMonth,
  type Row,
  type StageFigures,
  sameMonthLastYear,
} from './overview.ts';

/**
 * Kept report figures: instead of folding every order and lead on each request, each record contributes
 * a few numbers to a few partitions (a month, a stage shard, a campaign), and the figures are the sums of
 * the partitions a report names. A record's contribution is a pure function of its row, so the projector
 * can replace what a record contributed when its row changes, and a rebuild sums them afresh. A report
 * then reads a fixed number of partitions whatever the size of the business.
 *
 * | partition                       | who contributes          | metrics                                         |
 * | ------------------------------- | ------------------------ | ----------------------------------------------- |
 * | `month#YYYY-MM`                 | orders                   | revenueCents, orders, bookedCents, collectedCents |
 * | `stage#<shard>`                 | orders                   | `n.<stage>` orders, `v.<stage>` value           |
 * | `leads#YYYY-MM#<channel>`       | leads, by capture month  | leads, qualified, converted, disqualified, open |
 * | `campaign#<campaignId>#<shard>` | leads and orders         | leads, converted, orders, revenueCents          |
 * | `onorder#<shard>`               | open purchase orders     | `<itemId>`: quantity still to arrive            |
 */
export type Metrics = Record<string, number>;
export type Contribution = Record<string, Metrics>;

/** Partitions that hold every record of a kind are split by record, so none grows too large to rewrite. */
export const SHARDS = 16;
export const shardOf = (id: string): number => {
  let hash = 2166136261;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619);
  return (hash >>> 0) % SHARDS;
};
const CAMPAIGN = 'campaign#';
const shards = (prefix: string) => Array.from({ length: SHARDS }, (_, i) => `${prefix}#${i}`);

export const partitions = {
  month: (month: string) => `month#${month}`,
  stages: () => shards('stage'),
  leads: (month: string, channel: string) => `leads#${month}#${channel}`,
  campaign: (campaignId: string, recordId: string) => `${CAMPAIGN}${campaignId}#${shardOf(recordId)}`,
  /** A campaign's leads can run to thousands: its figures are split by record like the stages. */
  campaignShards: (campaignId: string) => shards(`${CAMPAIGN}${campaignId}`),
  /**
   * What every campaign's partition name starts with. Most of a campaign's shards stay empty, so the
   * campaigns report reads the partitions that exist under it rather than asking for all 16 of each.
   */
  everyCampaign: () => CAMPAIGN,
  onOrder: () => shards('onorder'),
};

/** Views whose rows contribute to the kept figures. */
export const CONTRIBUTING_VIEWS = ['orders', 'leads', 'purchaseOrders'] as const;
export type ContributingView = (typeof CONTRIBUTING_VIEWS)[number];

const add = (into: Contribution, partition: string, metrics: Metrics) => {
  const target = into[partition] ?? {};
  into[partition] = target;
  for (const [name, value] of Object.entries(metrics))
    if (value !== 0) target[name] = (target[name] ?? 0) + value;
  if (Object.keys(target).length === 0) delete into[partition];
};

/**
 * What an order contributes. `campaignId` is the campaign of the lead its customer was converted from,
 * if any: campaigns are credited with the orders of the customers their leads became.
 */
export const orderContribution = (row: Row<OrderState>, campaignId?: string): Contribution => {
  const out: Contribution = {};
  if (!row.state.exists) return out;
  const order = row.state;
  for (const [month, figures] of orderMonths(row as Row<typeof order>))
    add(out, partitions.month(month), { ...figures });
  // An order counts in its stage even when its value is zero.
  out[`stage#${shardOf(order.orderId)}`] = {
    [`n.${order.stage}`]: 1,
    ...(order.totalCents ? { [`v.${order.stage}`]: order.totalCents } : {}),
  };
  if (campaignId && order.stage !== 'cancelled')
    add(out, partitions.campaign(campaignId, order.orderId), { orders: 1, revenueCents: order.totalCents });
  return out;
};

export const leadContribution = ({ state: lead }: Row<LeadState>): Contribution => {
  const out: Contribution = {};
  if (!lead.exists) return out;
  const converted = lead.status === 'converted' ? 1 : 0;
  add(out, partitions.leads(lead.capturedOn.slice(0, 7), lead.channel), {
    leads: 1,
    qualified: lead.qualifiedOn !== undefined ? 1 : 0,
    converted,
    disqualified: lead.status === 'disqualified' ? 1 : 0,
    open: lead.status === 'new' || lead.status === 'contacted' || lead.status === 'qualified' ? 1 : 0,
  });
  if (lead.campaignId) add(out, partitions.campaign(lead.campaignId, lead.leadId), { leads: 1, converted });
  return out;
};

export const purchaseOrderContribution = ({ state: po }: Row<PurchaseOrderState>): Contribution => {
  const out: Contribution = {};
  if (!po.exists || (po.status !== 'placed' && po.status !== 'partially_received')) return out;
  const onOrder: Metrics = {};
  for (const line of po.lines) onOrder[line.itemId] = (onOrder[line.itemId] ?? 0) + outstandingOf(line);
  add(out, `onorder#${shardOf(po.purchaseOrderId)}`, onOrder);
  return out;
};

/** The campaign a converted lead hands on to its customer's orders. */
export const customerCampaignOf = ({ state: lead }: Row<LeadState>): [string, string] | undefined =>
  lead.exists && lead.customerId && lead.campaignId ? [lead.customerId, lead.campaignId] : undefined;

/** Sums of partitions, for the reports below; a partition nobody contributes to is absent. */
export type Totals = ReadonlyMap<string, Metrics>;

const sumOf = (totals: Totals, names: readonly string[]): Metrics => {
  const sum: Metrics = {};
  for (const name of names)
    for (const [metric, value] of Object.entries(totals.get(name) ?? {}))
      sum[metric] = (sum[metric] ?? 0) + value;
  return sum;
};

const monthFigures = (metrics: Metrics | undefined): MonthFigures => {
  const figures = emptyMonth();
  for (const key of Object.keys(figures) as (keyof MonthFigures)[]) figures[key] = metrics?.[key] ?? 0;
  return figures;
};

/** The partitions `revenueFrom` reads for these months. */
export const revenuePartitions = (months: readonly string[]) => [
  ...new Set(months.flatMap((m) => [partitions.month(m), partitions.month(sameMonthLastYear(m))])),
];
export const revenueFrom = (totals: Totals, months: readonly string[]): RevenueMonth[] =>
  months.map((month) => ({
    month,
    ...monthFigures(totals.get(partitions.month(month))),
    priorYear: monthFigures(totals.get(partitions.month(sameMonthLastYear(month)))),
  }));

export const stagesFrom = (totals: Totals): StageFigures[] => {
  const sum = sumOf(totals, partitions.stages());
  return ORDER_STAGES.map((stage) => ({
    stage,
    orders: sum[`n.${stage}`] ?? 0,
    valueCents: sum[`v.${stage}`] ?? 0,
  }));
};

export const leadPartitions = (months: readonly string[]) =>
  months.flatMap((m) => LEAD_CHANNELS.map((channel) => partitions.leads(m, channel)));
export const channelsFrom = (totals: Totals, months: readonly string[]): ChannelFigures[] =>
  LEAD_CHANNELS.map((channel) => {
    const sum = sumOf(
      totals,
      months.map((m) => partitions.leads(m, channel)),
    );
    const leads = sum.leads ?? 0;
    const converted = sum.converted ?? 0;
    return {
      channel,
      leads,
      qualified: sum.qualified ?? 0,
      converted,
      disqualified: sum.disqualified ?? 0,
      open: sum.open ?? 0,
      conversionRate: leads === 0 ? 0 : Math.round((converted / leads) * 10_000) / 10_000,
    };
  });

export const onOrderFrom = (totals: Totals): Map<string, number> =>
  new Map(Object.entries(sumOf(totals, partitions.onOrder())).filter(([, quantity]) => quantity !== 0));

/** Campaign returns from the campaigns' own rows (a few per quarter) and their kept partitions. */
export const campaignsFrom = (campaigns: readonly Row<CampaignState>[], totals: Totals): CampaignReturn[] =>
  newestFirst(
    campaigns
      .flatMap(({ state: c }) => (c.exists ? [c] : []))
      .map((c) => {
        const sum = sumOf(totals, partitions.campaignShards(c.campaignId));
        return campaignReturn(c, {
          leads: sum.leads ?? 0,
          converted: sum.converted ?? 0,
          orders: sum.orders ?? 0,
          revenueCents: sum.revenueCents ?? 0,
        });
      }),
  );
