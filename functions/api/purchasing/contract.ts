import * as z from 'zod';
import {
  PURCHASE_ORDER_ACTIONS,
  PURCHASE_ORDER_STATUSES,
  type PurchaseOrderAction,
} from '../../../domain/purchasing/purchase-orders.ts';
import { SUPPLIER_ACTIONS, type SupplierAction } from '../../../domain/purchasing/suppliers.ts';
import { aggregates } from '../../application/aggregates.ts';
import { DayInput, On, Quantity, Reason } from '../../http/inputs.ts';
import type { RouteContract } from '../../http/route.ts';
import { defineRoute } from '../../http/route.ts';
import { Phone } from '../customers/contract.ts';
import {
  actionsOf,
  Cents,
  Email,
  EventHistory,
  Id,
  IdParams,
  Meta,
  Name,
  PageQuery,
  page,
} from '../schemas.ts';

const Days = z.number().int().min(0).max(365);

export const Supplier = z
  .object({
    id: Id,
    name: z.string(),
    email: z.string(),
    phone: z.string().optional(),
    leadTimeDays: z.number().int(),
    paymentTermsDays: z.number().int(),
    actions: actionsOf(SUPPLIER_ACTIONS, 'SupplierAction'),
    ...Meta,
  })
  .meta({ id: 'Supplier' });

export const PurchaseOrderStatus = z.enum(PURCHASE_ORDER_STATUSES).meta({ id: 'PurchaseOrderStatus' });

const ReceiptLine = z.object({ itemId: Id, quantity: Quantity }).strict().meta({ id: 'ReceiptLine' });

export const PurchaseOrder = z
  .object({
    id: Id,
    supplierId: Id,
    lines: z.array(
      z
        .object({
          itemId: Id,
          quantity: z.number().int(),
          unitCostCents: Cents,
          receivedQuantity: z.number().int(),
        })
        .meta({ id: 'PurchaseOrderLine' }),
    ),
    totalCents: Cents,
    placedOn: z.string(),
    expectedOn: z.string(),
    status: PurchaseOrderStatus,
    receipts: z.array(z.object({ on: z.string(), lines: z.array(ReceiptLine) })),
    lastReceivedOn: z.string().optional(),
    cancelReason: z.string().optional(),
    actions: actionsOf(PURCHASE_ORDER_ACTIONS, 'PurchaseOrderAction'),
    ...Meta,
  })
  .meta({ id: 'PurchaseOrder' });

const tag = 'Purchasing';

export const listSuppliers = defineRoute({
  method: 'GET',
  path: '/api/suppliers',
  permission: aggregates.supplier.read,
  summary: 'List suppliers',
  tag,
  query: PageQuery,
  response: page(Supplier, 'SupplierPage'),
});

export const registerSupplier = defineRoute({
  method: 'POST',
  path: '/api/suppliers',
  permission: 'purchasing:write',
  summary: 'Add a supplier',
  tag,
  status: 201,
  body: z
    .object({
      name: Name,
      email: Email,
      phone: Phone.optional(),
      leadTimeDays: Days,
      paymentTermsDays: Days.default(30),
    })
    .strict()
    .meta({ id: 'RegisterSupplier' }),
  response: Supplier,
});

export const getSupplier = defineRoute({
  method: 'GET',
  path: '/api/suppliers/{id}',
  permission: aggregates.supplier.read,
  summary: 'Read a supplier',
  tag,
  params: IdParams,
  response: Supplier,
});

export const changeSupplier = defineRoute({
  method: 'PATCH',
  path: '/api/suppliers/{id}',
  permission: 'purchasing:write',
  summary: "Change a supplier's details or lead time",
  tag,
  params: IdParams,
  ifMatch: true,
  body: z
    .object({
      name: Name.optional(),
      email: Email.optional(),
      phone: Phone.optional(),
      leadTimeDays: Days.optional(),
      paymentTermsDays: Days.optional(),
    })
    .strict()
    .meta({ id: 'ChangeSupplier' }),
  response: Supplier,
});

