import { describe, expect, it } from 'vitest';
import type { ModelState } from '../../../domain/catalog/models.ts';
import type { ShipmentState } from '../../../domain/delivery/shipments.ts';
import { claimDecider, deliveryDecider } from '../../../domain/integrations/deliveries.ts';
import { mapLeadForm } from '../../../domain/integrations/lead-forms.ts';
import { mapPaymentEvent, type ProviderEvent } from '../../../domain/integrations/payments.ts';
import { mapTrackingEvent } from '../../../domain/integrations/tracking.ts';
import { type OrderCommand, orderDecider } from '../../../domain/sales/orders.ts';
import { replay, settled } from '../helpers.ts';

const created = Date.parse('2026-03-04T12:00:00Z') / 1000;
const event = (type: string, object: Record<string, unknown>, id = 'evt_1'): ProviderEvent => ({
  id,
  type,
  created,
  data: { object },
});

const model: ModelState = {
  exists: true,
  modelId: 'm',
  name: 'Spark 16',
  basePriceCents: 1_000_000,
  options: [],
  sizeSqFt: 128,
  sleeps: 2,
  mount: 'trailer',
  materials: [],
  retired: false,
};
const place: OrderCommand = {
  type: 'PlaceOrder',
  orderId: 'o1',
  customer: {
    exists: true,
    customerId: 'c',
    name: 'C',
    email: 'c@example.com',
    marketingConsent: false,
    contacts: [],
  },
  model,
  optionCodes: [],
};
const intent = (id: string, amount: number) => ({
  id,
  amount,
  amount_received: amount,
  currency: 'usd',
  metadata: { orderId: 'o1' },
});

describe('payment events', () => {
  it('map to a deposit on a quote, then progress and final payments, each once', () => {
    let order = settled(orderDecider, [place]);
    const deposit = mapPaymentEvent(event('payment_intent.succeeded', intent('pi_1', 200_000)), order);
    expect(deposit).toMatchObject({
      kind: 'command',
      command: { type: 'PayDeposit', paymentId: 'pi_1', method: 'card', on: '2026-03-04' },
    });
    if (deposit.kind !== 'command') throw new Error('expected a command');
    order = settled(orderDecider, [place, deposit.command]);
    const progress = mapPaymentEvent(event('payment_intent.succeeded', intent('pi_2', 300_000)), order);
    expect(progress).toMatchObject({ command: { type: 'RecordPayment', kind: 'progress' } });
    const final = mapPaymentEvent(event('payment_intent.succeeded', intent('pi_3', 800_000)), order);
    expect(final).toMatchObject({ command: { type: 'RecordPayment', kind: 'final' } });
    // The same event again, after the deposit: it maps against the order as it now stands, and the order
    // refuses the payment id it already has (payment-exists), which the inbound code treats as done.
    const redelivered = mapPaymentEvent(event('payment_intent.succeeded', intent('pi_1', 200_000)), order);
    if (redelivered.kind !== 'command') throw new Error('expected a command');
    expect(replay(orderDecider, [place, deposit.command, redelivered.command]).refused).toEqual([
      'payment-exists',
    ]);
  });

  it('map refunds to the part not yet recorded, and ignore what they cannot place', () => {
    const deposit = mapPaymentEvent(
      event('payment_intent.succeeded', intent('pi_1', 200_000)),
      settled(orderDecider, [place]),
    );
    if (deposit.kind !== 'command') throw new Error('expected a command');
    const paid = settled(orderDecider, [place, deposit.command]);
    const charge = (refunded: number) => ({
      id: 'ch_1',
      payment_intent: 'pi_1',
      amount_refunded: refunded,
      currency: 'usd',
    });
    expect(mapPaymentEvent(event('charge.refunded', charge(50_000)), paid)).toMatchObject({
      command: { type: 'RefundPayment', paymentId: 'pi_1', amountCents: 50_000 },
    });
    const first = mapPaymentEvent(event('charge.refunded', charge(50_000)), paid);
    if (first.kind !== 'command') throw new Error('expected a command');
    const refunded = settled(orderDecider, [place, deposit.command, first.command]);
    expect(mapPaymentEvent(event('charge.refunded', charge(50_000)), refunded)).toMatchObject({
      kind: 'ignored',
    });
    expect(mapPaymentEvent(event('charge.refunded', charge(80_000)), refunded)).toMatchObject({
      command: { amountCents: 30_000 },
    });
    expect(
      mapPaymentEvent(event('payment_intent.succeeded', { ...intent('pi_9', 5), currency: 'eur' }), paid),
    ).toMatchObject({
      kind: 'ignored',
    });
    expect(mapPaymentEvent(event('customer.created', {}), paid)).toMatchObject({ kind: 'ignored' });
    expect(
      mapPaymentEvent(event('payment_intent.succeeded', intent('pi_1', 1)), { exists: false }),
    ).toMatchObject({
      kind: 'ignored',
    });
  });

  it('map a decline to a failed payment with the issuer reason', () => {
    const failed = mapPaymentEvent(
      event('payment_intent.payment_failed', {
        ...intent('pi_4', 100_000),
        last_payment_error: { message: 'Insufficient funds' },
      }),
      settled(orderDecider, [place]),
    );
    expect(failed).toMatchObject({ command: { type: 'RecordFailedPayment', reason: 'Insufficient funds' } });
  });
});

