import type { ItemState } from '../inventory/items.ts';
import { addDays, type Day } from '../shared/days.ts';
import { availableBy, type Decider, type Event, type Probes, reject } from '../shared/decider.ts';
import { withinAmountLimit } from '../shared/money.ts';
import type { SupplierState } from './suppliers.ts';

export const PURCHASE_ORDER_STATUSES = ['placed', 'partially_received', 'received', 'cancelled'] as const;
export type PurchaseOrderStatus = (typeof PURCHASE_ORDER_STATUSES)[number];

export interface PurchaseLine {
  itemId: string;
  quantity: number;
  unitCostCents: number;
}

export type PurchaseOrderState =
  | { exists: false }
  | {
      exists: true;
      purchaseOrderId: string;
      supplierId: string;
      lines: (PurchaseLine & { receivedQuantity: number })[];
      totalCents: number;
      placedOn: Day;
      expectedOn: Day;
      status: PurchaseOrderStatus;
      receipts: { on: Day; lines: { itemId: string; quantity: number }[] }[];
      lastReceivedOn?: Day;
      cancelReason?: string;
    };

export type PurchaseOrderCommand =
  | {
      type: 'PlacePurchaseOrder';
      purchaseOrderId: string;
      supplier: SupplierState;
      /** The states of the items ordered, to check they exist. */
      items: ItemState[];
      lines: PurchaseLine[];
      on: Day;
      expectedOn?: Day;
    }
  | { type: 'ReceivePurchaseOrder'; lines: { itemId: string; quantity: number }[]; on: Day }
  | { type: 'CancelPurchaseOrder'; reason: string };

export type PurchaseOrderEvent = Event<
  'PurchaseOrderPlaced' | 'PurchaseOrderReceived' | 'PurchaseOrderCancelled'
>;

type PurchaseOrder = Extract<PurchaseOrderState, { exists: true }>;

export const outstandingOf = (line: { quantity: number; receivedQuantity: number }): number =>
  line.quantity - line.receivedQuantity;

const place = (
  command: Extract<PurchaseOrderCommand, { type: 'PlacePurchaseOrder' }>,
  state: PurchaseOrderState,
): PurchaseOrderEvent[] => {
  if (state.exists)
    return reject('purchase-order-exists', `Purchase order ${command.purchaseOrderId} exists`, 409);
  const { supplier } = command;
  if (!supplier.exists) return reject('supplier-not-found', 'The supplier does not exist');
  if (command.lines.length === 0) return reject('empty-order', 'A purchase order needs at least one line');
  const ids = new Set(command.lines.map((l) => l.itemId));
  if (ids.size !== command.lines.length) return reject('duplicate-item', 'Each item appears on one line');
  const known = new Set(command.items.flatMap((i) => (i.exists ? [i.itemId] : [])));
  const unknown = [...ids].filter((id) => !known.has(id));
  if (unknown.length > 0) return reject('item-not-found', `No inventory item ${unknown.join(', ')}`);
  if (command.lines.some((l) => l.quantity <= 0))
    return reject('invalid-quantity', 'Quantities must be positive');
  const expectedOn = command.expectedOn ?? addDays(command.on, supplier.leadTimeDays);
  if (expectedOn < command.on) return reject('invalid-date', 'Delivery cannot be expected before the order');
  withinAmountLimit(
    command.lines.reduce((sum, l) => sum + l.quantity * l.unitCostCents, 0),
    'purchase order',
  );
  return [
    {
      type: 'PurchaseOrderPlaced',
      data: {
        purchaseOrderId: command.purchaseOrderId,
        supplierId: supplier.supplierId,
        lines: command.lines,
        on: command.on,
        expectedOn,
      },
    },
  ];
};

const requireOpen = (state: PurchaseOrderState, action: string): PurchaseOrder => {
  if (!state.exists) return reject('purchase-order-not-found', 'No such purchase order', 404);
  if (state.status !== 'placed' && state.status !== 'partially_received')
    return reject(
      'invalid-status',
      `Cannot ${action}: the purchase order is ${state.status.replace('_', ' ')}`,
      409,
    );
  return state;
};

