import { type ItemEvent, type ItemState, itemDecider } from '../inventory/items.ts';
import { addDays, type Day, daysBetween } from '../shared/days.ts';
import { type Candidate, dollars, type HitRate, percent, priorityOf, shrunk } from './candidate.ts';
import { type Demand, demandOf, windowDemand } from './demand.ts';
import { clamp, expectedShortfall, meanOf, round2, sdOf, zOf } from './stats.ts';

/**
 * Inventory advice per item: usage per week from stock consumption, the supplier's lead time and its
 * variation from purchase orders (placed → first receipt), safety stock for a service level, the
 * reorder point, an order quantity (EOQ, at least enough to get back above the reorder point for a
 * review period), the projected stock and the day it runs out.
 */
export interface ItemInput {
  itemId: string;
  name: string;
  unit: string;
  unitCostCents: number;
  /** The lead time the item's policy states: used until purchase orders show the real one. */
  leadTimeDays: number;
  /** Its events with their business days, oldest first. */
  events: readonly { on: Day; event: ItemEvent }[];
}

export interface PurchaseInput {
  purchaseOrderId: string;
  status: string;
  placedOn: Day;
  expectedOn: Day;
  lines: readonly { itemId: string; quantity: number }[];
  receipts: readonly { on: Day; lines: readonly { itemId: string; quantity: number }[] }[];
}

export interface ReorderPolicy {
  /** Chance of not running out during a lead time (cycle service level). */
  serviceLevel: number;
  /** What placing one purchase order costs (EOQ's ordering cost). */
  orderCostCents: number;
  /** Holding cost per year as a share of the unit cost (EOQ's holding cost). */
  holdingRate: number;
  /** How often purchasing looks again: advice covers the lead time plus this. */
  reviewDays: number;
  /** Weeks of history usage is measured over. */
  historyWeeks: number;
}

export const DEFAULT_POLICY: ReorderPolicy = {
  serviceLevel: 0.95,
  orderCostCents: 7_500,
  holdingRate: 0.25,
  reviewDays: 7,
  historyWeeks: 26,
};

export interface LeadTime {
  meanDays: number;
  sdDays: number;
  /** Purchase orders it was measured on (0: the item's stated lead time). */
  samples: number;
}

/** Days from placing to the first receipt of the item, over its purchase orders received before `before`. */
export const leadTimeOf = (
  item: Pick<ItemInput, 'itemId' | 'leadTimeDays'>,
  purchases: readonly PurchaseInput[],
  before: Day,
  last = 20,
): LeadTime => {
  const days: number[] = [];
  for (const po of purchases) {
    if (po.placedOn >= before || !po.lines.some((l) => l.itemId === item.itemId)) continue;
    const first = po.receipts.find((r) => r.on < before && r.lines.some((l) => l.itemId === item.itemId));
    if (first) days.push(daysBetween(po.placedOn, first.on));
  }
  const recent = days.slice(-last);
  if (recent.length < 2) return { meanDays: item.leadTimeDays, sdDays: 0, samples: recent.length };
  return { meanDays: meanOf(recent), sdDays: sdOf(recent), samples: recent.length };
};

/** What is ordered and not yet received on `day`, with the day each outstanding quantity is expected. */
export const onOrderAt = (itemId: string, purchases: readonly PurchaseInput[], day: Day) => {
  const arrivals: { on: Day; quantity: number }[] = [];
  for (const po of purchases) {
    if (po.placedOn >= day || po.status === 'cancelled') continue;
    const ordered = po.lines.filter((l) => l.itemId === itemId).reduce((a, l) => a + l.quantity, 0);
    if (ordered === 0) continue;
    const received = po.receipts
      .filter((r) => r.on < day)
      .flatMap((r) => r.lines)
      .filter((l) => l.itemId === itemId)
      .reduce((a, l) => a + l.quantity, 0);
    if (ordered > received)
      arrivals.push({ on: po.expectedOn > day ? po.expectedOn : day, quantity: ordered - received });
  }
  return { quantity: arrivals.reduce((a, x) => a + x.quantity, 0), arrivals };
};

/** Stock on hand and reserved at the start of each given day (ascending), folding the item's events once. */
export const stockByDay = (item: ItemInput, days: readonly Day[]) => {
  let state: ItemState = itemDecider.initialState;
  let next = 0;
  return days.map((day) => {
    while (next < item.events.length && item.events[next]!.on < day)
      state = itemDecider.evolve(state, item.events[next++]!.event);
    return state.exists ? { onHand: state.onHand, reserved: state.reserved } : { onHand: 0, reserved: 0 };
  });
};

