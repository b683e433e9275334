import type { ModelState, Option } from '../catalog/models.ts';
import type { CustomerState } from '../customers/customers.ts';
import { type Decider, type Event, reject } from '../shared/decider.ts';

export const ORDER_STAGES = ['quote', 'deposit_paid', 'in_build', 'ready', 'delivered', 'cancelled'] as const;
export type OrderStage = (typeof ORDER_STAGES)[number];

export type OrderState =
  | { exists: false }
  | {
      exists: true;
      orderId: string;
      customerId: string;
      modelId: string;
      modelName: string;
      options: Option[];
      totalCents: number;
      paidCents: number;
      stage: OrderStage;
      /** The stage before cancellation, kept so the history stays explainable. */
      cancelledFrom?: OrderStage;
      cancelReason?: string;
    };

export type OrderCommand =
  | {
      type: 'PlaceOrder';
      orderId: string;
      customer: CustomerState;
      model: ModelState;
      optionCodes: string[];
    }
  | { type: 'PayDeposit'; amountCents: number; reference?: string }
  | { type: 'StartBuild' }
  | { type: 'CompleteBuild' }
  | { type: 'DeliverOrder' }
  | { type: 'CancelOrder'; reason: string };

export type OrderEvent = Event<
  'OrderPlaced' | 'DepositPaid' | 'BuildStarted' | 'BuildCompleted' | 'OrderDelivered' | 'OrderCancelled'
>;

/** The price of a model with the chosen options: base price plus each option's price, in cents. */
export const priceOf = (basePriceCents: number, options: readonly Option[]): number =>
  options.reduce((sum, option) => sum + option.priceCents, basePriceCents);

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
  const options = model.options.filter((o) => codes.has(o.code));
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
        totalCents: priceOf(model.basePriceCents, options),
      },
    },
  ];
};

const decide = (command: OrderCommand, state: OrderState): OrderEvent[] => {
  switch (command.type) {
    case 'PlaceOrder':
      return placeOrder(command, state);
    case 'PayDeposit': {
      const order = requireStage(state, ['quote'], 'record a deposit');
      if (command.amountCents > order.totalCents) {
        return reject('deposit-too-large', 'The deposit cannot exceed the order total');
      }
      const data = { orderId: order.orderId, amountCents: command.amountCents, reference: command.reference };
      return [{ type: 'DepositPaid', data }];
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
      return [{ type: 'OrderDelivered', data: { orderId: order.orderId } }];
    }
    case 'CancelOrder': {
      const order = requireStage(state, ['quote', 'deposit_paid', 'in_build', 'ready'], 'cancel');
      return [{ type: 'OrderCancelled', data: { orderId: order.orderId, reason: command.reason } }];
    }
  }
};

const evolve = (state: OrderState, event: OrderEvent): OrderState => {
  if (event.type === 'OrderPlaced') {
    const { basePriceCents: _, ...data } = event.data;
    return { exists: true, ...data, paidCents: 0, stage: 'quote' };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'DepositPaid':
      return { ...state, stage: 'deposit_paid', paidCents: state.paidCents + event.data.amountCents };
    case 'BuildStarted':
      return { ...state, stage: 'in_build' };
    case 'BuildCompleted':
      return { ...state, stage: 'ready' };
    case 'OrderDelivered':
      return { ...state, stage: 'delivered' };
    case 'OrderCancelled':
      return { ...state, stage: 'cancelled', cancelledFrom: state.stage, cancelReason: event.data.reason };
  }
};

export const orderDecider: Decider<OrderCommand, OrderState, OrderEvent> = {
  initialState: { exists: false },
  decide,
  evolve,
};
