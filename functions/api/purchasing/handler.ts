import { ulid } from 'ulid';
import type { PurchaseOrderState } from '../../../domain/purchasing/purchase-orders.ts';
import { listRows } from '../../adapters/views.ts';
import { aggregates } from '../../application/aggregates.ts';
import { placePurchaseOrder, receivePurchaseOrder, reorderItem } from '../../application/cross-aggregate.ts';
import { httpHandler, implement } from '../../http/adapter.ts';
import { storeFor, today } from '../../http/requests.ts';
import { recordsOf } from '../records.ts';
import * as api from './contract.ts';

const suppliers = recordsOf(aggregates.supplier, api.supplierActionRoutes);
const purchaseOrders = recordsOf(aggregates.purchaseOrder, api.purchaseOrderActionRoutes);

/**
 * The open purchase orders (placed or partly received) with a line for an item, from the status index:
 * a business has a handful open at a time. A reorder placed a moment ago may not be listed yet.
 */
const openOrdersOf = async (itemId: string): Promise<string[]> => {
  const ids: string[] = [];
  for (const status of ['placed', 'partially_received'] as const) {
    let cursor: string | undefined;
    do {
      const page = await listRows<PurchaseOrderState>(aggregates.purchaseOrder, {
        limit: 100,
        cursor,
        where: { status },
      });
      for (const row of page.items)
        if (row.state.exists && row.state.lines.some((l) => l.itemId === itemId)) ids.push(row.id);
      cursor = page.nextCursor;
    } while (cursor);
  }
  return ids;
};

export const handler = httpHandler('purchasing', [
  implement(api.listSuppliers, ({ query, actor }) => suppliers.list(actor, query)),
  implement(api.registerSupplier, (request) => {
    const supplierId = ulid();
    return suppliers.command(request, supplierId, {
      type: 'RegisterSupplier',
      supplierId,
      ...request.body,
    });
  }),
  implement(api.getSupplier, ({ params, actor }) => suppliers.read(actor, params.id)),
  implement(api.changeSupplier, (request) =>
    suppliers.command(request, request.params.id, {
      type: 'ChangeSupplierDetails',
      ...request.body,
    }),
  ),
  implement(api.supplierEvents, ({ params }) => suppliers.history(params.id)),
  implement(api.listPurchaseOrders, ({ query, actor }) => purchaseOrders.list(actor, query)),
  implement(api.placePurchaseOrder, async (request) => {
    const purchaseOrderId = ulid();
    await placePurchaseOrder(storeFor(request), { purchaseOrderId, ...request.body, on: today() });
    return { status: 201, ...(await purchaseOrders.read(request.actor, purchaseOrderId)) };
  }),
  implement(api.reorderItem, async (request) => {
    const purchaseOrderId = ulid();
    await reorderItem(storeFor(request), {
      purchaseOrderId,
      itemId: request.params.id,
      on: today(),
      openOrderIds: await openOrdersOf(request.params.id),
      ...request.body,
    });
    return { status: 201, ...(await purchaseOrders.read(request.actor, purchaseOrderId)) };
  }),
  implement(api.getPurchaseOrder, ({ params, actor }) => purchaseOrders.read(actor, params.id)),
  implement(api.purchaseOrderEvents, ({ params }) => purchaseOrders.history(params.id)),
  implement(api.receivePurchaseOrder, async (request) => {
    const { id } = request.params;
    await receivePurchaseOrder(storeFor(request), {
      purchaseOrderId: id,
      lines: request.body.lines,
      on: request.body.on ?? today(),
      expectedVersion: request.ifMatch,
    });
    return purchaseOrders.read(request.actor, id);
  }),
  implement(api.cancelPurchaseOrder, (request) =>
    purchaseOrders.command(request, request.params.id, {
      type: 'CancelPurchaseOrder',
      ...request.body,
    }),
  ),
]);
