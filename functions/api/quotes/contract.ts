import * as z from 'zod';
import {
  DISCOUNT_STATUSES,
  QUOTE_ACTIONS,
  QUOTE_STATUSES,
  type QuoteAction,
} from '../../../domain/sales/quotes.ts';
import { QUOTE_LINE_KINDS } from '../../../events/contexts/sales.ts';
import { aggregates } from '../../application/aggregates.ts';
import { On, Reason, Text } from '../../http/inputs.ts';
import type { RouteContract } from '../../http/route.ts';
import { defineRoute } from '../../http/route.ts';
import { Order } from '../orders/contract.ts';
import { actionsOf, Cents, EventHistory, Id, IdParams, Meta, PageQuery, page } from '../schemas.ts';

export const QuoteStatus = z.enum(QUOTE_STATUSES).meta({ id: 'QuoteStatus' });

export const QuoteLine = z
  .object({
    code: z.string(),
    description: z.string(),
    kind: z.enum(QUOTE_LINE_KINDS),
    quantity: z.number().int(),
    unitPriceCents: Cents,
  })
  .meta({ id: 'QuoteLine' });

export const Quote = z
  .object({
    id: Id,
    customerId: Id,
    modelId: Id,
    modelName: z.string(),
    basePriceCents: Cents,
    lines: z.array(QuoteLine),
    subtotalCents: Cents,
    discountCents: Cents,
    discountReason: z.string().optional(),
    discountRequestedBy: z.string().optional(),
    discountStatus: z.enum(DISCOUNT_STATUSES),
    discountApprovedBy: z.string().optional(),
    totalCents: Cents,
    expiresOn: z.string(),
    status: QuoteStatus,
    sentOn: z.string().optional(),
    decidedOn: z.string().optional(),
    declineReason: z.string().optional(),
    orderId: Id.optional(),
    actions: actionsOf(QUOTE_ACTIONS, 'QuoteAction'),
    ...Meta,
  })
  .meta({ id: 'Quote' });

const tag = 'Quotes';

export const listQuotes = defineRoute({
  method: 'GET',
  path: '/api/quotes',
  permission: aggregates.quote.read,
  summary: 'List quotes, newest first, optionally by status or customer',
  tag,
  query: PageQuery.extend({ status: QuoteStatus.optional(), customerId: Id.optional() }).strict(),
  response: page(Quote, 'QuotePage'),
});

export const draftQuote = defineRoute({
  method: 'POST',
  path: '/api/quotes',
  permission: 'quotes:write',
  summary: 'Draw up a quote: the model at its list price, the chosen options and any fees',
  tag,
  status: 201,
  body: z
    .object({
      customerId: Id,
      modelId: Id,
      optionCodes: z.array(z.string().max(40)).max(50).default([]),
      fees: z
        .array(
          z
            .object({
              code: z.string().regex(/^[a-z0-9-]{1,40}$/),
              description: Text(200),
              priceCents: Cents,
            })
            .strict(),
        )
        .max(20)
        .default([]),
      validDays: z.number().int().min(1).max(180).default(30),
    })
    .strict()
    .meta({ id: 'DraftQuote' }),
  response: Quote,
});

export const getQuote = defineRoute({
  method: 'GET',
  path: '/api/quotes/{id}',
  permission: aggregates.quote.read,
  summary: 'Read a quote',
  tag,
  params: IdParams,
  response: Quote,
});

export const quoteEvents = defineRoute({
  method: 'GET',
  path: '/api/quotes/{id}/events',
  permission: 'events:read',
  summary: "A quote's full event history",
  tag,
  params: IdParams,
  response: EventHistory,
});

const change = <B extends z.ZodObject | undefined = undefined>(
  path: string,
  permission: 'quotes:write' | 'discounts:approve',
  summary: string,
  body?: B,
) =>
  defineRoute({
    method: 'POST',
    path: `/api/quotes/{id}/${path}`,
    permission,
    summary,
    tag,
    params: IdParams,
    ifMatch: true as const,
    body: body as B,
    response: Quote,
  });

export const applyDiscount = change(
  'discount',
  'quotes:write',
  'Put a discount on a draft quote; above 5% of the subtotal it needs approval by someone else',
  z.object({ discountCents: Cents, reason: Reason }).strict().meta({ id: 'ApplyDiscount' }),
);
export const approveDiscount = change(
  'approve-discount',
  'discounts:approve',
  'Approve a large discount (not your own)',
);
export const sendQuote = change(
  'send',
  'quotes:write',
  'Send the quote to the customer',
  z.object({ on: On }).strict(),
);
export const declineQuote = change(
  'decline',
  'quotes:write',
  'Record that the customer turned the quote down',
  z.object({ reason: Reason, on: On }).strict().meta({ id: 'DeclineQuote' }),
);
export const expireQuote = change(
  'expire',
  'quotes:write',
  'Close a quote that passed its expiry date',
  z.object({ on: On }).strict(),
);

export const acceptQuote = defineRoute({
  method: 'POST',
  path: '/api/quotes/{id}/accept',
  permission: 'quotes:write',
  summary: 'The customer accepts: the quote closes and an order is placed at exactly the quoted price',
  tag,
  status: 201,
  params: IdParams,
  ifMatch: true,
  body: z.object({ on: On }).strict().meta({ id: 'AcceptQuote' }),
  response: z.object({ quote: Quote, order: Order }).meta({ id: 'AcceptedQuote' }),
});

export const quoteRoutes = [
  listQuotes,
  draftQuote,
  getQuote,
  quoteEvents,
  applyDiscount,
  approveDiscount,
  sendQuote,
  acceptQuote,
  declineQuote,
  expireQuote,
];

/** The route that performs each quote action; its permission decides who is offered the action. */
export const quoteActionRoutes = {
  'apply-discount': applyDiscount,
  'approve-discount': approveDiscount,
  send: sendQuote,
  accept: acceptQuote,
  decline: declineQuote,
  expire: expireQuote,
} satisfies Record<QuoteAction, RouteContract>;