/** The item's consumption, a quantity per day it was used. */
export const usageOf = (item: Pick<ItemInput, 'events'>) =>
  item.events.flatMap(({ on, event }) =>
    event.type === 'StockConsumed' ? [{ on, quantity: event.data.quantity }] : [],
  );

export interface ItemAdvice {
  itemId: string;
  name: string;
  unit: string;
  asOf: Day;
  demand: Demand;
  leadTime: LeadTime;
  onHand: number;
  reserved: number;
  onOrder: number;
  /** On hand plus on order: what there is to meet demand without a new order. */
  position: number;
  /** Demand expected over a lead time: at least what is already reserved for booked builds. */
  leadTimeDemand: number;
  safetyStock: number;
  reorderPoint: number;
  orderQuantity: number;
  /** Projected stock at the end of each of the next 12 weeks without a new order. */
  projected: { on: Day; stock: number }[];
  /** The day projected stock falls below zero without a new order (within 26 weeks), if it does. */
  runsOutOn: Day | null;
  needsOrder: boolean;
  /** Units expected short over the lead time and a review period without an order, with an 80% range. */
  shortfall: { expected: number; lo: number; hi: number };
}

const Z80 = 1.2816;

/** The advice for one item as of a day, from its history before that day. */
export const adviseItem = (
  item: ItemInput,
  purchases: readonly PurchaseInput[],
  asOf: Day,
  policy: ReorderPolicy = DEFAULT_POLICY,
  stock?: { onHand: number; reserved: number },
  fast = false,
): ItemAdvice => {
  const demand = demandOf(usageOf(item), asOf, policy.historyWeeks, fast);
  const leadTime = leadTimeOf(item, purchases, asOf);
  const now = stock ?? stockByDay(item, [asOf])[0]!;
  const onOrder = onOrderAt(item.itemId, purchases, asOf);
  const position = now.onHand + onOrder.quantity;
  const lt = windowDemand(demand, leadTime.meanDays / 7, leadTime.sdDays / 7);
  const leadTimeDemand = Math.max(now.reserved, lt.mean);
  const safetyStock = zOf(policy.serviceLevel) * lt.sd;
  const reorderPoint = leadTimeDemand + safetyStock;
  const cover = windowDemand(demand, (leadTime.meanDays + policy.reviewDays) / 7, leadTime.sdDays / 7);
  const coverMean = Math.max(now.reserved, cover.mean);
  const yearly = demand.mean * 52;
  const eoq =
    yearly > 0 && item.unitCostCents > 0
      ? Math.sqrt((2 * yearly * policy.orderCostCents) / (policy.holdingRate * item.unitCostCents))
      : 0;
  const needsOrder = demand.mean > 0 && position <= reorderPoint;
  const orderQuantity = needsOrder
    ? Math.max(1, Math.ceil(Math.max(eoq, reorderPoint + (demand.mean * policy.reviewDays) / 7 - position)))
    : Math.ceil(eoq);
  const perDay = demand.mean / 7;
  const stockOn = (day: Day) =>
    now.onHand +
    onOrder.arrivals.filter((a) => a.on <= day).reduce((s, a) => s + a.quantity, 0) -
    perDay * daysBetween(asOf, day);
  const projected = Array.from({ length: 12 }, (_, i) => {
    const on = addDays(asOf, 7 * (i + 1));
    return { on, stock: round2(stockOn(on)) };
  });
  let runsOutOn: Day | null = null;
  if (perDay > 0)
    for (let d = 0; d <= 182; d++) {
      const day = addDays(asOf, d);
      if (stockOn(day) < 0) {
        runsOutOn = day;
        break;
      }
    }
  return {
    itemId: item.itemId,
    name: item.name,
    unit: item.unit,
    asOf,
    demand,
    leadTime,
    onHand: now.onHand,
    reserved: now.reserved,
    onOrder: onOrder.quantity,
    position,
    leadTimeDemand: round2(leadTimeDemand),
    safetyStock: round2(safetyStock),
    reorderPoint: round2(reorderPoint),
    orderQuantity,
    projected,
    runsOutOn,
    needsOrder,
    shortfall: {
      expected: round2(expectedShortfall(coverMean, cover.sd, position)),
      lo: round2(Math.max(0, coverMean - Z80 * cover.sd - position)),
      hi: round2(Math.max(0, coverMean + Z80 * cover.sd - position)),
    },
  };
};

