import type { PAYMENT_METHODS } from '../../events/contexts/sales.ts';
import type { ModelState, Option } from '../catalog/models.ts';
import type { CustomerState } from '../customers/customers.ts';
import type { Day } from '../shared/days.ts';
import { availableBy, type Decider, type Event, type Probes, reject } from '../shared/decider.ts';
import { withinAmountLimit } from '../shared/money.ts';
import type { QuoteState } from './quotes.ts';

export const ORDER_STAGES = ['quote', 'deposit_paid', 'in_build', 'ready', 'delivered', 'cancelled'] as const;
export type OrderStage = (typeof ORDER_STAGES)[number];
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** One payment attempt on an order. Failed ones stay in the list: the history explains the balance. */
export interface Payment {
  paymentId: string;
  kind: 'deposit' | 'progress' | 'final';
  method: PaymentMethod;
  amountCents: number;
  status: 'received' | 'failed';
  refundedCents: number;
  on: Day | null;
  reason?: string;
}

export interface Refund {
  paymentId: string;
  amountCents: number;
  reason: string;
  on: Day;
}

export type OrderState =
  | { exists: false }
  | {
      exists: true;
      orderId: string;
      customerId: string;
      modelId: string;
      modelName: string;
      options: Option[];
      quoteId: string | null;
      feesCents: number;
      discountCents: number;
      totalCents: number;
      /** Everything received, before refunds. */
      paidCents: number;
      refundedCents: number;
      payments: Payment[];
      refunds: Refund[];
      stage: OrderStage;
      deliveredOn?: Day | null;
      /** The stage before cancellation, kept so the history stays explainable. */
      cancelledFrom?: OrderStage;
      cancelReason?: string;
    };

type PlacedOrder = Extract<OrderState, { exists: true }>;

export type OrderCommand =
  | {
      type: 'PlaceOrder';
      orderId: string;
      customer: CustomerState;
      model: ModelState;
      optionCodes: string[];
    }
  | { type: 'PlaceOrderFromQuote'; orderId: string; quote: QuoteState }
  | {
      type: 'PayDeposit';
      amountCents: number;
      reference?: string;
      paymentId?: string;
      method?: PaymentMethod;
      on?: Day;
    }
  | {
      type: 'RecordPayment';
      paymentId: string;
      amountCents: number;
      method: PaymentMethod;
      kind: 'progress' | 'final';
      reference?: string;
      on: Day;
    }
  | {
      type: 'RecordFailedPayment';
      paymentId: string;
      amountCents: number;
      method: PaymentMethod;
      reason: string;
      on: Day;
    }
  | { type: 'RefundPayment'; paymentId: string; amountCents: number; reason: string; on: Day }
  | { type: 'StartBuild' }
  | { type: 'CompleteBuild' }
  | { type: 'DeliverOrder'; on?: Day }
  | { type: 'CancelOrder'; reason: string };

export type OrderEvent = Event<
  | 'OrderPlaced'
  | 'DepositPaid'
  | 'PaymentReceived'
  | 'PaymentFailed'
  | 'PaymentRefunded'
  | 'BuildStarted'
  | 'BuildCompleted'
  | 'OrderDelivered'
  | 'OrderCancelled'
>;

/** The price of a model with the chosen options: base price plus each option's price, in cents. */
export const priceOf = (basePriceCents: number, options: readonly Option[]): number =>
  options.reduce((sum, option) => sum + option.priceCents, basePriceCents);

/** What the customer has actually paid and kept: received minus refunded. Never above the total. */
export const netPaidOf = (order: Pick<PlacedOrder, 'paidCents' | 'refundedCents'>): number =>
  order.paidCents - order.refundedCents;

export const balanceOf = (order: Pick<PlacedOrder, 'paidCents' | 'refundedCents' | 'totalCents'>): number =>
  order.totalCents - netPaidOf(order);

/** What the customer still owes: the balance, and nothing once the order is cancelled. */
export const balanceDueOf = (order: PlacedOrder): number =>
  order.stage === 'cancelled' ? 0 : Math.max(0, balanceOf(order));

/** What is left to refund of a payment: a received payment less its refunds; nothing of a failed one. */
export const refundableOf = (payment: Payment): number =>
  payment.status === 'received' ? payment.amountCents - payment.refundedCents : 0;

const existing = (state: OrderState) =>
  state.exists ? state : reject('order-not-found', 'No such order', 404);

const requireStage = (state: OrderState, allowed: OrderStage[], action: string) => {
  const order = existing(state);
  if (!allowed.includes(order.stage)) {
    return reject(
      'invalid-stage',
      `Cannot ${action}: the order is ${order.stage.replace('_', ' ')}, it must be ${allowed
        .map((s) => s.replace('_', ' '))
        .join(' or ')}`,
      409,
    );
  }
  return order;
};