export const supplierEvents = defineRoute({
  method: 'GET',
  path: '/api/suppliers/{id}/events',
  permission: 'events:read',
  summary: "A supplier's full event history",
  tag,
  params: IdParams,
  response: EventHistory,
});

export const listPurchaseOrders = defineRoute({
  method: 'GET',
  path: '/api/purchase-orders',
  permission: aggregates.purchaseOrder.read,
  summary: 'List purchase orders, newest first, optionally by status or supplier',
  tag,
  query: PageQuery.extend({ status: PurchaseOrderStatus.optional(), supplierId: Id.optional() }).strict(),
  response: page(PurchaseOrder, 'PurchaseOrderPage'),
});

export const placePurchaseOrder = defineRoute({
  method: 'POST',
  path: '/api/purchase-orders',
  permission: 'purchasing:write',
  summary: "Order stock from a supplier; expected after the supplier's lead time unless given",
  tag,
  status: 201,
  body: z
    .object({
      supplierId: Id,
      lines: z
        .array(z.object({ itemId: Id, quantity: Quantity, unitCostCents: Cents }).strict())
        .min(1)
        .max(50),
      expectedOn: DayInput.optional(),
    })
    .strict()
    .meta({ id: 'PlacePurchaseOrder' }),
  response: PurchaseOrder,
});

export const reorderItem = defineRoute({
  method: 'POST',
  path: '/api/items/{id}/reorder',
  permission: 'purchasing:write',
  summary:
    'Reorder a stock item: a purchase order for its reorder quantity from its preferred supplier at its unit cost; refused (422) for an item without a preferred supplier',
  tag,
  status: 201,
  params: IdParams,
  body: z.object({ expectedOn: DayInput.optional() }).strict().meta({ id: 'ReorderItem' }),
  response: PurchaseOrder,
});

export const getPurchaseOrder = defineRoute({
  method: 'GET',
  path: '/api/purchase-orders/{id}',
  permission: aggregates.purchaseOrder.read,
  summary: 'Read a purchase order and what has been received against it',
  tag,
  params: IdParams,
  response: PurchaseOrder,
});

export const purchaseOrderEvents = defineRoute({
  method: 'GET',
  path: '/api/purchase-orders/{id}/events',
  permission: 'events:read',
  summary: "A purchase order's full event history",
  tag,
  params: IdParams,
  response: EventHistory,
});

export const receivePurchaseOrder = defineRoute({
  method: 'POST',
  path: '/api/purchase-orders/{id}/receipts',
  permission: 'purchasing:write',
  summary: 'Receive some or all of a purchase order into stock',
  tag,
  params: IdParams,
  ifMatch: true,
  body: z
    .object({ lines: z.array(ReceiptLine).min(1).max(50), on: On })
    .strict()
    .meta({ id: 'ReceivePurchaseOrder' }),
  response: PurchaseOrder,
});

export const cancelPurchaseOrder = defineRoute({
  method: 'POST',
  path: '/api/purchase-orders/{id}/cancel',
  permission: 'purchasing:write',
  summary: 'Cancel what is still outstanding on a purchase order',
  tag,
  params: IdParams,
  ifMatch: true,
  body: z.object({ reason: Reason }).strict().meta({ id: 'CancelPurchaseOrder' }),
  response: PurchaseOrder,
});

export const purchasingRoutes = [
  listSuppliers,
  registerSupplier,
  getSupplier,
  changeSupplier,
  supplierEvents,
  listPurchaseOrders,
  placePurchaseOrder,
  reorderItem,
  getPurchaseOrder,
  purchaseOrderEvents,
  receivePurchaseOrder,
  cancelPurchaseOrder,
];

/** The route that performs each supplier action; its permission decides who is offered the action. */
export const supplierActionRoutes = {
  'change-details': changeSupplier,
} satisfies Record<SupplierAction, RouteContract>;

/** The route that performs each purchaseOrder action; its permission decides who is offered the action. */
export const purchaseOrderActionRoutes = {
  receive: receivePurchaseOrder,
  cancel: cancelPurchaseOrder,
} satisfies Record<PurchaseOrderAction, RouteContract>;