export interface ReorderBacktest {
  /** Past (item, week) cases where the advice said order. */
  advised: number;
  /**
   * Of those, cases where consumption over the lead time and a review period did eat into the safety
   * stock (exceeded the stock position less the safety stock): what the advice claims would happen.
   */
  hits: number;
  /** Cases where the stock would have run out without a new order, whether advised or not. */
  shortages: number;
  /** Of those, cases the advice flagged. */
  caught: number;
}

/**
 * Would the advice have been right? At every week of the history (after the first `historyWeeks`, and
 * early enough that the outcome is known by `asOf`), compute the advice from the history before that
 * week only, and look at what happened next: did consumption over the lead time and a review period
 * exceed what was on hand and on order (so the item would have run out without a new order)?
 */
export const backtestReorder = (
  item: ItemInput,
  purchases: readonly PurchaseInput[],
  asOf: Day,
  policy: ReorderPolicy = DEFAULT_POLICY,
): ReorderBacktest => {
  const result: ReorderBacktest = { advised: 0, hits: 0, shortages: 0, caught: 0 };
  if (item.events.length === 0) return result;
  const usage = usageOf(item);
  const first = item.events[0]!.on;
  const origins: Day[] = [];
  for (let day = addDays(first, 7 * policy.historyWeeks); ; day = addDays(day, 7)) {
    const window = leadTimeOf(item, purchases, day).meanDays + policy.reviewDays;
    if (addDays(day, Math.ceil(window)) > asOf) break;
    origins.push(day);
  }
  const stocks = stockByDay(item, origins);
  origins.forEach((day, i) => {
    const advice = adviseItem(item, purchases, day, policy, stocks[i], true);
    if (advice.demand.mean <= 0) return;
    const end = addDays(day, Math.ceil(advice.leadTime.meanDays + policy.reviewDays));
    const used = usage.filter((u) => u.on >= day && u.on < end).reduce((a, u) => a + u.quantity, 0);
    const short = used > advice.position;
    if (short) result.shortages += 1;
    if (advice.needsOrder) {
      result.advised += 1;
      if (used > advice.position - advice.safetyStock) result.hits += 1;
      if (short) result.caught += 1;
    }
  });
  return result;
};

/**
 * Contribution per unit of an item: for each model whose bill of materials uses it, the base price less
 * the materials at today's costs (labour is not in the data), per unit of the item the build takes;
 * averaged over those models. A build waiting for the item puts that much at risk per missing unit.
 */
export const marginPerUnit = (
  itemId: string,
  models: readonly { basePriceCents: number; materials: readonly { itemId: string; quantity: number }[] }[],
  unitCosts: ReadonlyMap<string, number>,
): number => {
  const margins = models.flatMap((model) => {
    const line = model.materials.find((m) => m.itemId === itemId);
    if (!line) return [];
    const materials = model.materials.reduce((a, m) => a + m.quantity * (unitCosts.get(m.itemId) ?? 0), 0);
    return [(model.basePriceCents - materials) / line.quantity];
  });
  return margins.length ? Math.round(meanOf(margins)) : 0;
};

/** How the reorder advice's confidence is measured, in words. */
export const REORDER_METHOD =
  'Backtest: at every past week, advice from the history before it; a hit when consumption over the lead time and a week did eat into the safety stock (more than what was on hand and on order, less the safety stock). Per item, pulled towards the rate over all items.';

export const reorderHitRate = (tests: readonly ReorderBacktest[]): HitRate => {
  const advised = tests.reduce((a, t) => a + t.advised, 0);
  const hits = tests.reduce((a, t) => a + t.hits, 0);
  return { value: advised ? hits / advised : 0, samples: advised, method: REORDER_METHOD };
};

