import type { CLAIM_OUTCOMES } from '../../events/contexts/delivery.ts';
import type { OrderState } from '../sales/orders.ts';
import type { Day } from '../shared/days.ts';
import { availableBy, type Decider, type Event, type Probes, reject } from '../shared/decider.ts';

export const SHIPMENT_STATUSES = ['scheduled', 'in_transit', 'delivered', 'cancelled'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];
export type ClaimOutcome = (typeof CLAIM_OUTCOMES)[number];

export interface DamageClaim {
  claimId: string;
  description: string;
  amountCents: number;
  filedOn: Day;
  status: 'open' | ClaimOutcome;
  paidCents: number;
  resolvedOn?: Day;
}

export type ShipmentState =
  | { exists: false }
  | {
      exists: true;
      shipmentId: string;
      orderId: string;
      customerId: string;
      carrier: string;
      destination: string;
      scheduledFor: Day;
      readyOn: Day;
      status: ShipmentStatus;
      reschedules: number;
      dispatchedOn?: Day;
      trackingRef?: string;
      deliveredOn?: Day;
      cancelReason?: string;
      claims: DamageClaim[];
    };

export type ShipmentCommand =
  | {
      type: 'ScheduleShipment';
      shipmentId: string;
      order: OrderState;
      /** When the build completed; delivery can never be recorded before it. */
      readyOn: Day;
      carrier: string;
      destination: string;
      scheduledFor: Day;
    }
  | { type: 'RescheduleShipment'; scheduledFor: Day; reason: string }
  | { type: 'DispatchShipment'; on: Day; trackingRef: string }
  | { type: 'DeliverShipment'; on: Day }
  | { type: 'CancelShipment'; reason: string }
  | { type: 'FileDamageClaim'; claimId: string; description: string; amountCents: number; on: Day }
  | { type: 'ResolveDamageClaim'; claimId: string; outcome: ClaimOutcome; paidCents: number; on: Day };

export type ShipmentEvent = Event<
  | 'ShipmentScheduled'
  | 'ShipmentRescheduled'
  | 'ShipmentDispatched'
  | 'ShipmentDelivered'
  | 'ShipmentCancelled'
  | 'DamageClaimFiled'
  | 'DamageClaimResolved'
>;

const requireStatus = (state: ShipmentState, allowed: ShipmentStatus[], action: string) => {
  if (!state.exists) return reject('shipment-not-found', 'No such shipment', 404);
  if (!allowed.includes(state.status))
    return reject(
      'invalid-status',
      `Cannot ${action}: the shipment is ${state.status.replace('_', ' ')}`,
      409,
    );
  return state;
};

/** A delivery booked without a day goes out this many days after the build is ready: time to tell the carrier and the customer. */
export const DEFAULT_DELIVERY_LEAD_DAYS = 7;

const notBeforeReady = (readyOn: Day, day: Day, what: string) => {
  if (day < readyOn)
    reject('before-build-complete', `${what} cannot be before the build completed on ${readyOn}`);
};

const decide = (command: ShipmentCommand, state: ShipmentState): ShipmentEvent[] => {
  switch (command.type) {
    case 'ScheduleShipment': {
      if (state.exists) return reject('shipment-exists', 'The order already has a shipment', 409);
      const { order } = command;
      if (!order.exists) return reject('order-not-found', 'The order does not exist');
      if (order.stage !== 'ready')
        return reject(
          'build-not-complete',
          'Only orders whose build is complete can be scheduled for delivery',
          409,
        );
      notBeforeReady(command.readyOn, command.scheduledFor, 'Delivery');
      return [
        {
          type: 'ShipmentScheduled',
          data: {
            shipmentId: command.shipmentId,
            orderId: order.orderId,
            customerId: order.customerId,
            carrier: command.carrier,
            destination: command.destination,
            scheduledFor: command.scheduledFor,
            readyOn: command.readyOn,
          },
        },
      ];
    }
    case 'RescheduleShipment': {
      const shipment = requireStatus(state, ['scheduled'], 'reschedule');
      notBeforeReady(shipment.readyOn, command.scheduledFor, 'Delivery');
      if (command.scheduledFor === shipment.scheduledFor) return [];
      const { type: _, ...data } = command;
      return [{ type: 'ShipmentRescheduled', data: { shipmentId: shipment.shipmentId, ...data } }];
    }
    case 'DispatchShipment': {
      const shipment = requireStatus(state, ['scheduled'], 'dispatch');
      notBeforeReady(shipment.readyOn, command.on, 'Dispatch');
      const { type: _, ...data } = command;
      return [{ type: 'ShipmentDispatched', data: { shipmentId: shipment.shipmentId, ...data } }];
    }
    case 'DeliverShipment': {
      const shipment = requireStatus(state, ['in_transit'], 'record delivery');
      if (shipment.dispatchedOn && command.on < shipment.dispatchedOn)
        return reject('invalid-date', 'A home cannot arrive before it left');
      notBeforeReady(shipment.readyOn, command.on, 'Delivery');
      return [
        {
          type: 'ShipmentDelivered',
          data: { shipmentId: shipment.shipmentId, orderId: shipment.orderId, on: command.on },
        },
      ];
    }
    case 'CancelShipment': {
      const shipment = requireStatus(state, ['scheduled'], 'cancel');
      return [
        { type: 'ShipmentCancelled', data: { shipmentId: shipment.shipmentId, reason: command.reason } },
      ];
    }
    case 'FileDamageClaim': {
      const shipment = requireStatus(state, ['in_transit', 'delivered'], 'file a damage claim');
      if (shipment.claims.some((c) => c.claimId === command.claimId))
        return reject('claim-exists', `Claim ${command.claimId} is already filed`, 409);
      const { type: _, ...data } = command;
      return [{ type: 'DamageClaimFiled', data: { shipmentId: shipment.shipmentId, ...data } }];
    }
    case 'ResolveDamageClaim': {
      const shipment = requireStatus(state, ['in_transit', 'delivered'], 'resolve a damage claim');
      const claim = shipment.claims.find((c) => c.claimId === command.claimId);
      if (!claim) return reject('claim-not-found', `No claim ${command.claimId}`, 404);
      if (claim.status !== 'open') return reject('claim-resolved', 'The claim is already resolved', 409);
      if (command.outcome === 'denied' && command.paidCents !== 0)
        return reject('invalid-claim-payment', 'A denied claim pays nothing');
      if (command.paidCents > claim.amountCents)
        return reject('invalid-claim-payment', 'A claim cannot pay more than was claimed');
      const { type: _, ...data } = command;
      return [{ type: 'DamageClaimResolved', data: { shipmentId: shipment.shipmentId, ...data } }];
    }
  }
};

