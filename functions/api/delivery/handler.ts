import { ulid } from 'ulid';
import { aggregates } from '../../application/aggregates.ts';
import { deliverShipment, scheduleShipment } from '../../application/cross-aggregate.ts';
import { httpHandler, implement } from '../../http/adapter.ts';
import { storeFor, today } from '../../http/requests.ts';
import { recordsOf } from '../records.ts';
import * as api from './contract.ts';

const shipments = recordsOf(aggregates.shipment, api.shipmentActionRoutes);

export const handler = httpHandler('delivery', [
  implement(api.listShipments, ({ query, actor }) => shipments.list(actor, query)),
  implement(api.scheduleShipment, async (request) => {
    await scheduleShipment(storeFor(request), { ...request.body, today: today() });
    return { status: 201, ...(await shipments.read(request.actor, request.body.orderId)) };
  }),
  implement(api.getShipment, ({ params, actor }) => shipments.read(actor, params.id)),
  implement(api.shipmentEvents, ({ params }) => shipments.history(params.id)),
  implement(api.rescheduleShipment, (request) =>
    shipments.command(request, request.params.id, {
      type: 'RescheduleShipment',
      ...request.body,
    }),
  ),
  implement(api.dispatchShipment, (request) =>
    shipments.command(request, request.params.id, {
      type: 'DispatchShipment',
      trackingRef: request.body.trackingRef,
      on: request.body.on ?? today(),
    }),
  ),
  implement(api.deliverShipment, async (request) => {
    const { id } = request.params;
    await deliverShipment(storeFor(request), {
      shipmentId: id,
      on: request.body.on ?? today(),
      expectedVersion: request.ifMatch,
    });
    return shipments.read(request.actor, id);
  }),
  implement(api.cancelShipment, (request) =>
    shipments.command(request, request.params.id, {
      type: 'CancelShipment',
      ...request.body,
    }),
  ),
  implement(api.fileDamageClaim, async (request) => {
    const { on, ...claim } = request.body;
    const result = await shipments.command(request, request.params.id, {
      type: 'FileDamageClaim',
      claimId: ulid(),
      ...claim,
      on: on ?? today(),
    });
    return { status: 201, ...result };
  }),
  implement(api.resolveDamageClaim, (request) => {
    const { on, ...resolution } = request.body;
    return shipments.command(request, request.params.id, {
      type: 'ResolveDamageClaim',
      claimId: request.params.claimId,
      ...resolution,
      on: on ?? today(),
    });
  }),
]);
