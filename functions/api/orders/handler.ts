import { ulid } from 'ulid';
import { modelDecider } from '../../../domain/catalog/models.ts';
import { customerDecider } from '../../../domain/customers/customers.ts';
import { orderDecider } from '../../../domain/sales/orders.ts';
import { streamId } from '../../../events/envelope.ts';
import { load } from '../../shared/command.ts';
import { httpHandler, implement } from '../../shared/http.ts';
import { listRows } from '../../shared/views.ts';
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
  implement(api.payDeposit, (request) =>
    command(request, orderDecider, 'order', request.params.id, {
      type: 'PayDeposit',
      ...(request.body as { amountCents: number; reference?: string }),
    }),
  ),
  implement(api.startBuild, (request) =>
    command(request, orderDecider, 'order', request.params.id, { type: 'StartBuild' }),
  ),
  implement(api.completeBuild, (request) =>
    command(request, orderDecider, 'order', request.params.id, { type: 'CompleteBuild' }),
  ),
  implement(api.deliverOrder, (request) =>
    command(request, orderDecider, 'order', request.params.id, { type: 'DeliverOrder' }),
  ),
  implement(api.cancelOrder, (request) =>
    command(request, orderDecider, 'order', request.params.id, {
      type: 'CancelOrder',
      ...(request.body as { reason: string }),
    }),
  ),
]);
