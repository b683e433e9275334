import { z } from 'zod';
import { defineEvent } from '../define.ts';
import { ModelOption } from './catalog.ts';

export const OrderPlaced = defineEvent({
  type: 'OrderPlaced',
  context: 'sales',
  summary: 'An order was placed for a customer at a quoted price',
  schema: z.object({
    orderId: z.string(),
    customerId: z.string(),
    modelId: z.string(),
    modelName: z.string(),
    basePriceCents: z.number().int(),
    options: z.array(ModelOption),
    totalCents: z.number().int(),
  }),
});

export const DepositPaid = defineEvent({
  type: 'DepositPaid',
  context: 'sales',
  summary: 'The customer paid the deposit on an order',
  schema: z.object({
    orderId: z.string(),
    amountCents: z.number().int().positive(),
    reference: z.string().optional(),
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

export const OrderDelivered = defineEvent({
  type: 'OrderDelivered',
  context: 'sales',
  summary: 'The home was delivered to the customer',
  schema: z.object({ orderId: z.string() }),
});

export const OrderCancelled = defineEvent({
  type: 'OrderCancelled',
  context: 'sales',
  summary: 'The order was cancelled',
  schema: z.object({ orderId: z.string(), reason: z.string() }),
});
