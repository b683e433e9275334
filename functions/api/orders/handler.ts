import { ulid } from 'ulid';
import type { PaymentMethod } from '../../../domain/sales/orders.ts';
import { aggregates } from '../../application/aggregates.ts';
import { loadRecord } from '../../application/command.ts';
import { cancelOrder } from '../../application/cross-aggregate.ts';
import { httpHandler, implement } from '../../http/adapter.ts';
import { storeFor, today } from '../../http/requests.ts';
import { recordsOf } from '../records.ts';
import * as api from './contract.ts';

const orders = recordsOf(aggregates.order, api.orderActionRoutes);

export const handler = httpHandler('orders', [
  implement(api.listOrders, ({ query, actor }) => orders.list(actor, query)),
  implement(api.placeOrder, async (request) => {
    const { customerId, modelId, optionCodes } = request.body;
    // The price is decided from the catalog as it stands now, read from the streams, not from a view.
    const [customer, model] = await Promise.all([
      loadRecord(aggregates.customer, customerId),
      loadRecord(aggregates.model, modelId),
    ]);
    const orderId = ulid();
    return orders.command(request, orderId, {
      type: 'PlaceOrder',
      orderId,
      customer: customer.state,
      model: model.state,
      optionCodes,
    });
  }),
  implement(api.getOrder, ({ params, actor }) => orders.read(actor, params.id)),
  implement(api.orderEvents, ({ params }) => orders.history(params.id)),
  implement(api.payDeposit, (request) => {
    const { on, ...deposit } = request.body as {
      amountCents: number;
      reference?: string;
      method?: PaymentMethod;
      on?: string;
    };
    return orders.command(request, request.params.id, {
      type: 'PayDeposit',
      paymentId: ulid(),
      ...deposit,
      on: on ?? today(),
    });
  }),
  implement(api.startBuild, (request) => orders.command(request, request.params.id, { type: 'StartBuild' })),
  implement(api.completeBuild, (request) =>
    orders.command(request, request.params.id, { type: 'CompleteBuild' }),
  ),
  implement(api.deliverOrder, (request) =>
    orders.command(request, request.params.id, { type: 'DeliverOrder', on: today() }),
  ),
  // Cancelling also calls off the order's build, gives back its reserved stock and cancels its delivery.
  implement(api.cancelOrder, async (request) => {
    const { id } = request.params;
    await cancelOrder(storeFor(request), {
      orderId: id,
      reason: (request.body as { reason: string }).reason,
      expectedVersion: request.ifMatch,
    });
    return orders.read(request.actor, id);
  }),
  implement(api.recordPayment, async (request) => {
    const { on, ...payment } = request.body;
    const result = await orders.command(request, request.params.id, {
      type: 'RecordPayment',
      paymentId: ulid(),
      ...payment,
      on: on ?? today(),
    });
    return { status: 201, ...result };
  }),
  implement(api.recordFailedPayment, async (request) => {
    const { on, ...payment } = request.body;
    const result = await orders.command(request, request.params.id, {
      type: 'RecordFailedPayment',
      paymentId: ulid(),
      ...payment,
      on: on ?? today(),
    });
    return { status: 201, ...result };
  }),
  implement(api.refundPayment, (request) => {
    const { on, ...refund } = request.body;
    return orders.command(request, request.params.id, {
      type: 'RefundPayment',
      paymentId: request.params.paymentId,
      ...refund,
      on: on ?? today(),
    });
  }),
]);