const decide = (command: PurchaseOrderCommand, state: PurchaseOrderState): PurchaseOrderEvent[] => {
  switch (command.type) {
    case 'PlacePurchaseOrder':
      return place(command, state);
    case 'ReceivePurchaseOrder': {
      const po = requireOpen(state, 'receive');
      if (command.lines.length === 0) return reject('empty-receipt', 'A receipt needs at least one line');
      for (const received of command.lines) {
        const line = po.lines.find((l) => l.itemId === received.itemId);
        if (!line) return reject('item-not-ordered', `Item ${received.itemId} is not on this purchase order`);
        if (received.quantity <= 0) return reject('invalid-quantity', 'Quantities must be positive');
        if (received.quantity > outstandingOf(line))
          return reject('over-receipt', `Only ${outstandingOf(line)} of ${received.itemId} are outstanding`);
      }
      if (new Set(command.lines.map((l) => l.itemId)).size !== command.lines.length)
        return reject('duplicate-item', 'Each item appears on one line');
      if (command.on < po.placedOn)
        return reject('invalid-date', 'Goods cannot arrive before they were ordered');
      return [
        {
          type: 'PurchaseOrderReceived',
          data: { purchaseOrderId: po.purchaseOrderId, lines: command.lines, on: command.on },
        },
      ];
    }
    case 'CancelPurchaseOrder': {
      const po = requireOpen(state, 'cancel');
      return [
        {
          type: 'PurchaseOrderCancelled',
          data: { purchaseOrderId: po.purchaseOrderId, reason: command.reason },
        },
      ];
    }
  }
};

const evolve = (state: PurchaseOrderState, event: PurchaseOrderEvent): PurchaseOrderState => {
  if (event.type === 'PurchaseOrderPlaced') {
    const { on, lines, ...rest } = event.data;
    return {
      exists: true,
      ...rest,
      lines: lines.map((l) => ({ ...l, receivedQuantity: 0 })),
      totalCents: lines.reduce((sum, l) => sum + l.quantity * l.unitCostCents, 0),
      placedOn: on,
      status: 'placed',
      receipts: [],
    };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'PurchaseOrderReceived': {
      const lines = state.lines.map((line) => {
        const received = event.data.lines.find((r) => r.itemId === line.itemId);
        return received ? { ...line, receivedQuantity: line.receivedQuantity + received.quantity } : line;
      });
      const complete = lines.every((l) => outstandingOf(l) === 0);
      return {
        ...state,
        lines,
        status: complete ? 'received' : 'partially_received',
        receipts: [...state.receipts, { on: event.data.on, lines: event.data.lines }],
        lastReceivedOn: event.data.on,
      };
    }
    case 'PurchaseOrderCancelled':
      return { ...state, status: 'cancelled', cancelReason: event.data.reason };
  }
};

export const purchaseOrderDecider: Decider<PurchaseOrderCommand, PurchaseOrderState, PurchaseOrderEvent> = {
  initialState: { exists: false },
  decide,
  evolve,
};

/** What can be done to a purchase order, named as the API's purchase order commands. */
export const PURCHASE_ORDER_ACTIONS = ['receive', 'cancel'] as const;
export type PurchaseOrderAction = (typeof PURCHASE_ORDER_ACTIONS)[number];

const purchaseOrderProbes: Probes<PurchaseOrderCommand, PurchaseOrderState, PurchaseOrderAction> = {
  receive: (state, { today }) =>
    state.exists
      ? state.lines.map((l) => ({
          type: 'ReceivePurchaseOrder' as const,
          lines: [{ itemId: l.itemId, quantity: 1 }],
          on: today,
        }))
      : undefined,
  cancel: () => ({ type: 'CancelPurchaseOrder', reason: 'probe' }),
};

/** The purchase order commands its decider would accept now (before the caller's permissions are considered). */
export const availablePurchaseOrderActions = availableBy(
  purchaseOrderDecider,
  PURCHASE_ORDER_ACTIONS,
  purchaseOrderProbes,
);
