import * as z from 'zod';
import {
  OUTBOUND_DELIVERY_ACTIONS,
  type OutboundDeliveryAction,
} from '../../../domain/integrations/outbound-deliveries.ts';
import {
  ENDPOINT_ACTIONS,
  type EndpointAction,
  subscribableEventTypes,
} from '../../../domain/integrations/outbound-endpoints.ts';
import { OUTBOUND_FORMATS, OutboundFilters } from '../../../events/contexts/outbound.ts';
import { aggregates } from '../../application/aggregates.ts';
import type { RouteContract } from '../../http/route.ts';
import { defineRoute } from '../../http/route.ts';
import { Hint, SyncStatus, SyncWindow } from '../integrations/contract.ts';
import { actionsOf, EventHistory, HttpUrl, Id, IdParams, Meta, PageQuery, page } from '../schemas.ts';

const tag = 'Outbound webhooks';

/**
 * What a filter may match: text, a yes/no, or a number a record can hold (the DynamoDB SDK refuses
 * numbers beyond ±2^53, so a larger one would stop the endpoint's projection).
 */
const FilterValue = z.union([
  z.string().max(500),
  z.number().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
  z.boolean(),
]);

export const OutboundFormat = z.enum(OUTBOUND_FORMATS).meta({
  id: 'OutboundFormat',
  description:
    'standard-webhooks: the signed `{ id, type, timestamp, data }` envelope; slack: a `{ text }` summary for a Slack incoming webhook (unsigned)',
});
export const EndpointStatus = z.enum(['active', 'disabled']).meta({ id: 'OutboundEndpointStatus' });
const Instant = z.string().datetime({ offset: true });

/** Only the receiver needs it: shown on creation, rotation and an audited reveal, nowhere else. */
const SigningSecret = z.string().meta({
  description: 'The signing secret (`whsec_…`) in clear: give it to the receiver; it is not shown again',
});

export const Endpoint = z
  .object({
    id: Id,
    url: z.string(),
    description: z.string(),
    eventTypes: z.array(z.string()),
    filters: OutboundFilters.meta({ description: 'Exact matches on top-level fields of the event data' }),
    format: OutboundFormat,
    owner: z.object({ id: z.string(), email: z.string().optional() }),
    secret: Hint,
    previousSignsUntil: z
      .string()
      .optional()
      .meta({ description: 'Until when the previous secret signs too' }),
    status: EndpointStatus,
    disabledReason: z.string().optional(),
    failingSince: z
      .string()
      .optional()
      .meta({ description: 'Every attempt has failed since then; after 5 days the endpoint is disabled' }),
    actions: actionsOf(ENDPOINT_ACTIONS, 'OutboundEndpointAction'),
    ...Meta,
  })
  .meta({ id: 'OutboundEndpoint' });

export const EndpointWithSecret = Endpoint.extend({ signingSecret: SigningSecret }).meta({
  id: 'OutboundEndpointWithSecret',
});

export const DeliveryStatus = z
  .enum(['pending', 'delivered', 'failed'])
  .meta({ id: 'OutboundDeliveryStatus' });

export const OutboundDelivery = z
  .object({
    id: z.string().meta({ description: 'Also its webhook-id: the same on every attempt' }),
    endpointId: Id,
    eventId: z.string(),
    eventType: z.string(),
    occurredAt: z.string(),
    data: z.record(z.string(), z.unknown()).meta({ description: 'The event data sent' }),
    replay: z.boolean().optional(),
    status: DeliveryStatus,
    attempts: z.array(
      z.object({
        attempt: z.number().int(),
        at: z.string(),
        ok: z.boolean(),
        statusCode: z.number().int().optional(),
        latencyMs: z.number().int(),
        responseBody: z.string().optional().meta({ description: 'The first 2 KB of the answer' }),
        error: z.string().optional(),
        manual: z.boolean().optional(),
      }),
    ),
    scheduled: z.number().int(),
    nextAttemptAt: z.string().optional(),
    failedReason: z.string().optional(),
    actions: actionsOf(OUTBOUND_DELIVERY_ACTIONS, 'OutboundDeliveryAction'),
    ...Meta,
  })
  .meta({ id: 'OutboundDelivery' });