const placeOrder = (
  command: Extract<OrderCommand, { type: 'PlaceOrder' }>,
  state: OrderState,
): OrderEvent[] => {
  if (state.exists) return reject('order-exists', `Order ${command.orderId} already exists`, 409);
  const { customer, model } = command;
  if (!customer.exists) return reject('customer-not-found', 'The customer does not exist', 422);
  if (!model.exists) return reject('model-not-found', 'The model does not exist', 422);
  if (model.retired) return reject('model-retired', `Model ${model.name} is retired`, 422);
  const codes = new Set(command.optionCodes);
  if (codes.size !== command.optionCodes.length)
    return reject('duplicate-option', 'Each option can be chosen once');
  const unknown = command.optionCodes.filter((code) => !model.options.some((o) => o.code === code));
  if (unknown.length > 0)
    return reject('unknown-option', `Model ${model.name} has no option ${unknown.join(', ')}`);
  // Orders record what was sold and for how much; the bill of materials stays in the catalog.
  const options = model.options
    .filter((o) => codes.has(o.code))
    .map(({ code, name, priceCents }) => ({ code, name, priceCents }));
  return [
    {
      type: 'OrderPlaced',
      data: {
        orderId: command.orderId,
        customerId: customer.customerId,
        modelId: model.modelId,
        modelName: model.name,
        basePriceCents: model.basePriceCents,
        options,
        totalCents: withinAmountLimit(priceOf(model.basePriceCents, options), 'order'),
        quoteId: null,
        feesCents: 0,
        discountCents: 0,
      },
    },
  ];
};

/** An order from a quote carries the quote's prices, fees and approved discount exactly. */
const placeFromQuote = (
  command: Extract<OrderCommand, { type: 'PlaceOrderFromQuote' }>,
  state: OrderState,
): OrderEvent[] => {
  if (state.exists) return reject('order-exists', `Order ${command.orderId} already exists`, 409);
  const { quote } = command;
  if (!quote.exists) return reject('quote-not-found', 'The quote does not exist', 422);
  if (quote.status !== 'accepted' || quote.orderId !== command.orderId)
    return reject('quote-not-accepted', 'Orders are placed from accepted quotes only', 409);
  const options = quote.lines
    .filter((l) => l.kind === 'option' || l.kind === 'upgrade')
    .map((l) => ({ code: l.code, name: l.description, priceCents: l.quantity * l.unitPriceCents }));
  const feesCents = quote.lines
    .filter((l) => l.kind === 'fee')
    .reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0);
  return [
    {
      type: 'OrderPlaced',
      data: {
        orderId: command.orderId,
        customerId: quote.customerId,
        modelId: quote.modelId,
        modelName: quote.modelName,
        basePriceCents: quote.basePriceCents,
        options,
        totalCents: quote.totalCents,
        quoteId: quote.quoteId,
        feesCents,
        discountCents: quote.discountCents,
      },
    },
  ];
};

const newPaymentId = (order: PlacedOrder, paymentId: string) => {
  if (order.payments.some((p) => p.paymentId === paymentId))
    reject('payment-exists', `Payment ${paymentId} is already recorded`, 409);
};

const decide = (command: OrderCommand, state: OrderState): OrderEvent[] => {
  switch (command.type) {
    case 'PlaceOrder':
      return placeOrder(command, state);
    case 'PlaceOrderFromQuote':
      return placeFromQuote(command, state);
    case 'PayDeposit': {
      const order = requireStage(state, ['quote'], 'record a deposit');
      if (command.amountCents > balanceOf(order)) {
        return reject('deposit-too-large', 'The deposit cannot exceed the order total');
      }
      const paymentId = command.paymentId ?? 'deposit';
      newPaymentId(order, paymentId);
      const data = {
        orderId: order.orderId,
        paymentId,
        amountCents: command.amountCents,
        method: command.method ?? 'other',
        reference: command.reference,
        on: command.on ?? null,
      };
      return [{ type: 'DepositPaid', data }];
    }
    case 'RecordPayment': {
      const order = requireStage(
        state,
        ['deposit_paid', 'in_build', 'ready', 'delivered'],
        'record a payment',
      );
      newPaymentId(order, command.paymentId);
      if (command.amountCents > balanceOf(order))
        return reject(
          'overpayment',
          `The payment exceeds the balance of ${balanceOf(order)} cents; payments never exceed the total less refunds`,
        );
      const { type: _, ...data } = command;
      return [{ type: 'PaymentReceived', data: { orderId: order.orderId, ...data } }];
    }
    case 'RecordFailedPayment': {
      const order = existing(state);
      if (order.stage === 'cancelled')
        return reject('invalid-stage', 'Cannot take payments on a cancelled order', 409);
      newPaymentId(order, command.paymentId);
      const { type: _, ...data } = command;
      return [{ type: 'PaymentFailed', data: { orderId: order.orderId, ...data } }];
    }
    case 'RefundPayment': {
      const order = existing(state);
      const payment = order.payments.find((p) => p.paymentId === command.paymentId);
      if (payment?.status !== 'received')
        return reject('payment-not-found', `No received payment ${command.paymentId} to refund`, 404);
      if (command.amountCents > refundableOf(payment))
        return reject('refund-too-large', 'A refund cannot exceed what is left of the payment');
      const { type: _, ...data } = command;
      return [{ type: 'PaymentRefunded', data: { orderId: order.orderId, ...data } }];
    }
    case 'StartBuild': {
      const order = requireStage(state, ['deposit_paid'], 'start the build');
      return [{ type: 'BuildStarted', data: { orderId: order.orderId } }];
    }
    case 'CompleteBuild': {
      const order = requireStage(state, ['in_build'], 'complete the build');
      return [{ type: 'BuildCompleted', data: { orderId: order.orderId } }];
    }
    case 'DeliverOrder': {
      const order = requireStage(state, ['ready'], 'deliver');
      return [{ type: 'OrderDelivered', data: { orderId: order.orderId, on: command.on ?? null } }];
    }
    case 'CancelOrder': {
      const order = requireStage(state, ['quote', 'deposit_paid', 'in_build', 'ready'], 'cancel');
      return [{ type: 'OrderCancelled', data: { orderId: order.orderId, reason: command.reason } }];
    }
  }
};

