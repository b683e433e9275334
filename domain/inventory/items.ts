import type { ADJUSTMENT_REASONS } from '../../events/contexts/inventory.ts';
import { availableBy, type Decider, type Event, type Probes, reject } from '../shared/decider.ts';

export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

export type ItemState =
  | { exists: false }
  | {
      exists: true;
      itemId: string;
      sku: string;
      name: string;
      unit: string;
      unitCostCents: number;
      reorderPoint: number;
      reorderQuantity: number;
      leadTimeDays: number;
      supplierId?: string;
      /** Physically in the yard. Never negative. */
      onHand: number;
      /** Promised to scheduled builds that have not started. May exceed what is on hand: that is a shortfall. */
      reserved: number;
      /** Open reservations by build, so a start consumes and a cancellation releases exactly what was set aside. */
      reservations: Record<string, number>;
      receivedTotal: number;
      consumedTotal: number;
    };

export type ItemCommand =
  | {
      type: 'RegisterItem';
      itemId: string;
      sku: string;
      name: string;
      unit: string;
      unitCostCents: number;
      reorderPoint: number;
      reorderQuantity: number;
      leadTimeDays: number;
      supplierId?: string;
    }
  | { type: 'ChangeItemCost'; unitCostCents: number }
  | { type: 'SetReorderPolicy'; reorderPoint: number; reorderQuantity: number; leadTimeDays: number }
  | { type: 'ReceiveStock'; quantity: number; unitCostCents: number; purchaseOrderId?: string }
  | { type: 'ReserveStock'; buildId: string; quantity: number }
  | { type: 'ReleaseReservation'; buildId: string }
  | { type: 'ConsumeStock'; buildId: string; quantity: number }
  | { type: 'AdjustStock'; delta: number; reason: AdjustmentReason; note?: string };

export type ItemEvent = Event<
  | 'ItemRegistered'
  | 'ItemCostChanged'
  | 'ItemReorderPolicySet'
  | 'StockReceived'
  | 'StockReserved'
  | 'StockReservationReleased'
  | 'StockConsumed'
  | 'StockAdjusted'
>;

type Item = Extract<ItemState, { exists: true }>;

/** What is free to promise: on hand less what scheduled builds will take. Negative means a shortfall. */
export const availableOf = (item: Pick<Item, 'onHand' | 'reserved'>): number => item.onHand - item.reserved;

/**
 * Items this slow to replenish are reserved when a build is booked, so purchasing sees the demand weeks
 * ahead; quicker ones are simply consumed when framing starts.
 */
export const RESERVE_AHEAD_LEAD_DAYS = 14;
export const reservedAhead = (item: Pick<Item, 'leadTimeDays'>): boolean =>
  item.leadTimeDays >= RESERVE_AHEAD_LEAD_DAYS;

/** Time to reorder once what is free to promise falls to the reorder point. */
export const needsReorder = (item: Pick<Item, 'onHand' | 'reserved' | 'reorderPoint'>): boolean =>
  availableOf(item) <= item.reorderPoint;

const existing = (state: ItemState) => (state.exists ? state : reject('item-not-found', 'No such item', 404));

/**
 * What reordering an item orders: its reorder quantity from its preferred supplier at its unit cost.
 * Refused for an item without a preferred supplier (someone must choose one).
 */
export const reorderOf = (
  state: ItemState,
  /** Purchase orders still open (placed or partly received) with a line for this item. */
  openOrderIds: readonly string[] = [],
): { supplierId: string; line: { itemId: string; quantity: number; unitCostCents: number } } => {
  const item = existing(state);
  if (!item.supplierId)
    return reject('no-preferred-supplier', `${item.name} has no preferred supplier to reorder from`);
  // A reorder repeated while stock stays low (a workflow on every adjustment) must not order twice.
  if (openOrderIds.length > 0)
    return reject(
      'already-on-order',
      `${item.name} is already on order (purchase order ${openOrderIds.join(', ')}); receive or cancel it first`,
    );
  return {
    supplierId: item.supplierId,
    line: { itemId: item.itemId, quantity: item.reorderQuantity, unitCostCents: item.unitCostCents },
  };
};

const positive = (quantity: number, what: string) => {
  if (!Number.isInteger(quantity) || quantity <= 0)
    reject('invalid-quantity', `${what} must be a positive whole number`);
};

