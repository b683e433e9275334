import * as z from 'zod';
import { ORDER_ACTIONS, ORDER_STAGES, type OrderAction } from '../../../domain/sales/orders.ts';
import { PAYMENT_KINDS, PAYMENT_METHODS } from '../../../events/contexts/sales.ts';
import { aggregates } from '../../application/aggregates.ts';
import { On, Reason, Text } from '../../http/inputs.ts';
import type { RouteContract } from '../../http/route.ts';
import { defineRoute } from '../../http/route.ts';
import { OptionBody } from '../catalog/contract.ts';
import { actionsOf, Cents, EventHistory, Id, IdParams, Meta, PageQuery, page } from '../schemas.ts';

export const Stage = z.enum(ORDER_STAGES).meta({ id: 'OrderStage' });

export const PaymentMethod = z.enum(PAYMENT_METHODS).meta({ id: 'PaymentMethod' });

export const Payment = z
  .object({
    paymentId: z.string(),
    kind: z.enum(['deposit', ...PAYMENT_KINDS]),
    method: PaymentMethod,
    amountCents: Cents,
    status: z.enum(['received', 'failed']),
    refundedCents: Cents,
    on: z.string().nullable(),
    reason: z.string().optional(),
    refundableCents: Cents.meta({
      description: 'What is left to refund: received less refunded; 0 if failed',
    }),
  })
  .meta({ id: 'Payment' });

export const Order = z
  .object({
    id: Id,
    customerId: Id,
    modelId: Id,
    modelName: z.string(),
    options: z.array(OptionBody),
    quoteId: Id.nullable(),
    feesCents: Cents,
    discountCents: Cents,
    totalCents: Cents,
    paidCents: Cents.meta({ description: 'Everything received, before refunds' }),
    refundedCents: Cents,
    netPaidCents: Cents.meta({ description: 'What the customer has paid and kept: received less refunded' }),
    balanceDueCents: Cents.meta({
      description: 'What the customer still owes; 0 once the order is cancelled',
    }),
    payments: z.array(Payment),
    refunds: z.array(
      z
        .object({ paymentId: z.string(), amountCents: Cents, reason: z.string(), on: z.string() })
        .meta({ id: 'Refund' }),
    ),
    stage: Stage,
    deliveredOn: z.string().nullable().optional(),
    cancelledFrom: Stage.optional(),
    cancelReason: z.string().optional(),
    actions: actionsOf(ORDER_ACTIONS, 'OrderAction'),
    ...Meta,
  })
  .meta({ id: 'Order' });

const tag = 'Orders';

export const listOrders = defineRoute({
  method: 'GET',
  path: '/api/orders',
  permission: aggregates.order.read,
  summary: 'List orders, newest first, optionally by stage or customer',
  tag,
  query: PageQuery.extend({ stage: Stage.optional(), customerId: Id.optional() }).strict(),
  response: page(Order, 'OrderPage'),
});

export const placeOrder = defineRoute({
  method: 'POST',
  path: '/api/orders',
  permission: 'orders:write',
  summary: 'Place an order for a customer; the price comes from the model and the chosen options',
  tag,
  status: 201,
  body: z
    .object({ customerId: Id, modelId: Id, optionCodes: z.array(z.string().max(40)).max(100).default([]) })
    .strict()
    .meta({ id: 'PlaceOrder' }),
  response: Order,
});

export const getOrder = defineRoute({
  method: 'GET',
  path: '/api/orders/{id}',
  permission: aggregates.order.read,
  summary: 'Read an order',
  tag,
  params: IdParams,
  response: Order,
});

export const orderEvents = defineRoute({
  method: 'GET',
  path: '/api/orders/{id}/events',
  permission: 'events:read',
  summary: "An order's full event history",
  tag,
  params: IdParams,
  response: EventHistory,
});

const stageChange = (path: string, summary: string, body?: z.ZodObject) =>
  defineRoute({
    method: 'POST',
    path: `/api/orders/{id}/${path}`,
    permission: path === 'cancel' ? 'orders:cancel' : 'orders:write',
    summary,
    tag,
    params: IdParams,
    ifMatch: true,
    body,
    response: Order,
  });

export const payDeposit = stageChange(
  'deposit',
  'Record the deposit; the order moves from quote to deposit paid',
  z
    .object({
      amountCents: Cents.min(1, 'The deposit must be positive'),
      reference: z.string().max(100).optional(),
      method: PaymentMethod.optional(),
      on: On,
    })
    .strict()
    .meta({ id: 'PayDeposit' }),
);
export const startBuild = stageChange('start-build', 'Start building the order (after the deposit)');
export const completeBuild = stageChange('complete-build', 'Mark the build complete; the order is ready');
export const deliverOrder = stageChange('deliver', 'Record delivery (only once the build is complete)');
export const cancelOrder = stageChange(
  'cancel',
  'Cancel the order (not after delivery)',
  z
    .object({ reason: Text(500) })
    .strict()
    .meta({ id: 'CancelOrder' }),
);

const Positive = Cents.min(1, 'The amount must be positive');

export const recordPayment = defineRoute({
  method: 'POST',
  path: '/api/orders/{id}/payments',
  permission: 'payments:write',
  summary: 'Record a progress or final payment; payments never exceed the total less refunds',
  tag,
  status: 201,
  params: IdParams,
  ifMatch: true,
  body: z
    .object({
      amountCents: Positive,
      method: PaymentMethod,
      kind: z.enum(PAYMENT_KINDS),
      reference: z.string().max(100).optional(),
      on: On,
    })
    .strict()
    .meta({ id: 'RecordPayment' }),
  response: Order,
});

export const recordFailedPayment = defineRoute({
  method: 'POST',
  path: '/api/orders/{id}/failed-payments',
  permission: 'payments:write',
  summary: 'Record a payment attempt that was declined or bounced',
  tag,
  status: 201,
  params: IdParams,
  ifMatch: true,
  body: z
    .object({ amountCents: Positive, method: PaymentMethod, reason: Reason, on: On })
    .strict()
    .meta({ id: 'RecordFailedPayment' }),
  response: Order,
});

export const refundPayment = defineRoute({
  method: 'POST',
  path: '/api/orders/{id}/payments/{paymentId}/refund',
  permission: 'payments:refund',
  summary: 'Refund all or part of a received payment',
  tag,
  params: z.object({ id: Id, paymentId: Id }).strict(),
  ifMatch: true,
  body: z.object({ amountCents: Positive, reason: Reason, on: On }).strict().meta({ id: 'RefundPayment' }),
  response: Order,
});

export const orderRoutes = [
  listOrders,
  placeOrder,
  getOrder,
  orderEvents,
  payDeposit,
  startBuild,
  completeBuild,
  deliverOrder,
  cancelOrder,
  recordPayment,
  recordFailedPayment,
  refundPayment,
];

/** The route that performs each order action; its permission decides who is offered the action. */
export const orderActionRoutes = {
  'pay-deposit': payDeposit,
  'start-build': startBuild,
  'complete-build': completeBuild,
  deliver: deliverOrder,
  cancel: cancelOrder,
  'record-payment': recordPayment,
  'record-failed-payment': recordFailedPayment,
  'refund-payment': refundPayment,
} satisfies Record<OrderAction, RouteContract>;
