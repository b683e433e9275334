import * as z from 'zod';
import { defineEvent } from '../define.ts';
import { Day } from './day.ts';

export const SupplierRegistered = defineEvent({
  type: 'SupplierRegistered',
  context: 'purchasing',
  summary: 'A supplier was added',
  schema: z.object({
    supplierId: z.string(),
    name: z.string(),
    email: z.string(),
    phone: z.string().optional(),
    leadTimeDays: z.number().int().min(0),
    paymentTermsDays: z.number().int().min(0),
  }),
});

export const SupplierDetailsChanged = defineEvent({
  type: 'SupplierDetailsChanged',
  context: 'purchasing',
  summary: "A supplier's details changed",
  schema: z.object({
    supplierId: z.string(),
    name: z.string().optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
    leadTimeDays: z.number().int().min(0).optional(),
    paymentTermsDays: z.number().int().min(0).optional(),
  }),
});

export const PurchaseLine = z.object({
  itemId: z.string(),
  quantity: z.number().int().positive(),
  unitCostCents: z.number().int().min(0),
});

export const PurchaseOrderPlaced = defineEvent({
  type: 'PurchaseOrderPlaced',
  context: 'purchasing',
  summary: 'Stock was ordered from a supplier',
  schema: z.object({
    purchaseOrderId: z.string(),
    supplierId: z.string(),
    lines: z.array(PurchaseLine).min(1),
    on: Day,
    expectedOn: Day,
  }),
});

export const PurchaseOrderReceived = defineEvent({
  type: 'PurchaseOrderReceived',
  context: 'purchasing',
  summary: 'Some or all of a purchase order arrived',
  schema: z.object({
    purchaseOrderId: z.string(),
    lines: z.array(z.object({ itemId: z.string(), quantity: z.number().int().positive() })).min(1),
    on: Day,
  }),
});

export const PurchaseOrderCancelled = defineEvent({
  type: 'PurchaseOrderCancelled',
  context: 'purchasing',
  summary: 'What was still outstanding on a purchase order was cancelled',
  schema: z.object({ purchaseOrderId: z.string(), reason: z.string() }),
});
