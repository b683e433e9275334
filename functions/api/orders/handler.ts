import { ulid } from 'ulid';
import { modelDecider } from '../../../domain/catalog/models.ts';
import { customerDecider } from '../../../domain/customers/customers.ts';
import { orderDecider, type PaymentMethod } from '../../../domain/sales/orders.ts';
import { streamId } from '../../../events/envelope.ts';
import { listRows } from '../../adapters/views.ts';
import { load } from '../../application/command.ts';
import { cancelOrder } from '../../application/cross-aggregate.ts';
import { httpHandler, implement } from '../../http/handler.ts';
import { storeFor, today } from '../../http/requests.ts';
import { command, history, readRecord, rowDto } from '../records.ts';
import * as api from './contract.ts';

export const handler = httpHandler('orders', [
  implement(api.listOrders, async ({ query }) => {
    const { stage, customerId, ...paging } = query;
    const where = { ...(stage ? { stage } : {}), ...(customerId ? { customerId } : {}) };
    const page = await listRows('orders', { ...paging, where });
    return { body: { items: page.items.map(rowDto), nextCursor: page.nextCursor } };
  }),
  implement(api.placeOrder, async (request) => {
    const { customerId, modelId, optionCodes } = request.body;
    // The price is decided from the catalog as it stands now, read from the streams, not from a view.
    const [customer, model] = await Promise.all([
      load(customerDecider, streamId('customer', customerId)),
      load(modelDecider, streamId('model', modelId)),
    ]);
    const orderId = ulid();
    return command(request, orderDecider, 'order', orderId, {
      type: 'PlaceOrder',
      orderId,
      customer: customer.state,
      model: model.state,
      optionCodes,
    });
  }),
  implement(api.getOrder, ({ params }) => readRecord(orderDecider, 'order', params.id, 'Order')),
  implement(api.orderEvents, ({ params }) => history('order', params.id, 'Order')),
  implement(api.payDeposit, (request) => {
    const { on, ...deposit } = request.body as {
      amountCents: number;
      reference?: string;
      method?: PaymentMethod;
      on?: string;
    };
    return command(request, orderDecider, 'order', request.params.id, {
      type: 'PayDeposit',
      paymentId: ulid(),
      ...deposit,
      on: on ?? today(),
    });
  }),
  implement(api.startBuild, (request) =>
    command(request, orderDecider, 'order', request.params.id, { type: 'StartBuild' }),
  ),
  implement(api.completeBuild, (request) =>
    command(request, orderDecider, 'order', request.params.id, { type: 'CompleteBuild' }),
  ),
  implement(api.deliverOrder, (request) =>
    command(request, orderDecider, 'order', request.params.id, { type: 'DeliverOrder', on: today() }),
  ),
  // Cancelling also calls off the order's build, gives back its reserved stock and cancels its delivery.
  implement(api.cancelOrder, async (request) => {
    const { id } = request.params;
    await cancelOrder(storeFor(request), {
      orderId: id,
      reason: (request.body as { reason: string }).reason,
      expectedVersion: request.ifMatch,
    });
    return readRecord(orderDecider, 'order', id, 'Order');
  }),
  implement(api.recordPayment, async (request) => {
    const { on, ...payment } = request.body;
    const result = await command(request, orderDecider, 'order', request.params.id, {
      type: 'RecordPayment',
      paymentId: ulid(),
      ...payment,
      on: on ?? today(),
    });
    return { status: 201, ...result };
  }),
  implement(api.recordFailedPayment, async (request) => {
    const { on, ...payment } = request.body;
    const result = await command(request, orderDecider, 'order', request.params.id, {
      type: 'RecordFailedPayment',
      paymentId: ulid(),
      ...payment,
      on: on ?? today(),
    });
    return { status: 201, ...result };
  }),
  implement(api.refundPayment, (request) => {
    const { on, ...refund } = request.body;
    return command(request, orderDecider, 'order', request.params.id, {
      type: 'RefundPayment',
      paymentId: request.params.paymentId,
      ...refund,
      on: on ?? today(),
    });
  }),
]);
