import { ulid } from 'ulid';
import { aggregates } from '../../application/aggregates.ts';
import { acceptQuote, draftQuote } from '../../application/cross-aggregate.ts';
import { httpHandler, implement } from '../../http/adapter.ts';
import { storeFor, today } from '../../http/requests.ts';
import { orderActionRoutes } from '../orders/contract.ts';
import { recordsOf } from '../records.ts';
import * as api from './contract.ts';

const orders = recordsOf(aggregates.order, orderActionRoutes);
const quotes = recordsOf(aggregates.quote, api.quoteActionRoutes);

const quoteCommand = (
  request: Parameters<typeof quotes.command>[0] & { params: { id: string } },
  cmd: Parameters<typeof quotes.command>[2],
) => quotes.command(request, request.params.id, cmd);

export const handler = httpHandler('quotes', [
  implement(api.listQuotes, ({ query, actor }) => quotes.list(actor, query)),
  implement(api.draftQuote, async (request) => {
    const quoteId = ulid();
    await draftQuote(storeFor(request), { quoteId, ...request.body, on: today() });
    return { status: 201, ...(await quotes.read(request.actor, quoteId)) };
  }),
  implement(api.getQuote, ({ params, actor }) => quotes.read(actor, params.id)),
  implement(api.quoteEvents, ({ params }) => quotes.history(params.id)),
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
      quotes.read(request.actor, id),
      orders.read(request.actor, orderId),
    ]);
    return { status: 201, body: { quote: quote.body, order: order.body }, version: quote.version };
  }),
]);
