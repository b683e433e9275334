import { api, change, once, target } from '../../api/client';
import type {
  AdjustStockBody,
  BuildStage,
  ChangeSupplierBody,
  DelayBuildBody,
  DispatchShipmentBody,
  FileClaimBody,
  PlacePurchaseOrderBody,
  ReceivePurchaseOrderBody,
  ReceiveStockBody,
  RegisterItemBody,
  ReorderPolicy,
  RescheduleShipmentBody,
  ResolveClaimBody,
  ScheduleBuildBody,
  ScheduleShipmentBody,
  SupplierBody,
} from './types';

/** `on` is optional in the API (it defaults to today); an empty field is left out. */
const onDay = (on: string | undefined) => (on ? { on } : {});

/**
 * The operations commands. POSTs carry an Idempotency-Key; a change to an existing record carries the
 * version it was decided on as If-Match (every route here requires it, except a stock receipt without a
 * purchase order, which only adds).
 */
export const operationsApi = {
  // Production
  scheduleBuild: (body: ScheduleBuildBody, idempotencyKey: string) =>
    api.post('/api/builds', { body, params: { header: once(idempotencyKey) } }),
  startBuild: (id: string, version: number, on: string | undefined, idempotencyKey: string) =>
    api.post('/api/builds/{id}/start', { body: onDay(on), params: target(id, version, idempotencyKey) }),
  completeStage: (
    id: string,
    version: number,
    stage: BuildStage,
    on: string | undefined,
    idempotencyKey: string,
  ) =>
    api.post('/api/builds/{id}/complete-stage', {
      body: { stage, ...onDay(on) },
      params: target(id, version, idempotencyKey),
    }),
  delayBuild: (id: string, version: number, body: DelayBuildBody, idempotencyKey: string) =>
    api.post('/api/builds/{id}/delay', { body, params: target(id, version, idempotencyKey) }),

  // Delivery
  scheduleShipment: (body: ScheduleShipmentBody, idempotencyKey: string) =>
    api.post('/api/shipments', { body, params: { header: once(idempotencyKey) } }),
  rescheduleShipment: (id: string, version: number, body: RescheduleShipmentBody, idempotencyKey: string) =>
    api.post('/api/shipments/{id}/reschedule', { body, params: target(id, version, idempotencyKey) }),
  dispatchShipment: (id: string, version: number, body: DispatchShipmentBody, idempotencyKey: string) =>
    api.post('/api/shipments/{id}/dispatch', { body, params: target(id, version, idempotencyKey) }),
  deliverShipment: (id: string, version: number, on: string | undefined, idempotencyKey: string) =>
    api.post('/api/shipments/{id}/deliver', { body: onDay(on), params: target(id, version, idempotencyKey) }),
  cancelShipment: (id: string, version: number, reason: string, idempotencyKey: string) =>
    api.post('/api/shipments/{id}/cancel', { body: { reason }, params: target(id, version, idempotencyKey) }),
  fileClaim: (id: string, version: number, body: FileClaimBody, idempotencyKey: string) =>
    api.post('/api/shipments/{id}/claims', { body, params: target(id, version, idempotencyKey) }),
  resolveClaim: (
    id: string,
    claimId: string,
    version: number,
    body: ResolveClaimBody,
    idempotencyKey: string,
  ) =>
    api.post('/api/shipments/{id}/claims/{claimId}/resolve', {
      body,
      params: { path: { id, claimId }, header: change(version, idempotencyKey) },
    }),

  // Inventory
  registerItem: (body: RegisterItemBody, idempotencyKey: string) =>
    api.post('/api/items', { body, params: { header: once(idempotencyKey) } }),
  changeItemCost: (id: string, version: number, unitCostCents: number, idempotencyKey: string) =>
    api.post('/api/items/{id}/cost', {
      body: { unitCostCents },
      params: target(id, version, idempotencyKey),
    }),
  setReorderPolicy: (id: string, version: number, body: ReorderPolicy, idempotencyKey: string) =>
    api.post('/api/items/{id}/reorder-policy', { body, params: target(id, version, idempotencyKey) }),
  adjustStock: (id: string, version: number, body: AdjustStockBody, idempotencyKey: string) =>
    api.post('/api/items/{id}/adjustments', { body, params: target(id, version, idempotencyKey) }),
  receiveStock: (id: string, body: ReceiveStockBody, idempotencyKey: string) =>
    api.post('/api/items/{id}/receipts', { body, params: { path: { id }, header: once(idempotencyKey) } }),
  lowStock: (signal?: AbortSignal) => api.get('/api/reports/low-stock', { signal }),

  // Purchasing
  registerSupplier: (body: SupplierBody, idempotencyKey: string) =>
    api.post('/api/suppliers', { body, params: { header: once(idempotencyKey) } }),
  changeSupplier: (id: string, version: number, body: ChangeSupplierBody) =>
    api.patch('/api/suppliers/{id}', { body, params: target(id, version) }),
  placePurchaseOrder: (body: PlacePurchaseOrderBody, idempotencyKey: string) =>
    api.post('/api/purchase-orders', { body, params: { header: once(idempotencyKey) } }),
  receivePurchaseOrder: (
    id: string,
    version: number,
    body: ReceivePurchaseOrderBody,
    idempotencyKey: string,
  ) => api.post('/api/purchase-orders/{id}/receipts', { body, params: target(id, version, idempotencyKey) }),
  cancelPurchaseOrder: (id: string, version: number, reason: string, idempotencyKey: string) =>
    api.post('/api/purchase-orders/{id}/cancel', {
      body: { reason },
      params: target(id, version, idempotencyKey),
    }),
};
