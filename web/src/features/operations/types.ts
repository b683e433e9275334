import type { components } from '../../api/schema.gen';

/**
 * The operations shapes (production, delivery, inventory, purchasing): aliases of the API's generated
 * description (`schema.gen.ts`, from functions/api/{production,delivery,inventory,purchasing,reports}),
 * never copies.
 */
type Schemas = components['schemas'];

export {
  adjustStockReasonValues as ADJUSTMENT_REASONS,
  buildStageValues as BUILD_STAGES,
  buildStatusValues as BUILD_STATUSES,
  delayReasonValues as DELAY_REASONS,
  purchaseOrderStatusValues as PURCHASE_ORDER_STATUSES,
  resolveDamageClaimOutcomeValues as CLAIM_OUTCOMES,
  shipmentStatusValues as SHIPMENT_STATUSES,
} from '../../api/schema.gen';

// Production ------------------------------------------------------------------------------------

export type BuildStatus = Schemas['BuildStatus'];
/** The shop floor's stages, in order; passing inspection completes the build. */
export type BuildStage = Schemas['BuildStage'];
export type DelayReason = Schemas['DelayReason'];
/** The build id is its order's id. */
export type Build = Schemas['Build'];
export type ScheduleBuildBody = Schemas['ScheduleBuild'];
export type DelayBuildBody = Schemas['DelayBuild'];

// Delivery --------------------------------------------------------------------------------------

export type ShipmentStatus = Schemas['ShipmentStatus'];
export type ClaimOutcome = Schemas['ResolveDamageClaim']['outcome'];
export type DamageClaim = Schemas['DamageClaim'];
/** The shipment id is its order's id. */
export type Shipment = Schemas['Shipment'];
export type ScheduleShipmentBody = Schemas['ScheduleShipment'];
export type RescheduleShipmentBody = Schemas['RescheduleShipment'];
export type DispatchShipmentBody = Schemas['DispatchShipment'];
export type FileClaimBody = Schemas['FileDamageClaim'];
export type ResolveClaimBody = Schemas['ResolveDamageClaim'];

// Inventory -------------------------------------------------------------------------------------

export type AdjustmentReason = Schemas['AdjustStock']['reason'];
export type Item = Schemas['Item'];
export type ReorderPolicy = Schemas['SetReorderPolicy'];
export type RegisterItemBody = Schemas['RegisterItem'];
export type AdjustStockBody = Schemas['AdjustStock'];
export type ReceiveStockBody = Schemas['ReceiveStock'];
/** A row of `GET /api/reports/low-stock`: at or below the reorder point, counting reservations. */
export type LowStockItem = Schemas['LowStockItem'];

// Purchasing ------------------------------------------------------------------------------------

export type Supplier = Schemas['Supplier'];
export type SupplierBody = Schemas['RegisterSupplier'];
export type ChangeSupplierBody = Schemas['ChangeSupplier'];
export type PurchaseOrderStatus = Schemas['PurchaseOrderStatus'];
export type PurchaseOrderLine = Schemas['PurchaseOrderLine'];
export type ReceiptLine = Schemas['ReceiptLine'];
export type PurchaseOrder = Schemas['PurchaseOrder'];
export type PlacePurchaseOrderBody = Schemas['PlacePurchaseOrder'];
export type ReceivePurchaseOrderBody = Schemas['ReceivePurchaseOrder'];