const received = (state: PlacedOrder, payment: Omit<Payment, 'status' | 'refundedCents'>): PlacedOrder => ({
  ...state,
  paidCents: state.paidCents + payment.amountCents,
  payments: [...state.payments, { ...payment, status: 'received', refundedCents: 0 }],
});

const evolve = (state: OrderState, event: OrderEvent): OrderState => {
  if (event.type === 'OrderPlaced') {
    const { basePriceCents: _, ...data } = event.data;
    return {
      exists: true,
      ...data,
      paidCents: 0,
      refundedCents: 0,
      payments: [],
      refunds: [],
      stage: 'quote',
    };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'DepositPaid': {
      const { paymentId, amountCents, method, on } = event.data;
      return {
        ...received(state, { paymentId, kind: 'deposit', amountCents, method, on }),
        stage: 'deposit_paid',
      };
    }
    case 'PaymentReceived': {
      const { paymentId, amountCents, method, on, kind } = event.data;
      return received(state, { paymentId, kind, amountCents, method, on });
    }
    case 'PaymentFailed': {
      const { paymentId, amountCents, method, on, reason } = event.data;
      const kind = state.stage === 'quote' ? 'deposit' : 'progress';
      const failed: Payment = {
        paymentId,
        kind,
        amountCents,
        method,
        on,
        reason,
        status: 'failed',
        refundedCents: 0,
      };
      return { ...state, payments: [...state.payments, failed] };
    }
    case 'PaymentRefunded': {
      const { paymentId, amountCents, reason, on } = event.data;
      return {
        ...state,
        refundedCents: state.refundedCents + amountCents,
        payments: state.payments.map((p) =>
          p.paymentId === paymentId ? { ...p, refundedCents: p.refundedCents + amountCents } : p,
        ),
        refunds: [...state.refunds, { paymentId, amountCents, reason, on }],
      };
    }
    case 'BuildStarted':
      return { ...state, stage: 'in_build' };
    case 'BuildCompleted':
      return { ...state, stage: 'ready' };
    case 'OrderDelivered':
      return { ...state, stage: 'delivered', deliveredOn: event.data.on };
    case 'OrderCancelled':
      return { ...state, stage: 'cancelled', cancelledFrom: state.stage, cancelReason: event.data.reason };
  }
};

export const orderDecider: Decider<OrderCommand, OrderState, OrderEvent> = {
  initialState: { exists: false },
  decide,
  evolve,
};

/** What can be done to an order, named as the API's order commands. */
export const ORDER_ACTIONS = [
  'pay-deposit',
  'start-build',
  'complete-build',
  'deliver',
  'cancel',
  'record-payment',
  'record-failed-payment',
  'refund-payment',
] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

/** Payment ids the API gives new payments never look like this, so a probe never collides with one. */
const PROBE_PAYMENT = '~probe';

const orderProbes: Probes<OrderCommand, OrderState, OrderAction> = {
  'pay-deposit': (_, { today }) => ({
    type: 'PayDeposit',
    paymentId: PROBE_PAYMENT,
    amountCents: 1,
    on: today,
  }),
  'start-build': () => ({ type: 'StartBuild' }),
  'complete-build': () => ({ type: 'CompleteBuild' }),
  deliver: (_, { today }) => ({ type: 'DeliverOrder', on: today }),
  cancel: () => ({ type: 'CancelOrder', reason: 'probe' }),
  'record-payment': (_, { today }) => ({
    type: 'RecordPayment',
    paymentId: PROBE_PAYMENT,
    amountCents: 1,
    method: 'other',
    kind: 'progress',
    on: today,
  }),
  'record-failed-payment': (_, { today }) => ({
    type: 'RecordFailedPayment',
    paymentId: PROBE_PAYMENT,
    amountCents: 1,
    method: 'other',
    reason: 'probe',
    on: today,
  }),
  'refund-payment': (state, { today }) =>
    state.exists
      ? state.payments.map((p) => ({
          type: 'RefundPayment' as const,
          paymentId: p.paymentId,
          amountCents: 1,
          reason: 'probe',
          on: today,
        }))
      : undefined,
};

/** The order commands its decider would accept now (before the caller's permissions are considered). */
export const availableOrderActions = availableBy(orderDecider, ORDER_ACTIONS, orderProbes);
