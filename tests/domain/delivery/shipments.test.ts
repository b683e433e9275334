import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ShipmentCommand, shipmentDecider } from '../../../domain/delivery/shipments.ts';
import type { OrderStage, OrderState } from '../../../domain/sales/orders.ts';
import { evolveAll, replay, settled } from '../helpers.ts';

const order = (stage: OrderStage): OrderState => ({
  exists: true,
  orderId: 'o1',
  customerId: 'c1',
  modelId: 'm',
  modelName: 'Nest 20',
  options: [],
  quoteId: null,
  feesCents: 0,
  discountCents: 0,
  totalCents: 100,
  paidCents: 100,
  refundedCents: 0,
  payments: [],
  refunds: [],
  stage,
});
const schedule: ShipmentCommand = {
  type: 'ScheduleShipment',
  shipmentId: 'o1',
  order: order('ready'),
  readyOn: '2026-05-10',
  carrier: 'Cascade Freight',
  destination: 'Bend, OR',
  scheduledFor: '2026-05-15',
};

describe('shipments', () => {
  it('schedules, dispatches and delivers a finished home', () => {
    const shipment = settled(shipmentDecider, [
      schedule,
      { type: 'RescheduleShipment', scheduledFor: '2026-05-18', reason: 'Wind' },
      { type: 'DispatchShipment', on: '2026-05-18', trackingRef: 'CF-1' },
      { type: 'DeliverShipment', on: '2026-05-20' },
    ]);
    expect(shipment).toMatchObject({
      status: 'delivered',
      reschedules: 1,
      deliveredOn: '2026-05-20',
      customerId: 'c1',
    });
  });

  it('refuses delivery before the build completed or before dispatch', () => {
    expect(
      replay(shipmentDecider, [{ ...schedule, order: order('in_build') } as ShipmentCommand]).refused,
    ).toEqual(['build-not-complete']);
    const { refused } = replay(shipmentDecider, [
      { ...schedule, scheduledFor: '2026-05-09' } as ShipmentCommand,
      schedule,
      { type: 'DeliverShipment', on: '2026-05-16' },
      { type: 'DispatchShipment', on: '2026-05-09', trackingRef: 'x' },
      { type: 'DispatchShipment', on: '2026-05-15', trackingRef: 'x' },
      { type: 'DeliverShipment', on: '2026-05-14' },
    ]);
    expect(refused).toEqual([
      'before-build-complete',
      'invalid-status',
      'before-build-complete',
      'invalid-date',
    ]);
  });

  it('files and resolves damage claims, never paying more than claimed', () => {
    const delivered = [
      schedule,
      { type: 'DispatchShipment', on: '2026-05-15', trackingRef: 'x' },
      { type: 'DeliverShipment', on: '2026-05-17' },
    ] as ShipmentCommand[];
    const { state, refused } = replay(shipmentDecider, [
      ...delivered,
      {
        type: 'FileDamageClaim',
        claimId: 'k1',
        description: 'Cracked window',
        amountCents: 80_000,
        on: '2026-05-18',
      },
      { type: 'ResolveDamageClaim', claimId: 'k1', outcome: 'paid', paidCents: 90_000, on: '2026-06-01' },
      { type: 'ResolveDamageClaim', claimId: 'k1', outcome: 'denied', paidCents: 5, on: '2026-06-01' },
      { type: 'ResolveDamageClaim', claimId: 'k1', outcome: 'paid', paidCents: 60_000, on: '2026-06-01' },
      { type: 'ResolveDamageClaim', claimId: 'k1', outcome: 'paid', paidCents: 60_000, on: '2026-06-02' },
    ]);
    expect(refused).toEqual(['invalid-claim-payment', 'invalid-claim-payment', 'claim-resolved']);
    expect(state).toMatchObject({ claims: [{ claimId: 'k1', status: 'paid', paidCents: 60_000 }] });
  });

  const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-05-${String(d).padStart(2, '0')}`);
  const command: fc.Arbitrary<ShipmentCommand> = fc.oneof(
    day.map<ShipmentCommand>((scheduledFor) => ({ ...schedule, scheduledFor }) as ShipmentCommand),
    day.map<ShipmentCommand>((scheduledFor) => ({ type: 'RescheduleShipment', scheduledFor, reason: 'r' })),
    day.map<ShipmentCommand>((on) => ({ type: 'DispatchShipment', on, trackingRef: 't' })),
    day.map<ShipmentCommand>((on) => ({ type: 'DeliverShipment', on })),
    fc.constant<ShipmentCommand>({ type: 'CancelShipment', reason: 'r' }),
  );

  it('never delivers before the build completed, nor before dispatch, whatever the commands', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 25 }), (commands) => {
        const { state, events } = replay(shipmentDecider, commands);
        if (state.exists && state.status === 'delivered') {
          expect(state.deliveredOn! >= state.readyOn).toBe(true);
          expect(state.deliveredOn! >= state.dispatchedOn!).toBe(true);
        }
        if (state.exists) expect(state.scheduledFor >= state.readyOn).toBe(true);
        expect(evolveAll(shipmentDecider, events)).toEqual(state);
      }),
    );
  });
});
