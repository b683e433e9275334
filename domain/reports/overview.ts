import { LEAD_CHANNELS } from '../../events/contexts/leads.ts';
import type { LeadChannel, LeadState } from '../customers/leads.ts';
import { availableOf, type ItemState, needsReorder } from '../inventory/items.ts';
import type { CampaignState } from '../marketing/campaigns.ts';
import { outstandingOf, type PurchaseOrderState } from '../purchasing/purchase-orders.ts';
import { ORDER_STAGES, type OrderStage, type OrderState } from '../sales/orders.ts';

/**
 * The numbers the console's overview shows, computed from read-model rows. Pure functions of the rows
 * they are given, so the same rows always give the same report and the tests need no store.
 */
export interface Row<S> {
  state: S;
  /** When the record's stream began: an order's placing, a lead's capture. */
  createdAt: string;
  updatedAt: string;
}

type Order = Extract<OrderState, { exists: true }>;
type Lead = Extract<LeadState, { exists: true }>;
type Item = Extract<ItemState, { exists: true }>;
type Campaign = Extract<CampaignState, { exists: true }>;

const existing = <S extends { exists: boolean }>(rows: readonly Row<S>[]) =>
  rows.filter((r) => r.state.exists) as Row<Extract<S, { exists: true }>>[];

/** The `count` months ending with `last` (YYYY-MM), oldest first. */
export const monthsEnding = (last: string, count: number): string[] => {
  const [year, month] = last.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const date = new Date(Date.UTC(year, month - 1 - (count - 1 - i), 1));
    return date.toISOString().slice(0, 7);
  });
};

