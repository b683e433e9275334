import * as z from 'zod';
import { defineEvent } from '../define.ts';
import { SecretHint } from './integrations.ts';

/**
 * Outbound webhooks: endpoints third parties run, subscribed to the platform's event types, and the
 * deliveries sent to them. Streams: `outboundendpoint-<id>`, and `outbounddelivery-<endpointId>_<eventId>`
 * (one per endpoint and event, so a second delivery of the same bus event finds its stream begun).
 * The signing secret never appears here: only its hint.
 */

export const OUTBOUND_FORMATS = ['standard-webhooks', 'slack'] as const;

/** Exact-match filters on top-level fields of an event's data. */
export const OutboundFilters = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

export const OutboundEndpointCreated = defineEvent({
  type: 'OutboundEndpointCreated',
  context: 'integrations',
  summary: 'Someone added an outbound webhook endpoint; its signing secret is stored encrypted',
  schema: z.object({
    endpointId: z.string(),
    url: z.string(),
    description: z.string(),
    eventTypes: z.array(z.string()),
    filters: OutboundFilters,
    format: z.enum(OUTBOUND_FORMATS),
    /** Who created it: the one told when it is disabled for failing. */
    owner: z.object({ id: z.string(), email: z.string().optional() }),
    secret: SecretHint,
  }),
});

export const OutboundEndpointSecretRotated = defineEvent({
  type: 'OutboundEndpointSecretRotated',
  context: 'integrations',
  summary:
    "An endpoint's signing secret was replaced; deliveries carry the old one's signature too for a day",
  schema: z.object({
    endpointId: z.string(),
    secret: SecretHint,
    previousSignsUntil: z.string().datetime({ offset: true }),
  }),
});

export const OutboundEndpointFailing = defineEvent({
  type: 'OutboundEndpointFailing',
  context: 'integrations',
  summary: 'An endpoint refused or missed a delivery after succeeding (or since it was added)',
  schema: z.object({ endpointId: z.string(), since: z.string().datetime({ offset: true }) }),
});

export const OutboundEndpointRecovered = defineEvent({
  type: 'OutboundEndpointRecovered',
  context: 'integrations',
  summary: 'A failing endpoint accepted a delivery again',
  schema: z.object({ endpointId: z.string(), at: z.string().datetime({ offset: true }) }),
});

export const OutboundEndpointDisabled = defineEvent({
  type: 'OutboundEndpointDisabled',
  context: 'integrations',
  summary: 'An outbound endpoint was switched off, by a person or for failing five days in a row',
  schema: z.object({
    endpointId: z.string(),
    reason: z.string(),
    automatic: z.boolean(),
    /**
     * Who is to be told (the owner), when the platform disabled it. For now the console shows this
     * event on the endpoint; sending it by email or to the notification centre is separate work.
     */
    notify: z.object({ id: z.string(), email: z.string().optional() }).optional(),
  }),
});

export const OutboundEndpointEnabled = defineEvent({
  type: 'OutboundEndpointEnabled',
  context: 'integrations',
  summary: 'A disabled outbound endpoint was switched back on',
  schema: z.object({ endpointId: z.string() }),
});

export const OutboundDeliveryCreated = defineEvent({
  type: 'OutboundDeliveryCreated',
  context: 'integrations',
  summary: 'An event matched an endpoint: one delivery, sent at once and retried on failure',
  schema: z.object({
    deliveryId: z.string(),
    endpointId: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    occurredAt: z.string().datetime({ offset: true }),
    /** The event's data as sent on every attempt (event data never holds secrets). */
    data: z.record(z.string(), z.unknown()),
    /** Made by a replay of a time range rather than by the event arriving. */
    replay: z.boolean().optional(),
  }),
});

export const OutboundDeliveryAttempted = defineEvent({
  type: 'OutboundDeliveryAttempted',
  context: 'integrations',
  summary: 'One attempt to send a delivery: the answer, its time, and when the next attempt is due',
  schema: z.object({
    deliveryId: z.string(),
    endpointId: z.string(),
    attempt: z.number().int().min(1),
    at: z.string().datetime({ offset: true }),
    ok: z.boolean(),
    statusCode: z.number().int().optional(),
    latencyMs: z.number().int().min(0),
    /** The first 2 KB of the answer. */
    responseBody: z.string().optional(),
    error: z.string().optional(),
    /** A person asked for this attempt ("retry now") rather than the schedule. */
    manual: z.boolean().optional(),
    nextAttemptAt: z.string().datetime({ offset: true }).optional(),
  }),
});

export const OutboundDeliveryFailed = defineEvent({
  type: 'OutboundDeliveryFailed',
  context: 'integrations',
  summary: 'A delivery ran out of retries (or its endpoint was disabled); a replay can send it again',
  schema: z.object({ deliveryId: z.string(), endpointId: z.string(), reason: z.string() }),
});

export const OutboundDeliveryRequeued = defineEvent({
  type: 'OutboundDeliveryRequeued',
  context: 'integrations',
  summary: 'A failed delivery was queued again under the same id by a replay',
  schema: z.object({
    deliveryId: z.string(),
    endpointId: z.string(),
    at: z.string().datetime({ offset: true }),
  }),
});

/** The event types of this file: never offered for subscription (a delivery of a delivery loops). */
export const OUTBOUND_EVENT_TYPES: readonly string[] = [
  OutboundEndpointCreated,
  OutboundEndpointSecretRotated,
  OutboundEndpointFailing,
  OutboundEndpointRecovered,
  OutboundEndpointDisabled,
  OutboundEndpointEnabled,
  OutboundDeliveryCreated,
  OutboundDeliveryAttempted,
  OutboundDeliveryFailed,
  OutboundDeliveryRequeued,
].map((d) => d.type);
