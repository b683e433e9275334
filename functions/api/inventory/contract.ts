import * as z from 'zod';
import { ITEM_ACTIONS, type ItemAction } from '../../../domain/inventory/items.ts';
import { ADJUSTMENT_REASONS } from '../../../events/contexts/inventory.ts';
import { aggregates } from '../../application/aggregates.ts';
import { Count, Note, Quantity, Text } from '../../http/inputs.ts';
import type { RouteContract } from '../../http/route.ts';
import { defineRoute } from '../../http/route.ts';
import { actionsOf, Cents, EventHistory, Id, IdParams, Meta, Name, PageQuery, page } from '../schemas.ts';

export const Item = z
  .object({
    id: Id,
    sku: z.string(),
    name: z.string(),
    unit: z.string(),
    unitCostCents: Cents,
    reorderPoint: z.number().int(),
    reorderQuantity: z.number().int(),
    leadTimeDays: z.number().int(),
    supplierId: Id.optional(),
    onHand: z.number().int().meta({ description: 'In the yard; never negative' }),
    reserved: z.number().int().meta({ description: 'Promised to scheduled builds that have not started' }),
    available: z.number().int().meta({ description: 'On hand less reserved; negative is a shortfall' }),
    needsReorder: z.boolean().meta({ description: 'Available is at or below the reorder point' }),
    reservations: z.record(z.string(), z.number().int()),
    receivedTotal: z.number().int(),
    consumedTotal: z.number().int(),
    actions: actionsOf(ITEM_ACTIONS, 'ItemAction'),
    ...Meta,
  })
  .meta({ id: 'Item' });

const tag = 'Inventory';

export const listItems = defineRoute({
  method: 'GET',
  path: '/api/items',
  permission: aggregates.item.read,
  summary: 'List stock items, optionally by supplier',
  tag,
  query: PageQuery.extend({ supplierId: Id.optional() }).strict(),
  response: page(Item, 'ItemPage'),
});

const Policy = {
  reorderPoint: Count,
  reorderQuantity: Quantity,
  leadTimeDays: z.number().int().min(0).max(365),
};

export const registerItem = defineRoute({
  method: 'POST',
  path: '/api/items',
  permission: 'inventory:write',
  summary: 'Add a stock item with its cost and reorder policy',
  tag,
  status: 201,
  body: z
    .object({
      sku: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9-]{1,40}$/, 'SKUs are 1-40 letters, digits or -'),
      name: Name,
      unit: Text(20),
      unitCostCents: Cents,
      ...Policy,
      supplierId: Id.optional(),
    })
    .strict()
    .meta({ id: 'RegisterItem' }),
  response: Item,
});

export const getItem = defineRoute({
  method: 'GET',
  path: '/api/items/{id}',
  permission: aggregates.item.read,
  summary: 'Read a stock item: on hand, reserved and its reorder policy',
  tag,
  params: IdParams,
  response: Item,
});

export const itemEvents = defineRoute({
  method: 'GET',
  path: '/api/items/{id}/events',
  permission: 'events:read',
  summary: "A stock item's full event history: every receipt, reservation, consumption and adjustment",
  tag,
  params: IdParams,
  response: EventHistory,
});

const change = <B extends z.ZodObject>(path: string, summary: string, body: B, ifMatch = true) =>
  defineRoute({
    method: 'POST',
    path: `/api/items/{id}/${path}`,
    permission: 'inventory:write',
    summary,
    tag,
    params: IdParams,
    ifMatch,
    body,
    response: Item,
  });

export const changeItemCost = change(
  'cost',
  "Change an item's unit cost",
  z.object({ unitCostCents: Cents }).strict().meta({ id: 'ChangeItemCost' }),
);
export const setReorderPolicy = change(
  'reorder-policy',
  "Change an item's reorder point, reorder quantity and lead time",
  z.object(Policy).strict().meta({ id: 'SetReorderPolicy' }),
);
export const adjustStock = change(
  'adjustments',
  'Correct stock on hand after a count, damage or loss; stock never goes below zero',
  z
    .object({
      delta: z
        .number()
        .int()
        .min(-1_000_000)
        .max(1_000_000)
        .refine((n) => n !== 0, 'An adjustment changes stock')
        .meta({ not: { const: 0 }, description: 'Units added (positive) or taken away (negative); not 0' }),
      reason: z.enum(ADJUSTMENT_REASONS),
      note: Note.optional(),
    })
    .strict()
    .meta({ id: 'AdjustStock' }),
);
export const receiveStock = change(
  'receipts',
  'Receive stock that came without a purchase order',
  z.object({ quantity: Quantity, unitCostCents: Cents.optional() }).strict().meta({ id: 'ReceiveStock' }),
  false,
);

export const inventoryRoutes = [
  listItems,
  registerItem,
  getItem,
  itemEvents,
  changeItemCost,
  setReorderPolicy,
  adjustStock,
  receiveStock,
];

/** The route that performs each item action; its permission decides who is offered the action. */
export const itemActionRoutes = {
  'change-cost': changeItemCost,
  'set-reorder-policy': setReorderPolicy,
  'adjust-stock': adjustStock,
  'receive-stock': receiveStock,
} satisfies Record<ItemAction, RouteContract>;
