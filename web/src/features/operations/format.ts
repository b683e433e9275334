import type {
  AdjustmentReason,
  BuildStage,
  BuildStatus,
  DamageClaim,
  DelayReason,
  Item,
  PurchaseOrderStatus,
  ShipmentStatus,
} from './types';

/** Words and colours for the operations vocabularies; each colour is paired with its words on screen. */
export interface Look {
  label: string;
  color: string;
}

export const BUILD_STATUS: Record<BuildStatus, Look> = {
  scheduled: { label: 'Scheduled', color: 'blue' },
  in_progress: { label: 'In progress', color: 'orange' },
  complete: { label: 'Complete', color: 'green' },
  cancelled: { label: 'Cancelled', color: 'red' },
};

export const BUILD_STAGE_LABELS: Record<BuildStage, string> = {
  framing: 'Framing',
  systems: 'Systems',
  finish: 'Finish',
  inspection: 'Inspection',
};

export const DELAY_REASON_LABELS: Record<DelayReason, string> = {
  materials: 'Materials',
  labor: 'Labor',
  weather: 'Weather',
  inspection: 'Inspection',
  design_change: 'Design change',
  equipment: 'Equipment',
};

export const SHIPMENT_STATUS: Record<ShipmentStatus, Look> = {
  scheduled: { label: 'Scheduled', color: 'blue' },
  in_transit: { label: 'In transit', color: 'orange' },
  delivered: { label: 'Delivered', color: 'green' },
  cancelled: { label: 'Cancelled', color: 'red' },
};

export const CLAIM_STATUS: Record<DamageClaim['status'], Look> = {
  open: { label: 'Open', color: 'orange' },
  paid: { label: 'Paid', color: 'green' },
  denied: { label: 'Denied', color: 'gray' },
};

export const ADJUSTMENT_REASON_LABELS: Record<AdjustmentReason, string> = {
  count: 'Stock count',
  damage: 'Damage',
  loss: 'Loss',
  found: 'Found',
  return: 'Return',
  scrap: 'Scrap',
};

export const PURCHASE_ORDER_STATUS: Record<PurchaseOrderStatus, Look> = {
  placed: { label: 'Placed', color: 'blue' },
  partially_received: { label: 'Partially received', color: 'orange' },
  received: { label: 'Received', color: 'green' },
  cancelled: { label: 'Cancelled', color: 'red' },
};

export const options = <K extends string>(labels: Record<K, string | Look>) =>
  (Object.entries(labels) as [K, string | Look][]).map(([value, label]) => ({
    value,
    label: typeof label === 'string' ? label : label.label,
  }));

/** Today as the API counts days (UTC, YYYY-MM-DD), for the "on" fields' default. */
export const today = (): string => new Date().toISOString().slice(0, 10);

const dayFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

/** A YYYY-MM-DD business day, as words: "Apr 30, 2026". */
export const dayText = (day: string | undefined): string =>
  day ? dayFormat.format(new Date(`${day}T00:00:00.000Z`)) : '—';

/** What is free to promise: on hand less what scheduled builds will take. Negative means a shortfall. */
export const available = (item: Pick<Item, 'onHand' | 'reserved'>): number => item.onHand - item.reserved;

/** Where the item stands against its reorder point (the API reorders at or below it). */
export const stockLevel = (
  item: Pick<Item, 'onHand' | 'reserved' | 'reorderPoint'>,
): 'below' | 'at' | 'ok' => {
  const free = available(item);
  return free < item.reorderPoint ? 'below' : free === item.reorderPoint ? 'at' : 'ok';
};

export const count = (n: number, unit: string): string => `${n.toLocaleString('en-US')} ${unit}`;
