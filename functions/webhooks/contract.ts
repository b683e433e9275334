import * as z from 'zod';
import { Id } from '../api/schemas.ts';
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
  params: z.object({ integrationId: Id }).strict(),
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
  // 401 a missing, malformed, stale or wrong signature; 404 no integration has this URL; 409 a claimed
  // event id with another body (a replay); 410 the integration is disabled or has no signing secret.
  problems: [401, 404, 409, 410],
});

export const webhookRoutes = [receiveDelivery];
