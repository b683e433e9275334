import { ulid } from 'ulid';
import { aggregates } from '../../application/aggregates.ts';
import { placePurchaseOrder, receivePurchaseOrder, reorderItem } from '../../application/cross-aggregate.ts';
import { httpHandler, implement } from '../../http/adapter.ts';
import { storeFor, today } from '../../http/requests.ts';
import { recordsOf } from '../records.ts';
import * as api from './contract.ts';

const suppliers = recordsOf(aggregates.supplier, api.supplierActionRoutes);
const purchaseOrders = recordsOf(aggregates.purchaseOrder, api.purchaseOrderActionRoutes);

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
