import type { Day } from '../shared/days.ts';
import type { Candidate, HitRate } from './candidate.ts';
import {
  backtestStalled,
  type CustomerOrder,
  type QuoteInput,
  rfm,
  segmentSummaries,
  stalledQuoteCandidates,
} from './customers.ts';
import { type ForecastScope, forecastAll, type SalesInput } from './forecasts.ts';
import {
  adviseItem,
  backtestReorder,
  type ItemInput,
  marginPerUnit,
  type PurchaseInput,
  reorderCandidate,
  reorderHitRate,
  usageOf,
} from './inventory.ts';
import { type ScoringLead, scoreLeads } from './leads.ts';
import {
  backtestBudgetMove,
  budgetMoveCandidate,
  type CampaignInput,
  judgedWindow,
  type LeadInput,
  returns,
} from './marketing.ts';
import { attachRates, discountVersusWinRate, type OptionOrder, type PricedQuote } from './pricing.ts';
import { round2 } from './stats.ts';

export interface AnalysisInputs {
  items: readonly ItemInput[];
  purchases: readonly PurchaseInput[];
  models: readonly {
    modelId: string;
    name: string;
    basePriceCents: number;
    materials: readonly { itemId: string; quantity: number }[];
    options: readonly { code: string; name: string }[];
  }[];
  orders: readonly CustomerOrder[];
  /** Orders again, with their model, options and payments: for forecasts and attach rates. */
  sales: readonly (SalesInput & OptionOrder)[];
  quotes: readonly (QuoteInput & PricedQuote)[];
  leads: readonly (LeadInput & ScoringLead)[];
  campaigns: readonly CampaignInput[];
  customerNames: ReadonlyMap<string, string>;
}

/**
 * Contribution after materials as a share of a model's price, averaged over the models on sale: what a
 * dollar of revenue leaves once its bill of materials is paid (labour is not in the data).
 */
export const marginRateOf = (inputs: Pick<AnalysisInputs, 'models' | 'items'>): number => {
  const costs = new Map(inputs.items.map((i) => [i.itemId, i.unitCostCents]));
  const rates = inputs.models
    .filter((m) => m.basePriceCents > 0)
    .map(
      (m) =>
        1 - m.materials.reduce((a, x) => a + x.quantity * (costs.get(x.itemId) ?? 0), 0) / m.basePriceCents,
    );
  return rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : 0;
};

/**
 * Every analysis as of a day: the recommendations they propose, their figures and their hit rates, and
 * the forecasts (all of them, or only the items' when a refresh is about stock).
 */
export const analyse = (inputs: AnalysisInputs, asOf: Day, scope: ForecastScope = 'all') => {
  const costs = new Map(inputs.items.map((i) => [i.itemId, i.unitCostCents]));
  const marginRate = marginRateOf(inputs);

  const tests = inputs.items.map((item) => backtestReorder(item, inputs.purchases, asOf));
  const reorder = reorderHitRate(tests);
  const advice = inputs.items.map((item, i) => {
    const a = adviseItem(item, inputs.purchases, asOf);
    const margin = marginPerUnit(item.itemId, inputs.models, costs);
    return { advice: a, test: tests[i]!, marginPerUnitCents: margin };
  });
  const reorderCandidates = advice.flatMap(({ advice: a, test, marginPerUnitCents }) => {
    const c = reorderCandidate(a, test, reorder, marginPerUnitCents);
    return c ? [c] : [];
  });

  const scores = rfm(inputs.orders, asOf);
  const segments = segmentSummaries(scores);
  const stalled = backtestStalled(inputs.quotes, asOf);
  const quoteCandidates = stalledQuoteCandidates(
    inputs.quotes,
    inputs.customerNames,
    asOf,
    marginRate,
    stalled,
  );

  const window = judgedWindow(asOf);
  const marketing = returns(inputs.campaigns, inputs.leads, inputs.orders, window.from, window.to);
  const budget = backtestBudgetMove(inputs.campaigns, inputs.leads, inputs.orders, asOf);
  const move = budgetMoveCandidate(marketing.channels, marginRate, budget);

  const forecasts = forecastAll(
    {
      sales: inputs.sales,
      leads: inputs.leads,
      items: inputs.items.map((item) => ({ ...item, usage: usageOf(item) })),
    },
    asOf,
    scope,
  );

  const candidates: Candidate[] = [...reorderCandidates, ...quoteCandidates, ...(move ? [move] : [])].sort(
    (a, b) => b.priority - a.priority,
  );
  const hitRates: Record<string, HitRate> = {
    reorder: { ...reorder, value: round2(reorder.value) },
    'stalled-quote': { ...stalled, value: round2(stalled.value) },
    'budget-move': { ...budget, value: round2(budget.value) },
  };
  return {
    asOf,
    marginRate: round2(marginRate),
    candidates,
    hitRates,
    inventory: advice.map(({ advice: a, test, marginPerUnitCents }) => ({
      itemId: a.itemId,
      name: a.name,
      unit: a.unit,
      usagePerWeek: round2(a.demand.mean),
      usageSd: round2(a.demand.sd),
      demandModel: a.demand.model,
      leadTimeDays: round2(a.leadTime.meanDays),
      leadTimeSdDays: round2(a.leadTime.sdDays),
      onHand: a.onHand,
      reserved: a.reserved,
      onOrder: a.onOrder,
      safetyStock: a.safetyStock,
      reorderPoint: a.reorderPoint,
      orderQuantity: a.orderQuantity,
      runsOutOn: a.runsOutOn,
      needsOrder: a.needsOrder,
      marginPerUnitCents,
      backtest: test,
      projected: a.projected,
    })),
    segments,
    segmentOf: scores,
    marketing: { window, ...marketing },
    leadScoring: scoreLeads(inputs.leads, asOf),
    discounts: discountVersusWinRate(inputs.quotes, asOf),
    attachRates: attachRates(inputs.sales, inputs.models, asOf),
    forecasts,
  };
};

export type Analysis = ReturnType<typeof analyse>;
