import { type ModelState, modelDecider } from '../../domain/catalog/models.ts';
import { type CustomerState, customerDecider } from '../../domain/customers/customers.ts';
import { type OrderState, orderDecider } from '../../domain/sales/orders.ts';
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
};

export const evolveAll = <S>(kind: AggregateKind<S>, state: S, events: readonly DomainEvent[]): S =>
  events.reduce((s, e) => kind.decider.evolve(s, e), state);
