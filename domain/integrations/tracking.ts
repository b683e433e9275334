import * as z from 'zod';
import type { ShipmentState } from '../delivery/shipments.ts';
import { type Day, dayOf } from '../shared/days.ts';
import type { ProviderEvent } from './payments.ts';

/**
 * A carrier's tracking update (Standard Webhooks; `data.object` as below). Shipments are keyed by their
 * order's id, which the platform gave the carrier when it booked the shipment.
 */
const Update = z.object({
  orderId: z.string().min(1).max(64),
  trackingRef: z.string().min(1).max(120).optional(),
  /** The business day it happened, when the carrier says; else the event's own day. */
  on: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  description: z.string().max(500).optional(),
});

export type TrackingIntent =
  | { kind: 'dispatch'; shipmentId: string; trackingRef: string; on: Day; summary: string }
  | { kind: 'deliver'; shipmentId: string; on: Day; summary: string }
  | { kind: 'ignored'; detail: string };

/** The shipment a tracking update is about, if it names one. */
export const shipmentIdOfTrackingEvent = (event: ProviderEvent): string | undefined => {
  const parsed = Update.safeParse(event.data.object);
  return parsed.success ? parsed.data.orderId : undefined;
};

/**
 * What a tracking update means for the shipment as it stands. Pure, and already-recorded updates map to
 * nothing, so a redelivery (or a carrier repeating itself) changes nothing.
 */
export const mapTrackingEvent = (event: ProviderEvent, shipment: ShipmentState): TrackingIntent => {
  const parsed = Update.safeParse(event.data.object);
  if (!parsed.success) return { kind: 'ignored', detail: 'The update names no order (data.object.orderId)' };
  const update = parsed.data;
  if (!shipment.exists)
    return { kind: 'ignored', detail: `No shipment is booked for order ${update.orderId}` };
  const on = update.on ?? dayOf(new Date(event.created * 1000));
  switch (event.type) {
    case 'shipment.dispatched':
      if (shipment.status !== 'scheduled')
        return { kind: 'ignored', detail: `The shipment is already ${shipment.status.replace('_', ' ')}` };
      return {
        kind: 'dispatch',
        shipmentId: shipment.shipmentId,
        trackingRef: update.trackingRef ?? event.id,
        on,
        summary: `Dispatched on ${on}${update.trackingRef ? `, tracking ${update.trackingRef}` : ''}`,
      };
    case 'shipment.delivered':
      if (shipment.status === 'delivered')
        return { kind: 'ignored', detail: 'The delivery is already recorded' };
      return { kind: 'deliver', shipmentId: shipment.shipmentId, on, summary: `Delivered on ${on}` };
    case 'shipment.exception':
      return {
        kind: 'ignored',
        detail: `Carrier exception${update.description ? `: ${update.description}` : ''} (shipments do not record exceptions yet; follow up with the carrier)`,
      };
    default:
      return { kind: 'ignored', detail: `Event type ${event.type} is not one the tracking template maps` };
  }
};
