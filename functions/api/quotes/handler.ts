import { ulid } from 'ulid';
import { orderDecider } from '../../../domain/sales/orders.ts';
import { quoteDecider } from '../../../domain/sales/quotes.ts';
import { acceptQuote, draftQuote } from '../../application/cross-aggregate.ts';
import { httpHandler, implement } from '../../http/handler.ts';
import { listPage, storeFor, today } from '../../http/requests.ts';
import { command, history, readRecord } from '../records.ts';
import * as api from './contract.ts';

const quoteCommand = (
  request: Parameters<typeof command>[0] & { params: { id: string } },
  cmd: Parameters<typeof quoteDecider.decide>[0],
) => command(request, quoteDecider, 'quote', request.params.id, cmd);

export const handler = httpHandler('quotes', [
  implement(api.listQuotes, ({ query }) => listPage('quotes', query, ['status', 'customerId'])),
  implement(api.draftQuote, async (request) => {
    const quoteId = ulid();
    await draftQuote(storeFor(request), { quoteId, ...request.body, on: today() });
    return { status: 201, ...(await readRecord(quoteDecider, 'quote', quoteId, 'Quote')) };
  }),
  implement(api.getQuote, ({ params }) => readRecord(quoteDecider, 'quote', params.id, 'Quote')),
  implement(api.quoteEvents, ({ params }) => history('quote', params.id, 'Quote')),
  implement(api.applyDiscount, (request) =>
    quoteCommand(request, { type: 'ApplyDiscount', ...request.body, by: request.actor.id }),
  ),
  implement(api.approveDiscount, (request) =>
    quoteCommand(request, { type: 'ApproveDiscount', by: request.actor.id }),
  ),
  implement(api.sendQuote, (request) =>
    quoteCommand(request, { type: 'SendQuote', on: request.body?.on ?? today() }),
  ),
  implement(api.declineQuote, (request) =>
    quoteCommand(request, {
      type: 'DeclineQuote',
      reason: request.body.reason,
      on: request.body.on ?? today(),
    }),
  ),
  implement(api.expireQuote, (request) =>
    quoteCommand(request, { type: 'ExpireQuote', on: request.body?.on ?? today() }),
  ),
  implement(api.acceptQuote, async (request) => {
    const orderId = ulid();
    const { id } = request.params;
    await acceptQuote(storeFor(request), {
      quoteId: id,
      orderId,
      on: request.body.on ?? today(),
      expectedVersion: request.ifMatch,
    });
    const [quote, order] = await Promise.all([
      readRecord(quoteDecider, 'quote', id, 'Quote'),
      readRecord(orderDecider, 'order', orderId, 'Order'),
    ]);
    return { status: 201, body: { quote: quote.body, order: order.body }, version: quote.version };
  }),
]);
