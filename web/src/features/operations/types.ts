import type { RecordMeta } from '../../api/types';

/**
 * The operations API shapes (production, delivery, inventory, purchasing), mirroring
 * functions/api/{production,delivery,inventory,purchasing}/contract.ts and the low-stock report of
 * functions/api/reports/contract.ts. The console reaches the API over HTTP only, so these are copies.
 */

// Production ------------------------------------------------------------------------------------

export const BUILD_STATUSES = ['scheduled', 'in_progress', 'complete', 'cancelled'] as const;
export type BuildStatus = (typeof BUILD_STATUSES)[number];

/** The shop floor's stages, in order; passing inspection completes the build. */
export const BUILD_STAGES = ['framing', 'systems', 'finish', 'inspection'] as const;
export type BuildStage = (typeof BUILD_STAGES)[number];

export const DELAY_REASONS = [
  'materials',
  'labor',
  'weather',
  'inspection',
  'design_change',
  'equipment',
] as const;
export type DelayReason = (typeof DELAY_REASONS)[number];

export interface Material {
  itemId: string;
  quantity: number;
}

export interface Build extends RecordMeta {
  /** The build id is its order's id. */
  buildId: string;
  orderId: string;
  modelId: string;
  modelName: string;
  bay: string;
  startOn: string;
  dueOn: string;
  originalDueOn: string;
  materials: Material[];
  status: BuildStatus;
  /** The stage being worked on while in progress. */
  stage: BuildStage | null;
  stagesDone: { stage: BuildStage; on: string }[];
  delays: { reason: DelayReason; days: number; note?: string }[];
  delayDays: number;
  startedOn?: string;
  completedOn?: string;
  late?: boolean;
  cancelReason?: string;
}

export interface ScheduleBuildBody {
  orderId: string;
  bay: string;
  startOn: string;
  dueOn: string;
}

export interface DelayBuildBody {
  reason: DelayReason;
  days: number;
  note?: string;
}

// Delivery --------------------------------------------------------------------------------------

export const SHIPMENT_STATUSES = ['scheduled', 'in_transit', 'delivered', 'cancelled'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

export const CLAIM_OUTCOMES = ['paid', 'denied'] as const;
export type ClaimOutcome = (typeof CLAIM_OUTCOMES)[number];

export interface DamageClaim {
  claimId: string;
  description: string;
  amountCents: number;
  filedOn: string;
  status: 'open' | ClaimOutcome;
  paidCents: number;
  resolvedOn?: string;
}

export interface Shipment extends RecordMeta {
  /** The shipment id is its order's id. */
  shipmentId: string;
  orderId: string;
  customerId: string;
  carrier: string;
  destination: string;
  scheduledFor: string;
  readyOn: string;
  status: ShipmentStatus;
  reschedules: number;
  dispatchedOn?: string;
  trackingRef?: string;
  deliveredOn?: string;
  cancelReason?: string;
  claims: DamageClaim[];
}

export interface ScheduleShipmentBody {
  orderId: string;
  carrier: string;
  destination: string;
  scheduledFor: string;
}

export interface FileClaimBody {
  description: string;
  amountCents: number;
  on?: string;
}

export interface ResolveClaimBody {
  outcome: ClaimOutcome;
  paidCents: number;
  on?: string;
}

// Inventory -------------------------------------------------------------------------------------

export const ADJUSTMENT_REASONS = ['count', 'damage', 'loss', 'found', 'return', 'scrap'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

export interface Item extends RecordMeta {
  itemId: string;
  sku: string;
  name: string;
  unit: string;
  unitCostCents: number;
  reorderPoint: number;
  reorderQuantity: number;
  leadTimeDays: number;
  supplierId?: string;
  /** In the yard; never negative. */
  onHand: number;
  /** Promised to scheduled builds that have not started. */
  reserved: number;
  /** Open reservations by build id. */
  reservations: Record<string, number>;
  receivedTotal: number;
  consumedTotal: number;
}

export interface ReorderPolicy {
  reorderPoint: number;
  reorderQuantity: number;
  leadTimeDays: number;
}

export interface RegisterItemBody extends ReorderPolicy {
  sku: string;
  name: string;
  unit: string;
  unitCostCents: number;
  supplierId?: string;
}

export interface AdjustStockBody {
  delta: number;
  reason: AdjustmentReason;
  note?: string;
}

export interface ReceiveStockBody {
  quantity: number;
  unitCostCents?: number;
}

/** A row of `GET /api/reports/low-stock`: at or below the reorder point, counting reservations. */
export interface LowStockItem {
  itemId: string;
  sku: string;
  name: string;
  unit: string;
  onHand: number;
  reserved: number;
  available: number;
  reorderPoint: number;
  reorderQuantity: number;
  supplierId?: string;
  /** Still to arrive on open purchase orders. */
  onOrder: number;
  /** Whether what is on order lifts it above the reorder point. */
  covered: boolean;
}

// Purchasing ------------------------------------------------------------------------------------

export interface Supplier extends RecordMeta {
  supplierId: string;
  name: string;
  email: string;
  phone?: string;
  leadTimeDays: number;
  paymentTermsDays: number;
}

export interface SupplierBody {
  name: string;
  email: string;
  phone?: string;
  leadTimeDays: number;
  paymentTermsDays: number;
}

export const PURCHASE_ORDER_STATUSES = ['placed', 'partially_received', 'received', 'cancelled'] as const;
export type PurchaseOrderStatus = (typeof PURCHASE_ORDER_STATUSES)[number];

export interface PurchaseOrderLine {
  itemId: string;
  quantity: number;
  unitCostCents: number;
  receivedQuantity: number;
}

export interface ReceiptLine {
  itemId: string;
  quantity: number;
}

export interface PurchaseOrder extends RecordMeta {
  purchaseOrderId: string;
  supplierId: string;
  lines: PurchaseOrderLine[];
  totalCents: number;
  placedOn: string;
  expectedOn: string;
  status: PurchaseOrderStatus;
  receipts: { on: string; lines: ReceiptLine[] }[];
  lastReceivedOn?: string;
  cancelReason?: string;
}

export interface PlacePurchaseOrderBody {
  supplierId: string;
  lines: { itemId: string; quantity: number; unitCostCents: number }[];
  expectedOn?: string;
}

declare module '../../api/queries' {
  interface ResourceTypes {
    builds: Build;
    shipments: Shipment;
    items: Item;
    suppliers: Supplier;
    'purchase-orders': PurchaseOrder;
  }
}
