import { z } from 'zod';
import { defineRoute } from '../http/route.ts';

/** Deliveries as the providers send them: JSON events; what is checked is the signature over the bytes. */
const Delivery = z
  .object({ id: z.string().optional(), type: z.string().optional() })
  .passthrough()
  .meta({ id: 'WebhookPayload', description: "A provider's event, signed over its exact bytes" });

export const receiveDelivery = defineRoute({
  method: 'POST',
  path: '/webhooks/{integrationId}',
  permission: 'public',
  summary:
    "Receive a third party's signed webhook delivery (Stripe-Signature, or Standard Webhooks' webhook-id, webhook-timestamp and webhook-signature)",
  tag: 'Webhooks',
  params: z.object({ integrationId: z.string().max(64) }).strict(),
  body: Delivery,
  rawBody: true,
  // Anyone can reach it: a flood of forged deliveries is stopped at the gateway, before a function runs.
  throttle: { rateLimit: 20, burstLimit: 40 },
  response: z
    .object({
      received: z.literal(true),
      deliveryId: z.string(),
      outcome: z.enum(['applied', 'ignored', 'refused']),
      detail: z.string(),
      duplicate: z.boolean(),
    })
    .meta({ id: 'WebhookReceipt' }),
  problems: {
    401: 'The signature is missing, malformed, outside the 5-minute tolerance or does not match',
    404: 'No integration has this webhook URL',
    409: 'An event id already accepted arrived again with a different body (a replay)',
    410: 'The integration is disabled or has no signing secret',
    413: 'The body is over 256 KB',
  },
});

export const webhookRoutes = [receiveDelivery];
