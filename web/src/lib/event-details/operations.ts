import { money, shortId } from '../format';
import type { EventDetails } from './types';

/** What the timeline says about the operations contexts' events, by event type. */

const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** `design_change` → "design change". */
const words = (value: unknown): string | undefined => str(value)?.replace(/_/g, ' ');

const dayFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
/** A YYYY-MM-DD business day in words. */
const day = (value: unknown): string | undefined => {
  const text = str(value);
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  return dayFormat.format(new Date(`${text}T00:00:00.000Z`));
};

const cents = (value: unknown, template: (amount: string) => string): string | undefined => {
  const n = num(value);
  return n === undefined ? undefined : template(money(n));
};

const on = (value: unknown) => day(value) && `on ${day(value)}`;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

interface LineLike {
  quantity?: unknown;
  unitCostCents?: unknown;
}
const lines = (value: unknown): LineLike[] => (Array.isArray(value) ? (value as LineLike[]) : []);
const units = (value: unknown): number => lines(value).reduce((sum, l) => sum + (num(l.quantity) ?? 0), 0);

const policy = (d: Record<string, unknown>) => [
  num(d.reorderPoint) !== undefined && `reorder at ${num(d.reorderPoint)}`,
  num(d.reorderQuantity) !== undefined && `order ${num(d.reorderQuantity)} at a time`,
  num(d.leadTimeDays) !== undefined && `${plural(num(d.leadTimeDays)!, 'day')} lead time`,
];

const supplierChanges = (d: Record<string, unknown>) => [
  str(d.name) && `name → ${str(d.name)}`,
  str(d.email) && `email → ${str(d.email)}`,
  str(d.phone) && `phone → ${str(d.phone)}`,
  num(d.leadTimeDays) !== undefined && `lead time → ${plural(num(d.leadTimeDays)!, 'day')}`,
  num(d.paymentTermsDays) !== undefined && `payment terms → ${plural(num(d.paymentTermsDays)!, 'day')}`,
];

export const operationsEventDetails: EventDetails = {
  // Production
  BuildScheduled: (d) => [
    str(d.modelName),
    str(d.bay) && `bay ${str(d.bay)}`,
    day(d.startOn) && `starts ${day(d.startOn)}`,
    day(d.dueOn) && `due ${day(d.dueOn)}`,
    lines(d.materials).length > 0 && plural(lines(d.materials).length, 'material'),
  ],
  ProductionStarted: (d) => ['framing began', on(d.on), 'materials taken from stock'],
  BuildStageCompleted: (d) => [words(d.stage) && `${words(d.stage)} done`, on(d.on)],
  BuildDelayed: (d) => [
    num(d.days) !== undefined && `${plural(num(d.days)!, 'day')} late`,
    words(d.reason) && `reason: ${words(d.reason)}`,
    day(d.dueOn) && `now due ${day(d.dueOn)}`,
    str(d.note) && `note: ${str(d.note)}`,
  ],
  ProductionCompleted: (d) => [
    'passed inspection',
    on(d.on),
    d.late === true ? 'later than first promised' : d.late === false && 'on time',
  ],
  BuildCancelled: (d) => [str(d.reason) && `reason: ${str(d.reason)}`],

  // Delivery
  ShipmentScheduled: (d) => [
    str(d.carrier) && `with ${str(d.carrier)}`,
    str(d.destination) && `to ${str(d.destination)}`,
    day(d.scheduledFor) && `for ${day(d.scheduledFor)}`,
  ],
  ShipmentRescheduled: (d) => [
    day(d.scheduledFor) && `moved to ${day(d.scheduledFor)}`,
    str(d.reason) && `reason: ${str(d.reason)}`,
  ],
  ShipmentDispatched: (d) => [
    on(d.on) && `left the yard ${on(d.on)}`,
    str(d.trackingRef) && `tracking ${str(d.trackingRef)}`,
  ],
  ShipmentDelivered: (d) => [on(d.on) && `arrived ${on(d.on)}`],
  ShipmentCancelled: (d) => [str(d.reason) && `reason: ${str(d.reason)}`],
  DamageClaimFiled: (d) => [
    cents(d.amountCents, (a) => `${a} claimed`),
    str(d.description),
    on(d.on) && `filed ${on(d.on)}`,
  ],
  DamageClaimResolved: (d) => [
    d.outcome === 'denied' ? 'denied' : cents(d.paidCents, (a) => `${a} paid`),
    on(d.on),
  ],

  // Inventory
  ItemRegistered: (d) => [
    str(d.name),
    str(d.sku) && `SKU ${str(d.sku)}`,
    cents(d.unitCostCents, (a) => `${a} per ${str(d.unit) ?? 'unit'}`),
    ...policy(d),
  ],
  ItemCostChanged: (d) => [cents(d.unitCostCents, (a) => `unit cost now ${a}`)],
  ItemReorderPolicySet: (d) => policy(d),
  StockReceived: (d) => [
    num(d.quantity) !== undefined && `${num(d.quantity)} received`,
    cents(d.unitCostCents, (a) => `at ${a} each`),
    str(d.purchaseOrderId)
      ? `on purchase order ${shortId(str(d.purchaseOrderId)!)}`
      : 'without a purchase order',
  ],
  StockReserved: (d) => [
    num(d.quantity) !== undefined && `${num(d.quantity)} reserved`,
    str(d.buildId) && `for build ${shortId(str(d.buildId)!)}`,
  ],
  StockReservationReleased: (d) => [
    num(d.quantity) !== undefined && `${num(d.quantity)} released`,
    str(d.buildId) && `from build ${shortId(str(d.buildId)!)}`,
  ],
  StockConsumed: (d) => [
    num(d.quantity) !== undefined && `${num(d.quantity)} used`,
    str(d.buildId) && `by build ${shortId(str(d.buildId)!)}`,
  ],
  StockAdjusted: (d) => [
    num(d.delta) !== undefined && `${num(d.delta)! > 0 ? '+' : ''}${num(d.delta)} on hand`,
    words(d.reason) && `reason: ${words(d.reason)}`,
    str(d.note) && `note: ${str(d.note)}`,
  ],

  // Purchasing
  SupplierRegistered: (d) => [
    str(d.name),
    str(d.email),
    str(d.phone),
    num(d.leadTimeDays) !== undefined && `${plural(num(d.leadTimeDays)!, 'day')} lead time`,
    num(d.paymentTermsDays) !== undefined && `pays in ${plural(num(d.paymentTermsDays)!, 'day')}`,
  ],
  SupplierDetailsChanged: supplierChanges,
  PurchaseOrderPlaced: (d) => [
    lines(d.lines).length > 0 &&
      `${plural(lines(d.lines).length, 'line')}, ${plural(units(d.lines), 'unit')}`,
    lines(d.lines).length > 0 &&
      `total ${money(lines(d.lines).reduce((sum, l) => sum + (num(l.quantity) ?? 0) * (num(l.unitCostCents) ?? 0), 0))}`,
    day(d.expectedOn) && `expected ${day(d.expectedOn)}`,
  ],
  PurchaseOrderReceived: (d) => [
    lines(d.lines).length > 0 &&
      `${plural(units(d.lines), 'unit')} received on ${plural(lines(d.lines).length, 'line')}`,
    on(d.on),
  ],
  PurchaseOrderCancelled: (d) => [str(d.reason) && `reason: ${str(d.reason)}`],
};