export const sameMonthLastYear = (month: string): string =>
  `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;

export interface MonthFigures {
  /** Revenue recognised on delivery: the value of the homes delivered in the month. */
  revenueCents: number;
  /** Orders placed in the month (cancelled ones excluded) and their value. */
  orders: number;
  bookedCents: number;
  /** Money received in the month less refunds paid in it. */
  collectedCents: number;
}

export const emptyMonth = (): MonthFigures => ({
  revenueCents: 0,
  orders: 0,
  bookedCents: 0,
  collectedCents: 0,
});

/** One order's contribution to each month's figures (its placing, delivery, payments and refunds). */
export const orderMonths = ({
  state: order,
  createdAt,
  updatedAt,
}: Row<Order>): Map<string, MonthFigures> => {
  const months = new Map<string, MonthFigures>();
  const at = (month: string) => {
    let figures = months.get(month);
    if (!figures) {
      figures = emptyMonth();
      months.set(month, figures);
    }
    return figures;
  };
  if (order.stage !== 'cancelled') {
    const placed = at(createdAt.slice(0, 7));
    placed.orders += 1;
    placed.bookedCents += order.totalCents;
  }
  // Deliveries recorded before delivery dates were kept fall back to when the order last changed.
  if (order.stage === 'delivered')
    at((order.deliveredOn ?? updatedAt).slice(0, 7)).revenueCents += order.totalCents;
  for (const payment of order.payments)
    if (payment.status === 'received')
      at((payment.on ?? createdAt).slice(0, 7)).collectedCents += payment.amountCents;
  for (const refund of order.refunds) at(refund.on.slice(0, 7)).collectedCents -= refund.amountCents;
  return months;
};

/** Every order's contribution to each month's figures. */
const figuresByMonth = (orders: readonly Row<Order>[]): Map<string, MonthFigures> => {
  const months = new Map<string, MonthFigures>();
  for (const order of orders)
    for (const [month, figures] of orderMonths(order)) {
      const sum = months.get(month) ?? emptyMonth();
      for (const key of Object.keys(sum) as (keyof MonthFigures)[]) sum[key] += figures[key];
      months.set(month, sum);
    }
  return months;
};

export interface RevenueMonth extends MonthFigures {
  month: string;
  priorYear: MonthFigures;
}

/** Revenue, bookings and collections by month for the months given, each beside the same month a year before. */
export const revenueByMonth = (
  rows: readonly Row<OrderState>[],
  months: readonly string[],
): RevenueMonth[] => {
  const figures = figuresByMonth(existing(rows));
  return months.map((month) => ({
    month,
    ...(figures.get(month) ?? emptyMonth()),
    priorYear: figures.get(sameMonthLastYear(month)) ?? emptyMonth(),
  }));
};

export interface StageFigures {
  stage: OrderStage;
  orders: number;
  valueCents: number;
}

export const ordersByStage = (rows: readonly Row<OrderState>[]): StageFigures[] => {
  const orders = existing(rows);
  return ORDER_STAGES.map((stage) => {
    const inStage = orders.filter((o) => o.state.stage === stage);
    return {
      stage,
      orders: inStage.length,
      valueCents: inStage.reduce((sum, o) => sum + o.state.totalCents, 0),
    };
  });
};

export interface ChannelFigures {
  channel: LeadChannel;
  leads: number;
  qualified: number;
  converted: number;
  disqualified: number;
  open: number;
  /** Converted leads per lead captured, 0-1. */
  conversionRate: number;
}

/** The funnel by channel for leads captured on or after `since` (YYYY-MM-DD), or all leads. */
export const leadsByChannel = (rows: readonly Row<LeadState>[], since?: string): ChannelFigures[] => {
  const leads = existing(rows).filter((l) => !since || l.state.capturedOn >= since);
  return LEAD_CHANNELS.map((channel) => {
    const of = leads.filter((l) => l.state.channel === channel).map((l) => l.state);
    const converted = of.filter((l) => l.status === 'converted').length;
    return {
      channel,
      leads: of.length,
      qualified: of.filter((l) => l.qualifiedOn !== undefined).length,
      converted,
      disqualified: of.filter((l) => l.status === 'disqualified').length,
      open: of.filter((l) => l.status === 'new' || l.status === 'contacted' || l.status === 'qualified')
        .length,
      conversionRate: of.length === 0 ? 0 : Math.round((converted / of.length) * 10_000) / 10_000,
    };
  });
};

/** Quantities still to arrive per item on open purchase orders. */
export const onOrderByItem = (rows: readonly Row<PurchaseOrderState>[]): Map<string, number> => {
  const onOrder = new Map<string, number>();
  for (const { state: po } of existing(rows)) {
    if (po.status !== 'placed' && po.status !== 'partially_received') continue;
    for (const line of po.lines)
      onOrder.set(line.itemId, (onOrder.get(line.itemId) ?? 0) + outstandingOf(line));
  }
  return onOrder;
};

export interface LowStockItem {
  itemId: string;
  sku: string;
  name: string;
  unit: string;
  onHand: number;
  reserved: number;
  available: number;
  reorderPoint: number;
  reorderQuantity: number;
  supplierId?: string;
  /** Still to arrive on open purchase orders. */
  onOrder: number;
  /** Whether what is on order lifts the item back above its reorder point; if not, someone must order. */
  covered: boolean;
}

/**
 * Items whose stock free to promise is at or below the reorder point: those nobody has ordered enough of
 * first, then the furthest below their reorder point.
 */
export const lowStock = (
  rows: readonly Row<ItemState>[],
  onOrder: ReadonlyMap<string, number> = new Map(),
): LowStockItem[] =>
  existing(rows)
    .map((r) => r.state)
    .filter(needsReorder)
    .map((item: Item) => {
      const ordered = onOrder.get(item.itemId) ?? 0;
      return { item, ordered, covered: availableOf(item) + ordered > item.reorderPoint };
    })
    .sort(
      (a, b) =>
        Number(a.covered) - Number(b.covered) ||
        availableOf(a.item) - a.item.reorderPoint - (availableOf(b.item) - b.item.reorderPoint) ||
        a.item.sku.localeCompare(b.item.sku),
    )
    .map(({ item, ordered, covered }) => ({
      itemId: item.itemId,
      sku: item.sku,
      name: item.name,
      unit: item.unit,
      onHand: item.onHand,
      reserved: item.reserved,
      available: availableOf(item),
      reorderPoint: item.reorderPoint,
      reorderQuantity: item.reorderQuantity,
      supplierId: item.supplierId,
      onOrder: ordered,
      covered,
    }));

export interface CampaignReturn {
  campaignId: string;
  name: string;
  channel: LeadChannel;
  status: 'active' | 'ended';
  startsOn: string;
  budgetCents: number;
  spentCents: number;
  leads: number;
  converted: number;
  orders: number;
  /** Value of the orders (not cancelled) placed by customers the campaign's leads became. */
  revenueCents: number;
  costPerLeadCents: number | null;
  /** Revenue per dollar spent. */
  returnOnSpend: number | null;
}

/** What each campaign spent and what came back: attributed leads, the customers they became, their orders. */
export const campaignReturns = (
  campaigns: readonly Row<CampaignState>[],
  leads: readonly Row<LeadState>[],
  orders: readonly Row<OrderState>[],
): CampaignReturn[] => {
  const ordersByCustomer = new Map<string, Order[]>();
  for (const { state } of existing(orders)) {
    if (state.stage === 'cancelled') continue;
    ordersByCustomer.set(state.customerId, [...(ordersByCustomer.get(state.customerId) ?? []), state]);
  }
  const leadsByCampaign = new Map<string, Lead[]>();
  for (const { state } of existing(leads)) {
    if (!state.campaignId) continue;
    leadsByCampaign.set(state.campaignId, [...(leadsByCampaign.get(state.campaignId) ?? []), state]);
  }
  return newestFirst(
    existing(campaigns).map(({ state: c }: Row<Campaign>) => {
      const attributed = leadsByCampaign.get(c.campaignId) ?? [];
      const bought = attributed.flatMap((l) =>
        l.customerId ? (ordersByCustomer.get(l.customerId) ?? []) : [],
      );
      return campaignReturn(c, {
        leads: attributed.length,
        converted: attributed.filter((l) => l.status === 'converted').length,
        orders: bought.length,
        revenueCents: bought.reduce((sum, o) => sum + o.totalCents, 0),
      });
    }),
  );
};

/** One campaign's return from what it brought in: its cost per lead and revenue per dollar spent. */
export const campaignReturn = (
  c: Campaign,
  counts: { leads: number; converted: number; orders: number; revenueCents: number },
): CampaignReturn => ({
  campaignId: c.campaignId,
  name: c.name,
  channel: c.channel,
  status: c.status,
  startsOn: c.startsOn,
  budgetCents: c.budgetCents,
  spentCents: c.spentCents,
  ...counts,
  costPerLeadCents: counts.leads ? Math.round(c.spentCents / counts.leads) : null,
  returnOnSpend: c.spentCents ? Math.round((counts.revenueCents / c.spentCents) * 100) / 100 : null,
});

/** Newest campaigns first, by name within a start day. */
export const newestFirst = (rows: CampaignReturn[]): CampaignReturn[] =>
  rows.sort((a, b) =>
    a.startsOn < b.startsOn ? 1 : a.startsOn > b.startsOn ? -1 : a.name.localeCompare(b.name),
  );
