import * as z from 'zod';
import { defineEvent } from '../define.ts';
import { ModelOption } from './catalog.ts';
import { Day } from './day.ts';

const OrderPlacedV1 = z.object({
  orderId: z.string(),
  customerId: z.string(),
  modelId: z.string(),
  modelName: z.string(),
  basePriceCents: z.number().int(),
  options: z.array(ModelOption),
  totalCents: z.number().int(),
});

export const OrderPlaced = defineEvent({
  type: 'OrderPlaced',
  context: 'sales',
  summary: 'An order was placed for a customer at a quoted price',
  schema: OrderPlacedV1.extend({
    /** The accepted quote the order came from; null for orders placed directly. */
    quoteId: z.string().nullable(),
    feesCents: z.number().int().min(0),
    discountCents: z.number().int().min(0),
  }),
  // v1 orders were placed directly from the catalog, with no fees or discounts.
  history: [
    {
      version: 1,
      schema: OrderPlacedV1,
      upcast: (d) => ({ ...d, quoteId: null, feesCents: 0, discountCents: 0 }),
    },
  ],
});

export const PAYMENT_METHODS = ['card', 'ach', 'wire', 'check', 'financing', 'other'] as const;

const DepositPaidV1 = z.object({
  orderId: z.string(),
  amountCents: z.number().int().positive(),
  reference: z.string().optional(),
});

export const DepositPaid = defineEvent({
  type: 'DepositPaid',
  context: 'sales',
  summary: 'The customer paid the deposit on an order',
  schema: DepositPaidV1.extend({
    paymentId: z.string(),
    method: z.enum(PAYMENT_METHODS),
    /** The business day the money arrived; null on v1 deposits, which did not record it. */
    on: Day.nullable(),
  }),
  // v1 deposits were the order's only payment and did not record how or when they were paid.
  history: [
    {
      version: 1,
      schema: DepositPaidV1,
      upcast: (d) => ({ ...d, paymentId: 'deposit', method: 'other', on: null }),
    },
  ],
});

export const PAYMENT_KINDS = ['progress', 'final'] as const;

export const PaymentReceived = defineEvent({
  type: 'PaymentReceived',
  context: 'sales',
  summary: 'A payment towards an order arrived',
  schema: z.object({
    orderId: z.string(),
    paymentId: z.string(),
    amountCents: z.number().int().positive(),
    method: z.enum(PAYMENT_METHODS),
    kind: z.enum(PAYMENT_KINDS),
    reference: z.string().optional(),
    on: Day,
  }),
});

export const PaymentFailed = defineEvent({
  type: 'PaymentFailed',
  context: 'sales',
  summary: 'A payment attempt was declined or bounced; nothing was collected',
  schema: z.object({
    orderId: z.string(),
    paymentId: z.string(),
    amountCents: z.number().int().positive(),
    method: z.enum(PAYMENT_METHODS),
    reason: z.string(),
    on: Day,
  }),
});

export const PaymentRefunded = defineEvent({
  type: 'PaymentRefunded',
  context: 'sales',
  summary: 'Money from an earlier payment went back to the customer',
  schema: z.object({
    orderId: z.string(),
    paymentId: z.string(),
    amountCents: z.number().int().positive(),
    reason: z.string(),
    on: Day,
  }),
});

export const BuildStarted = defineEvent({
  type: 'BuildStarted',
  context: 'sales',
  summary: 'Production started building the order',
  schema: z.object({ orderId: z.string() }),
});

export const BuildCompleted = defineEvent({
  type: 'BuildCompleted',
  context: 'sales',
  summary: 'The build finished and the home is ready for delivery',
  schema: z.object({ orderId: z.string() }),
});

const OrderDeliveredV1 = z.object({ orderId: z.string() });

export const OrderDelivered = defineEvent({
  type: 'OrderDelivered',
  context: 'sales',
  summary: 'The home was delivered to the customer',
  /** `on` is the delivery day, when revenue is recognised; v1 deliveries did not record it. */
  schema: OrderDeliveredV1.extend({ on: Day.nullable() }),
  history: [{ version: 1, schema: OrderDeliveredV1, upcast: (d) => ({ ...d, on: null }) }],
});

export const OrderCancelled = defineEvent({
  type: 'OrderCancelled',
  context: 'sales',
  summary: 'The order was cancelled',
  schema: z.object({ orderId: z.string(), reason: z.string() }),
});

export const QUOTE_LINE_KINDS = ['base', 'option', 'upgrade', 'fee'] as const;

export const QuoteLine = z.object({
  code: z.string().min(1).max(40),
  description: z.string().min(1).max(200),
  kind: z.enum(QUOTE_LINE_KINDS),
  quantity: z.number().int().positive(),
  unitPriceCents: z.number().int().min(0),
});

export const QuoteDrafted = defineEvent({
  type: 'QuoteDrafted',
  context: 'sales',
  summary: 'A quote was drawn up for a customer',
  schema: z.object({
    quoteId: z.string(),
    customerId: z.string(),
    modelId: z.string(),
    modelName: z.string(),
    basePriceCents: z.number().int().min(0),
    lines: z.array(QuoteLine),
    subtotalCents: z.number().int().min(0),
    expiresOn: Day,
  }),
});

export const QuoteDiscountApplied = defineEvent({
  type: 'QuoteDiscountApplied',
  context: 'sales',
  summary: 'A discount was put on a quote; large ones wait for approval',
  schema: z.object({
    quoteId: z.string(),
    discountCents: z.number().int().min(0),
    reason: z.string(),
    requestedBy: z.string(),
    requiresApproval: z.boolean(),
  }),
});

export const QuoteDiscountApproved = defineEvent({
  type: 'QuoteDiscountApproved',
  context: 'sales',
  summary: 'Someone other than the requester approved a large discount',
  schema: z.object({ quoteId: z.string(), discountCents: z.number().int().min(0), approvedBy: z.string() }),
});

export const QuoteSent = defineEvent({
  type: 'QuoteSent',
  context: 'sales',
  summary: 'The quote went to the customer',
  schema: z.object({ quoteId: z.string(), on: Day }),
});

export const QuoteAccepted = defineEvent({
  type: 'QuoteAccepted',
  context: 'sales',
  summary: 'The customer accepted the quote and an order was placed from it',
  schema: z.object({ quoteId: z.string(), orderId: z.string(), on: Day }),
});

export const QuoteDeclined = defineEvent({
  type: 'QuoteDeclined',
  context: 'sales',
  summary: 'The customer turned the quote down',
  schema: z.object({ quoteId: z.string(), reason: z.string(), on: Day }),
});

export const QuoteExpired = defineEvent({
  type: 'QuoteExpired',
  context: 'sales',
  summary: 'The quote passed its expiry date without an answer',
  schema: z.object({ quoteId: z.string(), on: Day }),
});
