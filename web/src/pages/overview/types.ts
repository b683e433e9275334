import type { DomainEventRecord, OrderStage } from '../../api/types';
import type { LeadChannel } from '../../features/sales/types';

/** `GET /api/reports/overview`, mirroring functions/api/reports/contract.ts. */
export interface MonthFigures {
  revenueCents: number;
  orders: number;
  bookedCents: number;
  collectedCents: number;
}

export interface RevenueMonth extends MonthFigures {
  /** "2026-11" */
  month: string;
  priorYear: MonthFigures;
}

export interface StageFigures {
  stage: OrderStage;
  orders: number;
  valueCents: number;
}

export interface ChannelFigures {
  channel: LeadChannel;
  leads: number;
  qualified: number;
  converted: number;
  disqualified: number;
  open: number;
  conversionRate: number;
}

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
  onOrder: number;
  covered: boolean;
}

export interface Activity extends DomainEventRecord {
  summary: string;
  context: string;
}

export interface OverviewReport {
  asOf: string;
  revenueByMonth: RevenueMonth[];
  ordersByStage: StageFigures[];
  leadsByChannel: ChannelFigures[];
  lowStock: LowStockItem[];
  latestActivity: Activity[];
}
