import type { ModelState } from '../../domain/catalog/models.ts';
import type { CustomerState } from '../../domain/customers/customers.ts';
import type { LeadState } from '../../domain/customers/leads.ts';
import type { CustomerOrder, QuoteInput } from '../../domain/insights/customers.ts';
import type { SalesInput } from '../../domain/insights/forecasts.ts';
import type { ItemInput, PurchaseInput } from '../../domain/insights/inventory.ts';
import type { ScoringLead } from '../../domain/insights/leads.ts';
import type { CampaignInput, LeadInput } from '../../domain/insights/marketing.ts';
import type { OptionOrder, PricedQuote } from '../../domain/insights/pricing.ts';
import type { RecommendationState } from '../../domain/insights/recommendations.ts';
import type { ItemEvent, ItemState } from '../../domain/inventory/items.ts';
import type { CampaignState } from '../../domain/marketing/campaigns.ts';
import type { PurchaseOrderState } from '../../domain/purchasing/purchase-orders.ts';
import type { OrderState } from '../../domain/sales/orders.ts';
import type { QuoteState } from '../../domain/sales/quotes.ts';
import { readStream } from '../adapters/event-store.ts';
import { aggregates } from '../application/aggregates.ts';
import { allRows } from '../reports/figures.ts';

type Existing<S> = Extract<S, { exists: true }>;

/**
 * What the analyses read: the views (current state, with the day each record began) and the item
 * streams (every stock movement with its day). Everything is read once per run, as of now; an analysis
 * as of an earlier day only looks at what happened before it.
 */
export const readInputs = async () => {
  const [items, purchases, models, orders, quotes, leads, campaigns, customers] = await Promise.all([
    allRows<Existing<ItemState>>(aggregates.item.view, [
      'itemId',
      'name',
      'unit',
      'unitCostCents',
      'leadTimeDays',
    ]),
    allRows<Existing<PurchaseOrderState>>(aggregates.purchaseOrder.view, [
      'purchaseOrderId',
      'status',
      'placedOn',
      'expectedOn',
      'lines',
      'receipts',
    ]),
    allRows<Existing<ModelState>>(aggregates.model.view, [
      'modelId',
      'name',
      'basePriceCents',
      'materials',
      'options',
      'retired',
    ]),
    allRows<Existing<OrderState>>(aggregates.order.view, [
      'customerId',
      'totalCents',
      'stage',
      'modelId',
      'modelName',
      'options',
      'payments',
    ]),
    allRows<Existing<QuoteState>>(aggregates.quote.view, [
      'quoteId',
      'customerId',
      'modelName',
      'totalCents',
      'subtotalCents',
      'discountCents',
      'sentOn',
      'expiresOn',
      'status',
      'decidedOn',
    ]),
    allRows<Existing<LeadState>>(aggregates.lead.view, [
      'leadId',
      'channel',
      'campaignId',
      'capturedOn',
      'customerId',
      'status',
      'interestModelId',
      'marketingConsent',
    ]),
    allRows<Existing<CampaignState>>(aggregates.campaign.view, [
      'campaignId',
      'name',
      'channel',
      'spendByMonth',
    ]),
    allRows<Existing<CustomerState>>(aggregates.customer.view, ['customerId', 'name']),
  ]);
  const itemInputs: ItemInput[] = await Promise.all(
    items.map(async ({ state }) => {
      const commits = await readStream(aggregates.item.stream(state.itemId));
      return {
        itemId: state.itemId,
        name: state.name,
        unit: state.unit,
        unitCostCents: state.unitCostCents,
        leadTimeDays: state.leadTimeDays,
        events: commits.flatMap((c) =>
          c.events.map((e) => ({ on: e.occurredAt.slice(0, 10), event: e as unknown as ItemEvent })),
        ),
      };
    }),
  );
  const purchaseInputs: PurchaseInput[] = purchases.map(({ state }) => ({
    purchaseOrderId: state.purchaseOrderId,
    status: state.status,
    placedOn: state.placedOn,
    expectedOn: state.expectedOn,
    lines: state.lines,
    receipts: state.receipts ?? [],
  }));
  const placed = orders.filter(({ state }) => state.stage !== 'cancelled');
  const customerOrders: CustomerOrder[] = placed.map(({ state, createdAt }) => ({
    customerId: state.customerId,
    totalCents: state.totalCents,
    on: createdAt.slice(0, 10),
  }));
  const sales: (SalesInput & OptionOrder)[] = placed.map(({ state, createdAt }) => ({
    modelId: state.modelId,
    modelName: state.modelName,
    on: createdAt.slice(0, 10),
    totalCents: state.totalCents,
    options: state.options ?? [],
    // Money kept: what was received less what was refunded of it, on the day it came in.
    payments: (state.payments ?? []).flatMap((p) =>
      p.status === 'received' && p.on ? [{ on: p.on, amountCents: p.amountCents - p.refundedCents }] : [],
    ),
  }));
  const quoteInputs: (QuoteInput & PricedQuote)[] = quotes.flatMap(({ state }) =>
    state.sentOn && state.status !== 'draft'
      ? [
          {
            quoteId: state.quoteId,
            customerId: state.customerId,
            modelName: state.modelName,
            totalCents: state.totalCents,
            subtotalCents: state.subtotalCents,
            discountCents: state.discountCents,
            sentOn: state.sentOn,
            expiresOn: state.expiresOn,
            status: state.status,
            decidedOn: state.decidedOn,
          },
        ]
      : [],
  );
  const leadInputs: (LeadInput & ScoringLead)[] = leads.map(({ state }) => ({
    leadId: state.leadId,
    channel: state.channel,
    campaignId: state.campaignId,
    capturedOn: state.capturedOn,
    customerId: state.customerId,
    status: state.status,
    interestModelId: state.interestModelId,
    marketingConsent: state.marketingConsent,
  }));
  const campaignInputs: CampaignInput[] = campaigns.map(({ state }) => ({
    campaignId: state.campaignId,
    name: state.name,
    channel: state.channel,
    spendByMonth: state.spendByMonth ?? {},
  }));
  return {
    items: itemInputs,
    purchases: purchaseInputs,
    models: models.map(({ state }) => state).filter((m) => !m.retired),
    orders: customerOrders,
    sales,
    quotes: quoteInputs,
    leads: leadInputs,
    campaigns: campaignInputs,
    customerNames: new Map(customers.map(({ state }) => [state.customerId, state.name])),
  };
};

export type Inputs = Awaited<ReturnType<typeof readInputs>>;

/** Every recommendation as its view row holds it, to know which keys are open and which are due. */
export const readRecommendations = async () =>
  (
    await allRows<Existing<RecommendationState>>(aggregates.recommendation.view, [
      'recommendationId',
      'key',
      'kind',
      'category',
      'status',
      'measureOn',
      'proposedOn',
      'subject',
      'baseline',
      'confidence',
      'estimatedValue',
      'measuredFrom',
      'realisedCents',
      'counterfactualCents',
      'predictionHeld',
    ])
  ).map(({ state }) => state);
