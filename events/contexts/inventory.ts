import * as z from 'zod';
import { defineEvent } from '../define.ts';

export const ADJUSTMENT_REASONS = ['count', 'damage', 'loss', 'found', 'return', 'scrap'] as const;

export const ItemRegistered = defineEvent({
  type: 'ItemRegistered',
  context: 'inventory',
  summary: 'A stock item was added to inventory',
  schema: z.object({
    itemId: z.string(),
    sku: z.string(),
    name: z.string(),
    unit: z.string(),
    unitCostCents: z.number().int().min(0),
    reorderPoint: z.number().int().min(0),
    reorderQuantity: z.number().int().positive(),
    leadTimeDays: z.number().int().min(0),
    supplierId: z.string().optional(),
  }),
});

export const ItemCostChanged = defineEvent({
  type: 'ItemCostChanged',
  context: 'inventory',
  summary: "An item's unit cost changed",
  schema: z.object({ itemId: z.string(), unitCostCents: z.number().int().min(0) }),
});

export const ItemReorderPolicySet = defineEvent({
  type: 'ItemReorderPolicySet',
  context: 'inventory',
  summary: "An item's reorder point, reorder quantity or lead time changed",
  schema: z.object({
    itemId: z.string(),
    reorderPoint: z.number().int().min(0),
    reorderQuantity: z.number().int().positive(),
    leadTimeDays: z.number().int().min(0),
  }),
});

export const StockReceived = defineEvent({
  type: 'StockReceived',
  context: 'inventory',
  summary: 'Stock arrived, usually against a purchase order',
  schema: z.object({
    itemId: z.string(),
    quantity: z.number().int().positive(),
    unitCostCents: z.number().int().min(0),
    purchaseOrderId: z.string().optional(),
  }),
});

export const StockReserved = defineEvent({
  type: 'StockReserved',
  context: 'inventory',
  summary: 'Stock was set aside for a scheduled build',
  schema: z.object({ itemId: z.string(), quantity: z.number().int().positive(), buildId: z.string() }),
});

export const StockReservationReleased = defineEvent({
  type: 'StockReservationReleased',
  context: 'inventory',
  summary: 'A reservation was given back because its build was cancelled',
  schema: z.object({ itemId: z.string(), quantity: z.number().int().positive(), buildId: z.string() }),
});

export const StockConsumed = defineEvent({
  type: 'StockConsumed',
  context: 'inventory',
  summary: 'A build started and used up its reserved stock',
  schema: z.object({ itemId: z.string(), quantity: z.number().int().positive(), buildId: z.string() }),
});

export const StockAdjusted = defineEvent({
  type: 'StockAdjusted',
  context: 'inventory',
  summary: 'Stock on hand was corrected, with a reason',
  schema: z.object({
    itemId: z.string(),
    delta: z.number().int(),
    reason: z.enum(ADJUSTMENT_REASONS),
    note: z.string().optional(),
  }),
});
