import { ulid } from 'ulid';
import { shipmentDecider } from '../../../domain/delivery/shipments.ts';
import { deliverShipment, scheduleShipment } from '../../application/cross-aggregate.ts';
import { httpHandler, implement } from '../../http/handler.ts';
import { listPage, storeFor, today } from '../../http/requests.ts';
import { command, history, readRecord } from '../records.ts';
import * as api from './contract.ts';

const read = (id: string) => readRecord(shipmentDecider, 'shipment', id, 'Shipment');

export const handler = httpHandler('delivery', [
  implement(api.listShipments, ({ query }) => listPage('shipments', query, ['status', 'carrier'])),
  implement(api.scheduleShipment, async (request) => {
    await scheduleShipment(storeFor(request), { ...request.body, today: today() });
    return { status: 201, ...(await read(request.body.orderId)) };
  }),
  implement(api.getShipment, ({ params }) => read(params.id)),
  implement(api.shipmentEvents, ({ params }) => history('shipment', params.id, 'Shipment')),
  implement(api.rescheduleShipment, (request) =>
    command(request, shipmentDecider, 'shipment', request.params.id, {
      type: 'RescheduleShipment',
      ...request.body,
    }),
  ),
  implement(api.dispatchShipment, (request) =>
    command(request, shipmentDecider, 'shipment', request.params.id, {
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
    return read(id);
  }),
  implement(api.cancelShipment, (request) =>
    command(request, shipmentDecider, 'shipment', request.params.id, {
      type: 'CancelShipment',
      ...request.body,
    }),
  ),
  implement(api.fileDamageClaim, async (request) => {
    const { on, ...claim } = request.body;
    const result = await command(request, shipmentDecider, 'shipment', request.params.id, {
      type: 'FileDamageClaim',
      claimId: ulid(),
      ...claim,
      on: on ?? today(),
    });
    return { status: 201, ...result };
  }),
  implement(api.resolveDamageClaim, (request) => {
    const { on, ...resolution } = request.body;
    return command(request, shipmentDecider, 'shipment', request.params.id, {
      type: 'ResolveDamageClaim',
      claimId: request.params.claimId,
      ...resolution,
      on: on ?? today(),
    });
  }),
]);
