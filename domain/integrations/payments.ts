import * as z from 'zod';
import { balanceDueOf, type OrderCommand, type OrderState } from '../sales/orders.ts';
import { dayOf } from '../shared/days.ts';

/**
 * What a payment provider's webhook means for an order. Stripe's event shapes (only the fields the
 * platform reads): a checkout the console opened carries the order id in the payment's metadata.
 */
const PaymentIntent = z.object({
  id: z.string().min(1),
  amount: z.number().int().positive(),
  amount_received: z.number().int().min(0).optional(),
  currency: z.string(),
  metadata: z.record(z.string(), z.string()).default({}),
  last_payment_error: z.object({ message: z.string().optional() }).nullish(),
});

const Charge = z.object({
  id: z.string().min(1),
  payment_intent: z.string().min(1),
  amount_refunded: z.number().int().min(0),
  currency: z.string(),
  metadata: z.record(z.string(), z.string()).default({}),
});

export const ProviderEvent = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  created: z.number().int().positive(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});
export type ProviderEvent = z.infer<typeof ProviderEvent>;

export type PaymentMapping =
  | { kind: 'command'; orderId: string; command: OrderCommand; summary: string }
  | { kind: 'ignored'; detail: string };

const ignored = (detail: string): PaymentMapping => ({ kind: 'ignored', detail });

/** The order a payment event is about, from the metadata the checkout set. */
export const orderIdOfPaymentEvent = (event: ProviderEvent): string | undefined => {
  const metadata = event.data.object.metadata;
  if (!metadata || typeof metadata !== 'object') return undefined;
  const orderId = (metadata as Record<string, unknown>).orderId;
  return typeof orderId === 'string' && orderId ? orderId : undefined;
};

const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;

/**
 * The order command a payment event maps to, given the order as it stands. Pure: the same event and
 * order always map the same way, so a redelivery after a crash decides exactly what the first did.
 */
export const mapPaymentEvent = (event: ProviderEvent, order: OrderState): PaymentMapping => {
  const on = dayOf(new Date(event.created * 1000));
  if (!order.exists) return ignored('The order named in the payment metadata does not exist');
  switch (event.type) {
    case 'payment_intent.succeeded': {
      const parsed = PaymentIntent.safeParse(event.data.object);
      if (!parsed.success) return ignored('The payment intent lacks an id, amount or currency');
      const intent = parsed.data;
      if (intent.currency.toLowerCase() !== 'usd')
        return ignored(`Payments in ${intent.currency} are not taken`);
      const amountCents = intent.amount_received ?? intent.amount;
      if (amountCents <= 0) return ignored('Nothing was received');
      const base = { paymentId: intent.id, amountCents, method: 'card' as const, reference: intent.id, on };
      if (order.stage === 'quote')
        return {
          kind: 'command',
          orderId: order.orderId,
          command: { type: 'PayDeposit', ...base },
          summary: `Deposit of ${dollars(amountCents)} recorded`,
        };
      const kind = amountCents >= balanceDueOf(order) ? 'final' : 'progress';
      return {
        kind: 'command',
        orderId: order.orderId,
        command: { type: 'RecordPayment', ...base, kind },
        summary: `${kind === 'final' ? 'Final' : 'Progress'} payment of ${dollars(amountCents)} recorded`,
      };
    }
    case 'payment_intent.payment_failed': {
      const parsed = PaymentIntent.safeParse(event.data.object);
      if (!parsed.success) return ignored('The payment intent lacks an id, amount or currency');
      const intent = parsed.data;
      const reason = intent.last_payment_error?.message || 'Declined by the card issuer';
      return {
        kind: 'command',
        orderId: order.orderId,
        command: {
          type: 'RecordFailedPayment',
          paymentId: intent.id,
          amountCents: intent.amount,
          method: 'card',
          reason,
          on,
        },
        summary: `Failed payment of ${dollars(intent.amount)} recorded: ${reason}`,
      };
    }
    case 'charge.refunded': {
      const parsed = Charge.safeParse(event.data.object);
      if (!parsed.success) return ignored('The charge lacks its payment intent or refunded amount');
      const charge = parsed.data;
      const payment = order.payments.find((p) => p.paymentId === charge.payment_intent);
      if (!payment) return ignored(`No payment ${charge.payment_intent} on the order to refund`);
      // Stripe reports the total refunded so far; the order records each refund once, so only the part
      // not yet recorded is new (a redelivery or an out-of-order older total maps to nothing).
      const amountCents = charge.amount_refunded - payment.refundedCents;
      if (amountCents <= 0) return ignored('This refund is already recorded on the order');
      return {
        kind: 'command',
        orderId: order.orderId,
        command: {
          type: 'RefundPayment',
          paymentId: payment.paymentId,
          amountCents,
          reason: 'Refunded at the payment provider',
          on,
        },
        summary: `Refund of ${dollars(amountCents)} recorded`,
      };
    }
    default:
      return ignored(`Event type ${event.type} is not one the payments template maps`);
  }
};