export const listEventTypes = defineRoute({
  method: 'GET',
  path: '/api/webhook-event-types',
  permission: 'integrations:read',
  summary: 'The event types an outbound endpoint can subscribe to',
  tag,
  response: z
    .object({ items: z.array(z.object({ type: z.string(), summary: z.string(), context: z.string() })) })
    .meta({ id: 'WebhookEventTypes' }),
});

export const listEndpoints = defineRoute({
  method: 'GET',
  path: '/api/webhook-endpoints',
  permission: aggregates.outboundEndpoint.read,
  summary: 'List outbound webhook endpoints, optionally by status',
  tag,
  query: PageQuery.extend({ status: EndpointStatus.optional() }).strict(),
  response: page(Endpoint, 'OutboundEndpointPage'),
});

export const createEndpoint = defineRoute({
  method: 'POST',
  path: '/api/webhook-endpoints',
  permission: 'integrations:manage',
  summary:
    'Add an outbound endpoint subscribed to event types; the response carries its new signing secret, shown this once',
  tag,
  // The secret in clear is never stored for an Idempotency-Key replay, nor cached.
  secretResponse: true,
  status: 201,
  body: z
    .object({
      url: HttpUrl(2048),
      description: z.string().trim().max(500).default(''),
      eventTypes: z
        .array(
          z
            .string()
            .min(1)
            .max(100)
            .meta({
              enum: subscribableEventTypes().map((t) => t.type),
              description: 'An event type of the catalog',
            }),
        )
        .min(1)
        .max(200),
      filters: z
        .record(z.string().min(1).max(100), FilterValue)
        .default({})
        .refine((f) => Object.keys(f).length <= 20, 'At most 20 filters')
        .meta({ description: 'Exact matches on top-level fields of the event data' }),
      format: OutboundFormat.default('standard-webhooks'),
    })
    .strict()
    .meta({ id: 'CreateWebhookEndpoint' }),
  response: EndpointWithSecret,
});

export const getEndpoint = defineRoute({
  method: 'GET',
  path: '/api/webhook-endpoints/{id}',
  permission: aggregates.outboundEndpoint.read,
  summary: 'Read an outbound endpoint (its secret only as a hint)',
  tag,
  params: IdParams,
  response: Endpoint,
});

export const endpointEvents = defineRoute({
  method: 'GET',
  path: '/api/webhook-endpoints/{id}/events',
  permission: 'events:read',
  summary: "An endpoint's full event history (health, rotations, disabling)",
  tag,
  params: IdParams,
  response: EventHistory,
});

export const rotateSecret = defineRoute({
  method: 'POST',
  path: '/api/webhook-endpoints/{id}/secret',
  permission: 'integrations:manage',
  summary:
    'Replace the signing secret (shown this once); the previous one keeps signing beside it for 24 hours',
  tag,
  // The secret in clear is never stored for an Idempotency-Key replay, nor cached.
  secretResponse: true,
  params: IdParams,
  ifMatch: true,
  response: EndpointWithSecret,
});

export const revealSecret = defineRoute({
  method: 'POST',
  path: '/api/webhook-endpoints/{id}/secret/reveal',
  permission: 'integrations:manage',
  summary: 'Show the signing secret; every reveal is recorded in the audit log (CredentialDecrypted)',
  tag,
  // The secret in clear is never stored for an Idempotency-Key replay, nor cached.
  secretResponse: true,
  params: IdParams,
  response: z.object({ signingSecret: SigningSecret }).meta({ id: 'RevealedSecret' }),
});

export const disableEndpoint = defineRoute({
  method: 'POST',
  path: '/api/webhook-endpoints/{id}/disable',
  permission: 'integrations:manage',
  summary: 'Stop sending to an endpoint; its pending deliveries fail (a replay sends them later)',
  tag,
  params: IdParams,
  ifMatch: true,
  body: z
    .object({ reason: z.string().trim().min(1).max(500) })
    .strict()
    .meta({ id: 'DisableWebhookEndpoint' }),
  response: Endpoint,
});

export const enableEndpoint = defineRoute({
  method: 'POST',
  path: '/api/webhook-endpoints/{id}/enable',
  permission: 'integrations:manage',
  summary: 'Send to a disabled endpoint again',
  tag,
  params: IdParams,
  ifMatch: true,
  response: Endpoint,
});

