import * as z from 'zod';
import { defineEvent } from '../define.ts';
import { Day } from './day.ts';

export const ShipmentScheduled = defineEvent({
  type: 'ShipmentScheduled',
  context: 'delivery',
  summary: 'A finished home was booked with a carrier for delivery',
  schema: z.object({
    shipmentId: z.string(),
    orderId: z.string(),
    customerId: z.string(),
    carrier: z.string(),
    destination: z.string(),
    scheduledFor: Day,
    /** The day the build completed: delivery can never be recorded before it. */
    readyOn: Day,
  }),
});

export const ShipmentRescheduled = defineEvent({
  type: 'ShipmentRescheduled',
  context: 'delivery',
  summary: 'The delivery date moved',
  schema: z.object({ shipmentId: z.string(), scheduledFor: Day, reason: z.string() }),
});

export const ShipmentDispatched = defineEvent({
  type: 'ShipmentDispatched',
  context: 'delivery',
  summary: 'The home left the yard on its carrier',
  schema: z.object({ shipmentId: z.string(), on: Day, trackingRef: z.string() }),
});

export const ShipmentDelivered = defineEvent({
  type: 'ShipmentDelivered',
  context: 'delivery',
  summary: 'The home arrived on site',
  schema: z.object({ shipmentId: z.string(), orderId: z.string(), on: Day }),
});

export const ShipmentCancelled = defineEvent({
  type: 'ShipmentCancelled',
  context: 'delivery',
  summary: 'The delivery booking was cancelled',
  schema: z.object({ shipmentId: z.string(), reason: z.string() }),
});

export const DamageClaimFiled = defineEvent({
  type: 'DamageClaimFiled',
  context: 'delivery',
  summary: 'Damage in transit was claimed against the carrier',
  schema: z.object({
    shipmentId: z.string(),
    claimId: z.string(),
    description: z.string(),
    amountCents: z.number().int().positive(),
    on: Day,
  }),
});

export const CLAIM_OUTCOMES = ['paid', 'denied'] as const;

export const DamageClaimResolved = defineEvent({
  type: 'DamageClaimResolved',
  context: 'delivery',
  summary: 'The carrier paid or denied a damage claim',
  schema: z.object({
    shipmentId: z.string(),
    claimId: z.string(),
    outcome: z.enum(CLAIM_OUTCOMES),
    paidCents: z.number().int().min(0),
    on: Day,
  }),
});
