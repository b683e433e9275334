import { type ModelState, modelDecider } from '../../domain/catalog/models.ts';
import { type CustomerState, customerDecider } from '../../domain/customers/customers.ts';
import { type LeadState, leadDecider } from '../../domain/customers/leads.ts';
import { type ShipmentState, shipmentDecider } from '../../domain/delivery/shipments.ts';
import { type ItemState, itemDecider } from '../../domain/inventory/items.ts';
import { type CampaignState, campaignDecider } from '../../domain/marketing/campaigns.ts';
import { type BuildState, buildDecider } from '../../domain/production/builds.ts';
import { type PurchaseOrderState, purchaseOrderDecider } from '../../domain/purchasing/purchase-orders.ts';
import { type SupplierState, supplierDecider } from '../../domain/purchasing/suppliers.ts';
import { type OrderState, orderDecider } from '../../domain/sales/orders.ts';
import { type QuoteState, quoteDecider } from '../../domain/sales/quotes.ts';
import type { Decider } from '../../domain/shared/decider.ts';
import type { DomainEvent } from '../../events/catalog.ts';

/**
 * Aggregates by stream prefix: the decider that evolves their state and the view their state is
 * projected into. `searchText` is what list searches match, lower-cased once at projection time.
 */
export interface AggregateKind<S = unknown> {
  view: string;
  // biome-ignore lint/suspicious/noExplicitAny: commands differ per aggregate; projections only evolve.
  decider: Decider<any, S, any>;
  searchText: (state: S) => string;
}

const kind = <S>(k: AggregateKind<S>): AggregateKind => k as AggregateKind;

export const aggregates: Record<string, AggregateKind> = {
  model: kind<ModelState>({
    view: 'models',
    decider: modelDecider,
    searchText: (s) => (s.exists ? s.name.toLowerCase() : ''),
  }),
  customer: kind<CustomerState>({
    view: 'customers',
    decider: customerDecider,
    searchText: (s) => (s.exists ? `${s.name} ${s.email}`.toLowerCase() : ''),
  }),
  order: kind<OrderState>({
    view: 'orders',
    decider: orderDecider,
    searchText: (s) => (s.exists ? `${s.orderId} ${s.modelName}`.toLowerCase() : ''),
  }),
  lead: kind<LeadState>({
    view: 'leads',
    decider: leadDecider,
    searchText: (s) => (s.exists ? `${s.name} ${s.email}`.toLowerCase() : ''),
  }),
  quote: kind<QuoteState>({
    view: 'quotes',
    decider: quoteDecider,
    searchText: (s) => (s.exists ? `${s.quoteId} ${s.modelName}`.toLowerCase() : ''),
  }),
  build: kind<BuildState>({
    view: 'builds',
    decider: buildDecider,
    searchText: (s) => (s.exists ? `${s.orderId} ${s.modelName} ${s.bay}`.toLowerCase() : ''),
  }),
  shipment: kind<ShipmentState>({
    view: 'shipments',
    decider: shipmentDecider,
    searchText: (s) => (s.exists ? `${s.orderId} ${s.carrier} ${s.destination}`.toLowerCase() : ''),
  }),
  item: kind<ItemState>({
    view: 'items',
    decider: itemDecider,
    searchText: (s) => (s.exists ? `${s.sku} ${s.name}`.toLowerCase() : ''),
  }),
  supplier: kind<SupplierState>({
    view: 'suppliers',
    decider: supplierDecider,
    searchText: (s) => (s.exists ? `${s.name} ${s.email}`.toLowerCase() : ''),
  }),
  purchaseorder: kind<PurchaseOrderState>({
    view: 'purchaseOrders',
    decider: purchaseOrderDecider,
    searchText: (s) => (s.exists ? `${s.purchaseOrderId} ${s.supplierId}`.toLowerCase() : ''),
  }),
  campaign: kind<CampaignState>({
    view: 'campaigns',
    decider: campaignDecider,
    searchText: (s) => (s.exists ? `${s.name} ${s.channel}`.toLowerCase() : ''),
  }),
};

export const evolveAll = <S>(kind: AggregateKind<S>, state: S, events: readonly DomainEvent[]): S =>
  events.reduce((s, e) => kind.decider.evolve(s, e), state);

/** The read models the aggregates project into: business state, as opposed to operational rows. */
export const aggregateViews = (): string[] => [...new Set(Object.values(aggregates).map((k) => k.view))];
