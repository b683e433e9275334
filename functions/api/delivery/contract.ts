import * as z from 'zod';
import {
  SHIPMENT_ACTIONS,
  SHIPMENT_STATUSES,
  type ShipmentAction,
} from '../../../domain/delivery/shipments.ts';
import { CLAIM_OUTCOMES } from '../../../events/contexts/delivery.ts';
import { aggregates } from '../../application/aggregates.ts';
import { DayInput, On, Reason, Text } from '../../http/inputs.ts';
import type { RouteContract } from '../../http/route.ts';
import { defineRoute } from '../../http/route.ts';
import { actionsOf, Cents, EventHistory, Id, IdParams, Meta, PageQuery, page } from '../schemas.ts';

export const ShipmentStatus = z.enum(SHIPMENT_STATUSES).meta({ id: 'ShipmentStatus' });

export const DamageClaim = z
  .object({
    claimId: Id,
    description: z.string(),
    amountCents: Cents,
    filedOn: z.string(),
    status: z.enum(['open', ...CLAIM_OUTCOMES]),
    paidCents: Cents,
    resolvedOn: z.string().optional(),
  })
  .meta({ id: 'DamageClaim' });

export const Shipment = z
  .object({
    id: Id.meta({ description: 'The shipment id: the id of its order' }),
    orderId: Id,
    customerId: Id,
    carrier: z.string(),
    destination: z.string(),
    scheduledFor: z.string(),
    readyOn: z.string(),
    status: ShipmentStatus,
    reschedules: z.number().int(),
    dispatchedOn: z.string().optional(),
    trackingRef: z.string().optional(),
    deliveredOn: z.string().optional(),
    cancelReason: z.string().optional(),
    claims: z.array(DamageClaim),
    actions: actionsOf(SHIPMENT_ACTIONS, 'ShipmentAction'),
    ...Meta,
  })
  .meta({ id: 'Shipment' });

const tag = 'Delivery';

export const listShipments = defineRoute({
  method: 'GET',
  path: '/api/shipments',
  permission: aggregates.shipment.read,
  summary: 'List shipments, newest first, optionally by status or carrier',
  tag,
  query: PageQuery.extend({
    status: ShipmentStatus.optional(),
    carrier: z.string().max(80).optional(),
  }).strict(),
  response: page(Shipment, 'ShipmentPage'),
});

export const scheduleShipment = defineRoute({
  method: 'POST',
  path: '/api/shipments',
  permission: 'delivery:write',
  summary:
    'Book delivery of an order whose build is complete, with a carrier and a day (by default a week after the build was completed)',
  tag,
  status: 201,
  body: z
    .object({
      orderId: Id,
      carrier: Text(80),
      destination: Text(200),
      scheduledFor: DayInput.optional().meta({
        description: 'Absent: a week after the build was completed',
      }),
    })
    .strict()
    .meta({ id: 'ScheduleShipment' }),
  response: Shipment,
});

export const getShipment = defineRoute({
  method: 'GET',
  path: '/api/shipments/{id}',
  permission: aggregates.shipment.read,
  summary: 'Read a shipment (its id is its order’s id)',
  tag,
  params: IdParams,
  response: Shipment,
});

export const shipmentEvents = defineRoute({
  method: 'GET',
  path: '/api/shipments/{id}/events',
  permission: 'events:read',
  summary: "A shipment's full event history",
  tag,
  params: IdParams,
  response: EventHistory,
});

const change = <B extends z.ZodObject>(path: string, summary: string, body: B, status?: 201) =>
  defineRoute({
    method: 'POST',
    path: `/api/shipments/{id}/${path}`,
    permission: 'delivery:write',
    summary,
    tag,
    status,
    params: IdParams,
    ifMatch: true as const,
    body,
    response: Shipment,
  });

export const rescheduleShipment = change(
  'reschedule',
  'Move the delivery date',
  z.object({ scheduledFor: DayInput, reason: Reason }).strict().meta({ id: 'RescheduleShipment' }),
);
export const dispatchShipment = change(
  'dispatch',
  'The home leaves the yard with its carrier',
  z
    .object({ trackingRef: Text(80), on: On })
    .strict()
    .meta({ id: 'DispatchShipment' }),
);
export const deliverShipment = change(
  'deliver',
  'The home arrived: the shipment and its order are delivered',
  z.object({ on: On }).strict().meta({ id: 'DeliverShipment' }),
);
export const cancelShipment = change(
  'cancel',
  'Cancel a booked delivery',
  z.object({ reason: Reason }).strict().meta({ id: 'CancelShipment' }),
);
export const fileDamageClaim = change(
  'claims',
  'Claim against the carrier for damage in transit',
  z
    .object({
      description: Text(1000),
      amountCents: Cents.min(1, 'A claim is for a positive amount'),
      on: On,
    })
    .strict()
    .meta({ id: 'FileDamageClaim' }),
  201,
);

export const resolveDamageClaim = defineRoute({
  method: 'POST',
  path: '/api/shipments/{id}/claims/{claimId}/resolve',
  permission: 'delivery:write',
  summary: 'Record what the carrier paid on a claim, or that it was denied',
  tag,
  params: z.object({ id: Id, claimId: Id }).strict(),
  ifMatch: true,
  body: z
    .object({ outcome: z.enum(CLAIM_OUTCOMES), paidCents: Cents, on: On })
    .strict()
    .meta({ id: 'ResolveDamageClaim' }),
  response: Shipment,
});

export const deliveryRoutes = [
  listShipments,
  scheduleShipment,
  getShipment,
  shipmentEvents,
  rescheduleShipment,
  dispatchShipment,
  deliverShipment,
  cancelShipment,
  fileDamageClaim,
  resolveDamageClaim,
];

/** The route that performs each shipment action; its permission decides who is offered the action. */
export const shipmentActionRoutes = {
  reschedule: rescheduleShipment,
  dispatch: dispatchShipment,
  deliver: deliverShipment,
  cancel: cancelShipment,
  'file-claim': fileDamageClaim,
  'resolve-claim': resolveDamageClaim,
} satisfies Record<ShipmentAction, RouteContract>;