const decide = (command: ItemCommand, state: ItemState): ItemEvent[] => {
  switch (command.type) {
    case 'RegisterItem': {
      if (state.exists) return reject('item-exists', `Item ${command.itemId} already exists`, 409);
      const { type: _, ...data } = command;
      return [{ type: 'ItemRegistered', data }];
    }
    case 'ChangeItemCost': {
      const item = existing(state);
      if (item.unitCostCents === command.unitCostCents) return [];
      return [
        { type: 'ItemCostChanged', data: { itemId: item.itemId, unitCostCents: command.unitCostCents } },
      ];
    }
    case 'SetReorderPolicy': {
      const item = existing(state);
      const { type: _, ...policy } = command;
      return [{ type: 'ItemReorderPolicySet', data: { itemId: item.itemId, ...policy } }];
    }
    case 'ReceiveStock': {
      const item = existing(state);
      positive(command.quantity, 'The quantity received');
      const { type: _, ...data } = command;
      return [{ type: 'StockReceived', data: { itemId: item.itemId, ...data } }];
    }
    case 'ReserveStock': {
      const item = existing(state);
      positive(command.quantity, 'The quantity reserved');
      if (item.reservations[command.buildId] !== undefined)
        return reject('already-reserved', `Stock is already reserved for build ${command.buildId}`, 409);
      return [
        {
          type: 'StockReserved',
          data: { itemId: item.itemId, quantity: command.quantity, buildId: command.buildId },
        },
      ];
    }
    case 'ReleaseReservation': {
      const item = existing(state);
      const quantity = item.reservations[command.buildId];
      if (quantity === undefined) return [];
      return [
        {
          type: 'StockReservationReleased',
          data: { itemId: item.itemId, quantity, buildId: command.buildId },
        },
      ];
    }
    case 'ConsumeStock': {
      const item = existing(state);
      positive(command.quantity, 'The quantity consumed');
      if (command.quantity > item.onHand)
        return reject(
          'insufficient-stock',
          `Only ${item.onHand} ${item.unit} of ${item.name} on hand; the build needs ${command.quantity}`,
          409,
        );
      return [
        {
          type: 'StockConsumed',
          data: { itemId: item.itemId, quantity: command.quantity, buildId: command.buildId },
        },
      ];
    }
    case 'AdjustStock': {
      const item = existing(state);
      if (!Number.isInteger(command.delta) || command.delta === 0)
        return reject('invalid-quantity', 'An adjustment changes stock by a whole, non-zero number');
      if (item.onHand + command.delta < 0)
        return reject(
          'negative-stock',
          `Only ${item.onHand} ${item.unit} on hand: stock cannot go below zero`,
          409,
        );
      const { type: _, ...data } = command;
      return [{ type: 'StockAdjusted', data: { itemId: item.itemId, ...data } }];
    }
  }
};

const withoutReservation = (item: Item, buildId: string, quantity: number): Item => {
  const held = item.reservations[buildId] ?? 0;
  const released = Math.min(held, quantity);
  const { [buildId]: _, ...rest } = item.reservations;
  const left = held - released;
  return {
    ...item,
    reserved: item.reserved - released,
    reservations: left > 0 ? { ...rest, [buildId]: left } : rest,
  };
};

const evolve = (state: ItemState, event: ItemEvent): ItemState => {
  if (event.type === 'ItemRegistered') {
    return {
      exists: true,
      ...event.data,
      onHand: 0,
      reserved: 0,
      reservations: {},
      receivedTotal: 0,
      consumedTotal: 0,
    };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'ItemCostChanged':
      return { ...state, unitCostCents: event.data.unitCostCents };
    case 'ItemReorderPolicySet': {
      const { itemId: _, ...policy } = event.data;
      return { ...state, ...policy };
    }
    case 'StockReceived':
      return {
        ...state,
        onHand: state.onHand + event.data.quantity,
        receivedTotal: state.receivedTotal + event.data.quantity,
      };
    case 'StockReserved': {
      const { buildId, quantity } = event.data;
      return {
        ...state,
        reserved: state.reserved + quantity,
        reservations: { ...state.reservations, [buildId]: quantity },
      };
    }
    case 'StockReservationReleased':
      return withoutReservation(state, event.data.buildId, event.data.quantity);
    case 'StockConsumed': {
      const { buildId, quantity } = event.data;
      const released = withoutReservation(state, buildId, quantity);
      return { ...released, onHand: state.onHand - quantity, consumedTotal: state.consumedTotal + quantity };
    }
    case 'StockAdjusted':
      return { ...state, onHand: state.onHand + event.data.delta };
  }
};

export const itemDecider: Decider<ItemCommand, ItemState, ItemEvent> = {
  initialState: { exists: false },
  decide,
  evolve,
};

/** What can be done to an item, named as the API's item commands. */
export const ITEM_ACTIONS = ['change-cost', 'set-reorder-policy', 'adjust-stock', 'receive-stock'] as const;
export type ItemAction = (typeof ITEM_ACTIONS)[number];

const itemProbes: Probes<ItemCommand, ItemState, ItemAction> = {
  'change-cost': (state) =>
    state.exists ? { type: 'ChangeItemCost', unitCostCents: state.unitCostCents } : undefined,
  'set-reorder-policy': (state) =>
    state.exists
      ? {
          type: 'SetReorderPolicy',
          reorderPoint: state.reorderPoint,
          reorderQuantity: state.reorderQuantity,
          leadTimeDays: state.leadTimeDays,
        }
      : undefined,
  'adjust-stock': () => ({ type: 'AdjustStock', delta: 1, reason: 'found' }),
  'receive-stock': (state) =>
    state.exists ? { type: 'ReceiveStock', quantity: 1, unitCostCents: state.unitCostCents } : undefined,
};

/** The item commands its decider would accept now (before the caller's permissions are considered). */
export const availableItemActions = availableBy(itemDecider, ITEM_ACTIONS, itemProbes);