describe('tracking updates', () => {
  const shipment = (status: 'scheduled' | 'in_transit' | 'delivered'): ShipmentState =>
    ({ exists: true, shipmentId: 'o1', orderId: 'o1', status }) as ShipmentState;

  it('dispatch a scheduled shipment and deliver one in transit, each once', () => {
    const dispatched = event('shipment.dispatched', {
      orderId: 'o1',
      trackingRef: 'TRK-1',
      on: '2026-03-05',
    });
    expect(mapTrackingEvent(dispatched, shipment('scheduled'))).toMatchObject({
      kind: 'dispatch',
      trackingRef: 'TRK-1',
      on: '2026-03-05',
    });
    expect(mapTrackingEvent(dispatched, shipment('in_transit'))).toMatchObject({ kind: 'ignored' });
    const delivered = event('shipment.delivered', { orderId: 'o1' });
    expect(mapTrackingEvent(delivered, shipment('in_transit'))).toMatchObject({
      kind: 'deliver',
      on: '2026-03-04',
    });
    expect(mapTrackingEvent(delivered, shipment('delivered'))).toMatchObject({ kind: 'ignored' });
  });

  it('keep exceptions, unknown shipments and unknown types as ignored, with why', () => {
    expect(
      mapTrackingEvent(
        event('shipment.exception', { orderId: 'o1', description: 'Road closed' }),
        shipment('in_transit'),
      ),
    ).toMatchObject({
      kind: 'ignored',
      detail: expect.stringContaining('Road closed'),
    });
    expect(mapTrackingEvent(event('shipment.delivered', { orderId: 'o2' }), { exists: false })).toMatchObject(
      { kind: 'ignored' },
    );
    expect(mapTrackingEvent(event('shipment.delivered', {}), shipment('in_transit'))).toMatchObject({
      kind: 'ignored',
    });
  });
});

describe('lead form submissions', () => {
  it('become a captured lead whose id follows from the delivery, so processing again finds it', () => {
    const submitted = event('lead.submitted', {
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      channel: 'paid_social',
      campaignId: 'CAMP1',
      marketingConsent: true,
    });
    const first = mapLeadForm(submitted, 'INT.msg_1');
    const second = mapLeadForm(submitted, 'INT.msg_1');
    expect(first).toMatchObject({
      kind: 'command',
      command: {
        type: 'CaptureLead',
        name: 'Ada Lovelace',
        channel: 'paid_social',
        campaignId: 'CAMP1',
        on: '2026-03-04',
      },
    });
    if (first.kind !== 'command' || second.kind !== 'command') throw new Error('expected commands');
    expect(second.leadId).toBe(first.leadId);
    expect(mapLeadForm(submitted, 'INT.msg_2')).not.toMatchObject({ leadId: first.leadId });
  });

  it('ignore submissions that are not leads, saying which field', () => {
    expect(mapLeadForm(event('lead.submitted', { name: 'No email' }), 'x')).toMatchObject({
      kind: 'ignored',
      detail: expect.stringContaining('email'),
    });
    expect(mapLeadForm(event('form.viewed', {}), 'x')).toMatchObject({ kind: 'ignored' });
  });
});

describe('deliveries', () => {
  const received = {
    type: 'ReceiveDelivery' as const,
    deliveryId: 'INT.evt_1',
    integrationId: 'INT',
    providerEventId: 'evt_1',
    eventType: 'payment_intent.succeeded',
    bodySha256: 'a'.repeat(64),
    bodyKey: 'inbound/INT/2026-03-04/evt_1.json',
    bytes: 10,
    receivedAt: '2026-03-04T12:00:00.000Z',
    verifiedWith: 'current' as const,
  };

  it('are begun once: receiving one again changes nothing', () => {
    const same = replay(deliveryDecider, [received, received]);
    expect(same.events).toHaveLength(1);
    expect(same.refused).toEqual([]);
  });

  it("claim a provider's event id once: the same body again names the first delivery, another is a replay", () => {
    const claim = {
      type: 'ClaimDelivery' as const,
      integrationId: 'INT',
      providerEventId: 'evt_1',
      deliveryId: 'INT.01A',
      bodySha256: 'a'.repeat(64),
    };
    const again = replay(claimDecider, [claim, { ...claim, deliveryId: 'INT.01B' }]);
    expect(again.events).toHaveLength(1);
    expect(again.state).toMatchObject({ deliveryId: 'INT.01A' });
    const replayed = replay(claimDecider, [
      claim,
      { ...claim, deliveryId: 'INT.01C', bodySha256: 'b'.repeat(64) },
    ]);
    expect(replayed.refused).toEqual(['replayed']);
  });

  it('record one outcome; a second processing changes nothing', () => {
    const done = replay(deliveryDecider, [
      received,
      { type: 'ProcessDelivery', outcome: 'applied', detail: 'ok', record: { kind: 'order', id: 'o1' } },
      { type: 'ProcessDelivery', outcome: 'refused', detail: 'late' },
    ]);
    expect(done.state).toMatchObject({ status: 'applied', record: { kind: 'order', id: 'o1' } });
    expect(done.events).toHaveLength(2);
  });
});