/** The recommendation to order an item, or none when its stock position is above the reorder point. */
export const reorderCandidate = (
  advice: ItemAdvice,
  test: ReorderBacktest,
  pooled: HitRate,
  marginPerUnitCents: number,
): Candidate | undefined => {
  if (!advice.needsOrder) return undefined;
  const confidence = shrunk(test.hits, test.advised, pooled.value);
  const value = {
    cents: Math.round(advice.shortfall.expected * marginPerUnitCents),
    lo: Math.round(advice.shortfall.lo * marginPerUnitCents),
    hi: Math.round(advice.shortfall.hi * marginPerUnitCents),
  };
  const leadDays = Math.round(advice.leadTime.meanDays);
  const daysLeft = advice.runsOutOn ? daysBetween(advice.asOf, advice.runsOutOn) : null;
  const urgency =
    daysLeft === null ? 0.2 : clamp(1 - (daysLeft - leadDays) / Math.max(14, 2 * leadDays), 0.2, 1);
  const u = advice.unit;
  const runOut = advice.runsOutOn
    ? `runs out around ${advice.runsOutOn}${daysLeft !== null && daysLeft <= leadDays ? ', before a new order could arrive' : ''}`
    : 'stays above zero for now';
  return {
    category: 'inventory',
    kind: 'reorder',
    key: `reorder:${advice.itemId}`,
    subject: { kind: 'item', id: advice.itemId, name: advice.name },
    title: `Order ${advice.orderQuantity} ${u} of ${advice.name}`,
    reason:
      `${advice.name}: ${advice.position} ${u} on hand and on order, at or below the reorder point of ` +
      `${Math.ceil(advice.reorderPoint)} (lead-time demand ${Math.ceil(advice.leadTimeDemand)} + safety stock ` +
      `${Math.ceil(advice.safetyStock)}). Usage is forecast at ${round2(advice.demand.mean)} ${u} a week ` +
      `(${advice.demand.model}; sd ${round2(advice.demand.sd)} on held-out weeks) and the supplier takes ${leadDays} days (sd ${round2(advice.leadTime.sdDays)}). ` +
      `Without an order it ${runOut}; about ${round2(advice.shortfall.expected)} ${u} would be short, ` +
      `${dollars(value.cents)} of contribution at risk. In the past, stock advised like this went into its safety stock ${percent(confidence)} of the time without an order.`,
    evidence: {
      figures: [
        { label: 'On hand', value: advice.onHand, unit: 'units' },
        { label: 'Reserved for booked builds', value: advice.reserved, unit: 'units' },
        { label: 'On order', value: advice.onOrder, unit: 'units' },
        { label: 'Usage per week (forecast)', value: round2(advice.demand.mean), unit: 'units' },
        { label: 'Usage per week (sd)', value: round2(advice.demand.sd), unit: 'units' },
        { label: 'Demand model', value: advice.demand.model, unit: 'text' },
        { label: 'Lead time (days)', value: round2(advice.leadTime.meanDays), unit: 'days' },
        { label: 'Lead time sd (days)', value: round2(advice.leadTime.sdDays), unit: 'days' },
        { label: 'Purchase orders measured', value: advice.leadTime.samples, unit: 'count' },
        { label: 'Safety stock', value: advice.safetyStock, unit: 'units' },
        { label: 'Reorder point', value: advice.reorderPoint, unit: 'units' },
        { label: 'Order quantity', value: advice.orderQuantity, unit: 'units' },
        { label: 'Runs out on', value: advice.runsOutOn ?? 'not within 26 weeks', unit: 'date' },
        { label: 'Contribution per unit', value: marginPerUnitCents, unit: 'cents' },
        { label: 'Past advice: right / given', value: `${test.hits} / ${test.advised}`, unit: 'text' },
        { label: 'Past shortages caught', value: `${test.caught} / ${test.shortages}`, unit: 'text' },
      ],
      series: {
        title: `${advice.name}: weekly usage and projected stock without a new order`,
        unit: advice.unit,
        points: [
          ...advice.demand.series.map((value, i) => ({
            at: addDays(advice.asOf, -7 * (advice.demand.series.length - i)),
            value,
            projected: false,
          })),
          ...advice.projected.map((p) => ({ at: p.on, value: p.stock, projected: true })),
        ],
        levels: [
          { label: 'Reorder point', value: advice.reorderPoint },
          { label: 'Safety stock', value: advice.safetyStock },
        ],
      },
    },
    confidence: { value: round2(confidence), samples: test.advised, method: pooled.method },
    estimatedValue: value,
    urgency: round2(urgency),
    priority: priorityOf(value.cents, confidence, urgency),
    horizonDays: Math.max(7, Math.ceil(advice.leadTime.meanDays + DEFAULT_POLICY.reviewDays)),
    baseline: {
      position: advice.position,
      safetyStock: advice.safetyStock,
      marginPerUnitCents,
      expectedShortfall: advice.shortfall.expected,
    },
  };
};
