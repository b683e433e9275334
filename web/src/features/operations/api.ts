import { api } from '../../api/client';
import type {
  AdjustStockBody,
  Build,
  BuildStage,
  DelayBuildBody,
  FileClaimBody,
  Item,
  LowStockItem,
  PlacePurchaseOrderBody,
  PurchaseOrder,
  ReceiptLine,
  ReceiveStockBody,
  RegisterItemBody,
  ReorderPolicy,
  ResolveClaimBody,
  ScheduleBuildBody,
  ScheduleShipmentBody,
  Shipment,
  Supplier,
  SupplierBody,
} from './types';

/**
 * The operations commands. POSTs carry an Idempotency-Key; a change to an existing record carries the
 * version it was decided on as If-Match (every route here requires it, except a stock receipt without a
 * purchase order, which only adds).
 */
const at = (resource: string, id: string, action = '') =>
  `/api/${resource}/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

/** `on` is optional in the API (it defaults to today); an empty field is left out. */
const onDay = (on: string | undefined) => (on ? { on } : {});

export const operationsApi = {
  // Production
  scheduleBuild: (body: ScheduleBuildBody, idempotencyKey: string) =>
    api.post<Build>('/api/builds', { body, idempotencyKey }),
  startBuild: (id: string, version: number, on: string | undefined, idempotencyKey: string) =>
    api.post<Build>(at('builds', id, 'start'), { body: onDay(on), ifMatch: version, idempotencyKey }),
  completeStage: (
    id: string,
    version: number,
    stage: BuildStage,
    on: string | undefined,
    idempotencyKey: string,
  ) =>
    api.post<Build>(at('builds', id, 'complete-stage'), {
      body: { stage, ...onDay(on) },
      ifMatch: version,
      idempotencyKey,
    }),
  delayBuild: (id: string, version: number, body: DelayBuildBody, idempotencyKey: string) =>
    api.post<Build>(at('builds', id, 'delay'), { body, ifMatch: version, idempotencyKey }),

  // Delivery
  scheduleShipment: (body: ScheduleShipmentBody, idempotencyKey: string) =>
    api.post<Shipment>('/api/shipments', { body, idempotencyKey }),
  rescheduleShipment: (
    id: string,
    version: number,
    body: { scheduledFor: string; reason: string },
    idempotencyKey: string,
  ) => api.post<Shipment>(at('shipments', id, 'reschedule'), { body, ifMatch: version, idempotencyKey }),
  dispatchShipment: (
    id: string,
    version: number,
    body: { trackingRef: string; on?: string },
    idempotencyKey: string,
  ) => api.post<Shipment>(at('shipments', id, 'dispatch'), { body, ifMatch: version, idempotencyKey }),
  deliverShipment: (id: string, version: number, on: string | undefined, idempotencyKey: string) =>
    api.post<Shipment>(at('shipments', id, 'deliver'), {
      body: onDay(on),
      ifMatch: version,
      idempotencyKey,
    }),
  cancelShipment: (id: string, version: number, reason: string, idempotencyKey: string) =>
    api.post<Shipment>(at('shipments', id, 'cancel'), { body: { reason }, ifMatch: version, idempotencyKey }),
  fileClaim: (id: string, version: number, body: FileClaimBody, idempotencyKey: string) =>
    api.post<Shipment>(at('shipments', id, 'claims'), { body, ifMatch: version, idempotencyKey }),
  resolveClaim: (
    id: string,
    claimId: string,
    version: number,
    body: ResolveClaimBody,
    idempotencyKey: string,
  ) =>
    api.post<Shipment>(at('shipments', id, `claims/${encodeURIComponent(claimId)}/resolve`), {
      body,
      ifMatch: version,
      idempotencyKey,
    }),

  // Inventory
  registerItem: (body: RegisterItemBody, idempotencyKey: string) =>
    api.post<Item>('/api/items', { body, idempotencyKey }),
  changeItemCost: (id: string, version: number, unitCostCents: number, idempotencyKey: string) =>
    api.post<Item>(at('items', id, 'cost'), { body: { unitCostCents }, ifMatch: version, idempotencyKey }),
  setReorderPolicy: (id: string, version: number, body: ReorderPolicy, idempotencyKey: string) =>
    api.post<Item>(at('items', id, 'reorder-policy'), { body, ifMatch: version, idempotencyKey }),
  adjustStock: (id: string, version: number, body: AdjustStockBody, idempotencyKey: string) =>
    api.post<Item>(at('items', id, 'adjustments'), { body, ifMatch: version, idempotencyKey }),
  receiveStock: (id: string, body: ReceiveStockBody, idempotencyKey: string) =>
    api.post<Item>(at('items', id, 'receipts'), { body, idempotencyKey }),
  lowStock: (signal?: AbortSignal) =>
    api.get<{ items: LowStockItem[] }>('/api/reports/low-stock', undefined, signal),

  // Purchasing
  registerSupplier: (body: SupplierBody, idempotencyKey: string) =>
    api.post<Supplier>('/api/suppliers', { body, idempotencyKey }),
  changeSupplier: (id: string, version: number, body: Partial<SupplierBody>) =>
    api.patch<Supplier>(at('suppliers', id), { body, ifMatch: version }),
  placePurchaseOrder: (body: PlacePurchaseOrderBody, idempotencyKey: string) =>
    api.post<PurchaseOrder>('/api/purchase-orders', { body, idempotencyKey }),
  receivePurchaseOrder: (
    id: string,
    version: number,
    body: { lines: ReceiptLine[]; on?: string },
    idempotencyKey: string,
  ) =>
    api.post<PurchaseOrder>(at('purchase-orders', id, 'receipts'), {
      body,
      ifMatch: version,
      idempotencyKey,
    }),
  cancelPurchaseOrder: (id: string, version: number, reason: string, idempotencyKey: string) =>
    api.post<PurchaseOrder>(at('purchase-orders', id, 'cancel'), {
      body: { reason },
      ifMatch: version,
      idempotencyKey,
    }),
};
