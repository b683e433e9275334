import * as z from 'zod';
import { defineEvent } from '../define.ts';

/**
 * The integration hub: connections to third parties made from a template, and the deliveries they send
 * in. Streams: `integration-<id>` (the connection), `webhookclaim-<integrationId>.<providerEventId>`
 * (the provider's event id, claimed once) and `webhookdelivery-<integrationId>.<ulid>` (the delivery,
 * time-ordered so its integration's log lists newest first).
 * Secrets never appear here: only a fingerprint and their last four characters.
 */

export const INTEGRATION_TEMPLATES = [
  'stripe-payments',
  'carrier-tracking',
  'lead-forms',
  'standard-webhooks',
] as const;

/** How a secret is shown: enough to recognise it, never enough to use it. */
export const SecretHint = z.object({
  /** The first 16 hex digits of the secret's SHA-256. */
  fingerprint: z.string(),
  last4: z.string(),
});

export const IntegrationConnected = defineEvent({
  type: 'IntegrationConnected',
  context: 'integrations',
  summary: 'Someone connected a third party from a template; its credentials are stored encrypted',
  schema: z.object({
    integrationId: z.string(),
    template: z.enum(INTEGRATION_TEMPLATES),
    name: z.string(),
    /** The provider's API base URL the platform calls (checkouts, connection tests). */
    baseUrl: z.string().optional(),
    /** Hints of the stored credentials by name (apiKey, signingSecret). */
    credentials: z.record(z.string(), SecretHint),
    /** The provider's id of the webhook endpoint it registered for this connection, if any. */
    providerEndpointId: z.string().optional(),
  }),
});

export const IntegrationCredentialsRotated = defineEvent({
  type: 'IntegrationCredentialsRotated',
  context: 'integrations',
  summary:
    "An integration's credentials were replaced; the previous signing secret is still accepted for a while",
  schema: z.object({
    integrationId: z.string(),
    credentials: z.record(z.string(), SecretHint),
    previousAcceptedUntil: z.string().datetime({ offset: true }),
  }),
});

export const CHECKS = ['reachable', 'tls', 'credential', 'permissions', 'webhook-round-trip'] as const;

const CheckResults = z.array(
  z.object({
    check: z.enum(CHECKS),
    outcome: z.enum(['passed', 'failed', 'skipped']),
    ms: z.number().int().min(0),
    detail: z.string(),
  }),
);

export const IntegrationTested = defineEvent({
  type: 'IntegrationTested',
  context: 'integrations',
  summary: 'A connection test ran each check of an integration and recorded each result',
  schema: z.object({
    integrationId: z.string(),
    at: z.string().datetime({ offset: true }),
    checks: CheckResults,
  }),
});

/**
 * The scheduled health check of an integration: the checks that call the provider (the round trip is
 * left to people's tests, as it writes a delivery each time). Kept on a stream per integration and UTC
 * day, so no stream grows without end.
 */
export const IntegrationChecked = defineEvent({
  type: 'IntegrationChecked',
  context: 'integrations',
  summary: "The scheduled health check called an integration's provider and recorded each result",
  schema: z.object({
    integrationId: z.string(),
    at: z.string().datetime({ offset: true }),
    checks: CheckResults,
  }),
});

/** The alert rule of scheduled checks: fire when `failed` of the last `of` runs failed. */
export const IntegrationAlertRaised = defineEvent({
  type: 'IntegrationAlertRaised',
  context: 'integrations',
  summary: 'Scheduled health checks of an integration failed often enough to raise its alert',
  schema: z.object({
    integrationId: z.string(),
    name: z.string(),
    at: z.string().datetime({ offset: true }),
    reason: z.string(),
    failed: z.number().int().min(0),
    of: z.number().int().min(1),
  }),
});

export const IntegrationAlertCleared = defineEvent({
  type: 'IntegrationAlertCleared',
  context: 'integrations',
  summary: "An integration's scheduled health checks passed often enough to clear its alert",
  schema: z.object({
    integrationId: z.string(),
    name: z.string(),
    at: z.string().datetime({ offset: true }),
    passed: z.number().int().min(0),
    of: z.number().int().min(1),
  }),
});

export const IntegrationDisabled = defineEvent({
  type: 'IntegrationDisabled',
  context: 'integrations',
  summary: 'An integration was switched off: its webhook route refuses deliveries',
  schema: z.object({ integrationId: z.string(), reason: z.string() }),
});

export const IntegrationEnabled = defineEvent({
  type: 'IntegrationEnabled',
  context: 'integrations',
  summary: 'A disabled integration was switched back on',
  schema: z.object({ integrationId: z.string() }),
});

export const DELIVERY_OUTCOMES = ['applied', 'ignored', 'refused'] as const;

/**
 * A provider's event id seen for the first time on an integration (stream
 * `webhookclaim-<integrationId>.<providerEventId>`): the claim makes a redelivery find its delivery, and
 * a replay with another body be refused, while the delivery itself has a time-ordered id.
 */
export const WebhookDeliveryClaimed = defineEvent({
  type: 'WebhookDeliveryClaimed',
  context: 'integrations',
  summary: "A provider's event id was claimed for one delivery",
  schema: z.object({
    integrationId: z.string(),
    providerEventId: z.string(),
    deliveryId: z.string(),
    bodySha256: z.string(),
  }),
});

export const WebhookDeliveryReceived = defineEvent({
  type: 'WebhookDeliveryReceived',
  context: 'integrations',
  summary: 'A third party delivered a webhook whose signature verified; its raw body is kept in S3',
  schema: z.object({
    deliveryId: z.string(),
    integrationId: z.string(),
    providerEventId: z.string(),
    eventType: z.string(),
    /** SHA-256 of the raw body: a redelivery with another body under the same id is a replay. */
    bodySha256: z.string(),
    bodyKey: z.string(),
    bytes: z.number().int().min(0),
    receivedAt: z.string().datetime({ offset: true }),
    /** Which secret verified it: the current one, or the previous one during a rotation. */
    verifiedWith: z.enum(['current', 'previous']),
  }),
});

export const WebhookDeliveryProcessed = defineEvent({
  type: 'WebhookDeliveryProcessed',
  context: 'integrations',
  summary: 'A received webhook was mapped to a business command (applied), or kept without one and why',
  schema: z.object({
    deliveryId: z.string(),
    integrationId: z.string(),
    outcome: z.enum(DELIVERY_OUTCOMES),
    detail: z.string(),
    /** The record the command changed, when one did. */
    record: z.object({ kind: z.string(), id: z.string() }).optional(),
  }),
});

/** Every use of a stored secret in clear: for the audit log (who or what decrypted which secret, why). */
export const CredentialDecrypted = defineEvent({
  type: 'CredentialDecrypted',
  context: 'integrations',
  summary: "An integration's (or outbound endpoint's) stored credential was decrypted for use",
  schema: z.object({
    /** The integration, or the outbound endpoint, whose credential it was. */
    integrationId: z.string(),
    credential: z.string(),
    /**
     * sign-webhook: signing an outbound delivery; reveal: shown to a person on request; re-encrypt:
     * re-sealed under the current key after a key rotation.
     */
    purpose: z.enum([
      'verify-webhook',
      'call-provider',
      'connection-test',
      'sign-webhook',
      'reveal',
      're-encrypt',
    ]),
  }),
});
