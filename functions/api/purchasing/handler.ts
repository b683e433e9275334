import { ulid } from 'ulid';
import { purchaseOrderDecider } from '../../../domain/purchasing/purchase-orders.ts';
import { supplierDecider } from '../../../domain/purchasing/suppliers.ts';
import { placePurchaseOrder, receivePurchaseOrder } from '../../application/cross-aggregate.ts';
import { httpHandler, implement } from '../../http/handler.ts';
import { listPage, storeFor, today } from '../../http/requests.ts';
import { command, history, readRecord } from '../records.ts';
import * as api from './contract.ts';

const readOrder = (id: string) => readRecord(purchaseOrderDecider, 'purchaseorder', id, 'Purchase order');

export const handler = httpHandler('purchasing', [
  implement(api.listSuppliers, ({ query }) => listPage('suppliers', query, [])),
  implement(api.registerSupplier, (request) => {
    const supplierId = ulid();
    return command(request, supplierDecider, 'supplier', supplierId, {
      type: 'RegisterSupplier',
      supplierId,
      ...request.body,
    });
  }),
  implement(api.getSupplier, ({ params }) => readRecord(supplierDecider, 'supplier', params.id, 'Supplier')),
  implement(api.changeSupplier, (request) =>
    command(request, supplierDecider, 'supplier', request.params.id, {
      type: 'ChangeSupplierDetails',
      ...request.body,
    }),
  ),
  implement(api.supplierEvents, ({ params }) => history('supplier', params.id, 'Supplier')),
  implement(api.listPurchaseOrders, ({ query }) =>
    listPage('purchaseOrders', query, ['status', 'supplierId']),
  ),
  implement(api.placePurchaseOrder, async (request) => {
    const purchaseOrderId = ulid();
    await placePurchaseOrder(storeFor(request), { purchaseOrderId, ...request.body, on: today() });
    return { status: 201, ...(await readOrder(purchaseOrderId)) };
  }),
  implement(api.getPurchaseOrder, ({ params }) => readOrder(params.id)),
  implement(api.purchaseOrderEvents, ({ params }) => history('purchaseorder', params.id, 'Purchase order')),
  implement(api.receivePurchaseOrder, async (request) => {
    const { id } = request.params;
    await receivePurchaseOrder(storeFor(request), {
      purchaseOrderId: id,
      lines: request.body.lines,
      on: request.body.on ?? today(),
      expectedVersion: request.ifMatch,
    });
    return readOrder(id);
  }),
  implement(api.cancelPurchaseOrder, (request) =>
    command(request, purchaseOrderDecider, 'purchaseorder', request.params.id, {
      type: 'CancelPurchaseOrder',
      ...request.body,
    }),
  ),
]);