export const replayEndpoint = defineRoute({
  method: 'POST',
  path: '/api/webhook-endpoints/{id}/replay',
  permission: 'integrations:manage',
  summary:
    'Re-deliver the events of a time range the endpoint subscribes to, under their original webhook-ids: failed deliveries are queued again, missing ones made, delivered ones left alone (at most 1,000 per call)',
  tag,
  status: 202,
  params: IdParams,
  body: z
    .object({ from: Instant, to: Instant })
    .strict()
    .refine((r) => Date.parse(r.from) <= Date.parse(r.to), '`from` must not be after `to`')
    .meta({ id: 'ReplayWebhookEndpoint' }),
  response: z
    .object({
      matched: z.number().int().meta({ description: 'Events of the range the endpoint subscribes to' }),
      created: z.number().int(),
      requeued: z.number().int(),
    })
    .meta({ id: 'WebhookReplay' }),
});

export const listEndpointDeliveries = defineRoute({
  method: 'GET',
  path: '/api/webhook-endpoints/{id}/deliveries',
  permission: 'integrations:read',
  summary: "An endpoint's delivery log: each delivery with every attempt (status, latency, answer)",
  tag,
  params: IdParams,
  query: PageQuery.extend({ status: DeliveryStatus.optional() }).strict(),
  response: page(OutboundDelivery, 'OutboundDeliveryPage'),
});

export const retryDelivery = defineRoute({
  method: 'POST',
  path: '/api/webhook-deliveries/{id}/retry',
  permission: 'integrations:manage',
  summary: 'Send a delivery again now, under the same webhook-id; the retry schedule is left as it was',
  tag,
  params: IdParams,
  response: OutboundDelivery,
});

export const EndpointSync = z
  .object({
    endpointId: Id,
    status: SyncStatus,
    reasons: z
      .array(z.string())
      .meta({ description: 'Why it is not healthy, worst first; empty when healthy' }),
    stats: z.object({
      from: z.string(),
      to: z.string(),
      hours: z.array(
        z.object({
          hour: z.string(),
          delivered: z.number().int().min(0),
          failedAttempts: z.number().int().min(0),
        }),
      ),
      totals: z.object({
        deliveries: z.number().int().min(0),
        delivered: z.number().int().min(0),
        pending: z.number().int().min(0),
        failed: z.number().int().min(0),
        attempts: z.number().int().min(0),
        failedAttempts: z.number().int().min(0),
      }),
      errorRate: z.number().min(0).max(1),
      lagMs: z
        .object({ p50: z.number(), p95: z.number(), max: z.number() })
        .optional()
        .meta({ description: 'From the event to the receiver’s 2xx' }),
      latencyMs: z.object({ p50: z.number(), p95: z.number() }).optional(),
      errors: z.array(z.object({ reason: z.string(), count: z.number().int().min(1) })),
      lastSuccessAt: z.string().optional(),
    }),
    capped: z.boolean().meta({ description: 'More deliveries than counted: the figures are a lower bound' }),
  })
  .meta({ id: 'OutboundEndpointSync' });

export const endpointSync = defineRoute({
  method: 'GET',
  path: '/api/webhook-endpoints/{id}/sync',
  permission: 'integrations:read',
  summary:
    "An endpoint's deliveries: healthy, degraded, failing or disabled and why, attempts per hour, error rate and reasons, lag from event to delivery, receiver latency",
  tag,
  params: IdParams,
  query: SyncWindow,
  response: EndpointSync,
});

export const outboundRoutes = [
  listEventTypes,
  listEndpoints,
  createEndpoint,
  getEndpoint,
  endpointEvents,
  rotateSecret,
  revealSecret,
  disableEndpoint,
  enableEndpoint,
  replayEndpoint,
  listEndpointDeliveries,
  endpointSync,
  retryDelivery,
];

export const endpointActionRoutes = {
  'rotate-secret': rotateSecret,
  disable: disableEndpoint,
  enable: enableEndpoint,
  replay: replayEndpoint,
} satisfies Record<EndpointAction, RouteContract>;

export const outboundDeliveryActionRoutes = {
  retry: retryDelivery,
} satisfies Record<OutboundDeliveryAction, RouteContract>;