const evolve = (state: ShipmentState, event: ShipmentEvent): ShipmentState => {
  if (event.type === 'ShipmentScheduled') {
    return { exists: true, ...event.data, status: 'scheduled', reschedules: 0, claims: [] };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'ShipmentRescheduled':
      return { ...state, scheduledFor: event.data.scheduledFor, reschedules: state.reschedules + 1 };
    case 'ShipmentDispatched':
      return {
        ...state,
        status: 'in_transit',
        dispatchedOn: event.data.on,
        trackingRef: event.data.trackingRef,
      };
    case 'ShipmentDelivered':
      return { ...state, status: 'delivered', deliveredOn: event.data.on };
    case 'ShipmentCancelled':
      return { ...state, status: 'cancelled', cancelReason: event.data.reason };
    case 'DamageClaimFiled': {
      const { claimId, description, amountCents, on } = event.data;
      const claim: DamageClaim = {
        claimId,
        description,
        amountCents,
        filedOn: on,
        status: 'open',
        paidCents: 0,
      };
      return { ...state, claims: [...state.claims, claim] };
    }
    case 'DamageClaimResolved': {
      const { claimId, outcome, paidCents, on } = event.data;
      return {
        ...state,
        claims: state.claims.map((c) =>
          c.claimId === claimId ? { ...c, status: outcome, paidCents, resolvedOn: on } : c,
        ),
      };
    }
  }
};

export const shipmentDecider: Decider<ShipmentCommand, ShipmentState, ShipmentEvent> = {
  initialState: { exists: false },
  decide,
  evolve,
};

/** What can be done to a shipment, named as the API's shipment commands. */
export const SHIPMENT_ACTIONS = [
  'reschedule',
  'dispatch',
  'deliver',
  'cancel',
  'file-claim',
  'resolve-claim',
] as const;
export type ShipmentAction = (typeof SHIPMENT_ACTIONS)[number];

const shipmentProbes: Probes<ShipmentCommand, ShipmentState, ShipmentAction> = {
  reschedule: (state) =>
    state.exists
      ? { type: 'RescheduleShipment', scheduledFor: state.scheduledFor, reason: 'probe' }
      : undefined,
  dispatch: (_, { today }) => ({ type: 'DispatchShipment', on: today, trackingRef: 'probe' }),
  deliver: (_, { today }) => ({ type: 'DeliverShipment', on: today }),
  cancel: () => ({ type: 'CancelShipment', reason: 'probe' }),
  'file-claim': (_, { today }) => ({
    type: 'FileDamageClaim',
    claimId: '~probe',
    description: 'probe',
    amountCents: 1,
    on: today,
  }),
  'resolve-claim': (state, { today }) =>
    state.exists
      ? state.claims.map((c) => ({
          type: 'ResolveDamageClaim' as const,
          claimId: c.claimId,
          outcome: 'denied' as const,
          paidCents: 0,
          on: today,
        }))
      : undefined,
};

/** The shipment commands its decider would accept now (before the caller's permissions are considered). */
export const availableShipmentActions = availableBy(shipmentDecider, SHIPMENT_ACTIONS, shipmentProbes);
