import * as z from 'zod';
import { INTEGRATION_ACTIONS, type IntegrationAction } from '../../../domain/integrations/integrations.ts';
import { CHECKS, DELIVERY_OUTCOMES, INTEGRATION_TEMPLATES } from '../../../events/contexts/integrations.ts';
import { aggregates } from '../../application/aggregates.ts';
import type { RouteContract } from '../../http/route.ts';
import { defineRoute } from '../../http/route.ts';
import {
  actionsOf,
  Cents,
  EventHistory,
  HttpUrl,
  Id,
  IdParams,
  Meta,
  Name,
  PageQuery,
  page,
} from '../schemas.ts';

const tag = 'Integrations';

export const TemplateId = z.enum(INTEGRATION_TEMPLATES).meta({ id: 'IntegrationTemplateId' });
const Secret = z.string().trim().min(8).max(512);

export const IntegrationTemplate = z
  .object({
    id: TemplateId,
    name: z.string(),
    provider: z.string(),
    description: z.string(),
    scheme: z.enum(['stripe', 'standard-webhooks']),
    inbound: z.enum(['payments', 'shipments', 'leads', 'none']),
    needsBaseUrl: z.boolean(),
    credentials: z.array(
      z.object({
        name: z.enum(['apiKey', 'signingSecret']),
        label: z.string(),
        source: z.enum(['entered', 'provider']),
        help: z.string(),
      }),
    ),
    eventTypes: z.array(z.string()),
  })
  .meta({ id: 'IntegrationTemplate' });

export const Hint = z
  .object({
    fingerprint: z.string().meta({ description: "First 16 hex digits of the secret's SHA-256" }),
    last4: z.string(),
  })
  .meta({ id: 'SecretHint', description: 'How a stored secret is shown: never the secret itself' });

const Check = z
  .object({
    check: z.enum(CHECKS),
    outcome: z.enum(['passed', 'failed', 'skipped']),
    ms: z.number().int().min(0),
    detail: z.string(),
  })
  .meta({ id: 'ConnectionCheck' });

export const IntegrationStatus = z.enum(['active', 'disabled']).meta({ id: 'IntegrationStatus' });

export const Integration = z
  .object({
    id: Id,
    template: TemplateId,
    name: z.string(),
    baseUrl: z.string().optional(),
    credentials: z.record(z.string(), Hint),
    providerEndpointId: z.string().optional(),
    status: IntegrationStatus,
    disabledReason: z.string().optional(),
    previousAcceptedUntil: z.string().optional(),
    lastTest: z
      .object({ at: z.string(), passed: z.number().int(), failed: z.number().int(), checks: z.array(Check) })
      .optional(),
    alert: z
      .object({ since: z.string(), reason: z.string() })
      .optional()
      .meta({ description: 'Raised while scheduled health checks fail (3 of the last 5 runs)' }),
    webhookUrl: z.string().meta({ description: 'Where the provider delivers this integration’s webhooks' }),
    actions: actionsOf(INTEGRATION_ACTIONS, 'IntegrationAction'),
    ...Meta,
  })
  .meta({ id: 'Integration' });

export const Delivery = z
  .object({
    id: z.string(),
    integrationId: Id,
    providerEventId: z.string(),
    eventType: z.string(),
    bodySha256: z.string(),
    bodyKey: z.string().meta({ description: 'Where the body is kept as received (S3 key)' }),
    bytes: z.number().int().min(0),
    receivedAt: z.string(),
    verifiedWith: z.enum(['current', 'previous']),
    status: z.enum(['received', ...DELIVERY_OUTCOMES]),
    detail: z.string().optional(),
    record: z.object({ kind: z.string(), id: z.string() }).optional(),
    actions: z.array(z.string()).max(0).meta({ description: 'Always empty: a delivery is a fact' }),
    ...Meta,
  })
  .meta({ id: 'WebhookDelivery' });

export const listTemplates = defineRoute({
  method: 'GET',
  path: '/api/integration-templates',
  permission: 'integrations:read',
  summary: 'The catalogue of integration templates: what each connects, how it signs, what it needs',
  tag,
  response: z.object({ items: z.array(IntegrationTemplate) }).meta({ id: 'IntegrationTemplates' }),
});

export const listIntegrations = defineRoute({
  method: 'GET',
  path: '/api/integrations',
  permission: aggregates.integration.read,
  summary: 'List connected integrations, optionally by template or status',
  tag,
  query: PageQuery.extend({ template: TemplateId.optional(), status: IntegrationStatus.optional() }).strict(),
  response: page(Integration, 'IntegrationPage'),
});

export const connectIntegration = defineRoute({
  method: 'POST',
  path: '/api/integrations',
  permission: 'integrations:manage',
  summary:
    'Connect a third party from a template; credentials are stored encrypted and never returned (only a fingerprint and the last four characters)',
  tag,
  status: 201,
  body: z
    .object({
      template: TemplateId,
      name: Name,
      baseUrl: HttpUrl(512).optional().meta({ description: "The provider's API base URL" }),
      apiKey: Secret.optional(),
      signingSecret: Secret.optional(),
    })
    .strict()
    .meta({ id: 'ConnectIntegration' }),
  response: Integration,
  problems: [502],
});

export const getIntegration = defineRoute({
  method: 'GET',
  path: '/api/integrations/{id}',
  permission: aggregates.integration.read,
  summary: 'Read an integration with its masked credentials and its last connection test',
  tag,
  params: IdParams,
  response: Integration,
});

export const integrationEvents = defineRoute({
  method: 'GET',
  path: '/api/integrations/{id}/events',
  permission: 'events:read',
  summary: "An integration's full event history",
  tag,
  params: IdParams,
  response: EventHistory,
});

export const testIntegration = defineRoute({
  method: 'POST',
  path: '/api/integrations/{id}/test',
  permission: 'integrations:manage',
  summary:
    'Run the connection test: reachable, TLS, credential accepted, permissions, and a signed webhook round trip; each check with its result and time',
  tag,
  params: IdParams,
  response: Integration,
});

export const rotateCredentials = defineRoute({
  method: 'POST',
  path: '/api/integrations/{id}/credentials',
  permission: 'integrations:manage',
  summary: 'Replace credentials; a replaced signing secret keeps verifying deliveries for 24 hours',
  tag,
  params: IdParams,
  ifMatch: true,
  body: z
    .object({ apiKey: Secret.optional(), signingSecret: Secret.optional() })
    .strict()
    .meta({ id: 'RotateCredentials' }),
  response: Integration,
});

export const disableIntegration = defineRoute({
  method: 'POST',
  path: '/api/integrations/{id}/disable',
  permission: 'integrations:manage',
  summary: 'Switch an integration off: its webhook URL refuses deliveries (410)',
  tag,
  params: IdParams,
  ifMatch: true,
  body: z
    .object({ reason: z.string().trim().min(1).max(500) })
    .strict()
    .meta({ id: 'DisableIntegration' }),
  response: Integration,
});

export const enableIntegration = defineRoute({
  method: 'POST',
  path: '/api/integrations/{id}/enable',
  permission: 'integrations:manage',
  summary: 'Switch a disabled integration back on',
  tag,
  params: IdParams,
  ifMatch: true,
  response: Integration,
});

export const listDeliveries = defineRoute({
  method: 'GET',
  path: '/api/integrations/{id}/deliveries',
  permission: 'integrations:read',
  summary: "An integration's inbound deliveries, newest first, with what each became",
  tag,
  params: IdParams,
  query: PageQuery.extend({ status: z.enum(['received', ...DELIVERY_OUTCOMES]).optional() }).strict(),
  response: page(Delivery, 'WebhookDeliveryPage'),
});

const Counts = {
  received: z.number().int().min(0),
  applied: z.number().int().min(0),
  ignored: z.number().int().min(0),
  refused: z.number().int().min(0),
  rejected: z
    .number()
    .int()
    .min(0)
    .meta({ description: 'Refused before acceptance: bad or stale signature, replay' }),
};

export const SyncStatus = z.enum(['healthy', 'degraded', 'failing', 'disabled']).meta({ id: 'SyncStatus' });

/** The window a sync view covers. */
export const SyncWindow = z
  .object({
    hours: z.coerce
      .number()
      .int()
      .min(1)
      .max(168)
      .default(24)
      .meta({ description: 'The window, 1 to 168 hours' }),
  })
  .strict();

export const IntegrationSync = z
  .object({
    integrationId: Id,
    status: SyncStatus,
    reasons: z
      .array(z.string())
      .meta({ description: 'Why it is not healthy, worst first; empty when healthy' }),
    stats: z.object({
      from: z.string(),
      to: z.string(),
      hours: z.array(z.object({ hour: z.string(), ...Counts })),
      totals: z.object(Counts),
      errorRate: z.number().min(0).max(1),
      stuck: z.number().int().min(0),
      lagMs: z
        .object({ p50: z.number(), p95: z.number(), max: z.number() })
        .optional()
        .meta({ description: 'From receipt to outcome' }),
      errors: z.array(z.object({ reason: z.string(), count: z.number().int().min(1) })),
      lastDeliveryAt: z.string().optional(),
      lastSuccessAt: z.string().optional(),
    }),
    capped: z.boolean().meta({ description: 'More deliveries than counted: the figures are a lower bound' }),
    checks: z.object({
      rule: z.object({
        fire: z.object({ failed: z.number().int(), of: z.number().int() }),
        clear: z.object({ passed: z.number().int(), of: z.number().int() }),
      }),
      runs: z.array(z.object({ at: z.string(), failed: z.array(z.string()) })),
      alert: z.object({ since: z.string(), reason: z.string() }).optional(),
    }),
  })
  .meta({ id: 'IntegrationSync' });

export const integrationSync = defineRoute({
  method: 'GET',
  path: '/api/integrations/{id}/sync',
  permission: 'integrations:read',
  summary:
    "An integration's sync: healthy, degraded, failing or disabled and why, deliveries per hour, error rate and reasons, lag, scheduled checks and their alert",
  tag,
  params: IdParams,
  query: SyncWindow,
  response: IntegrationSync,
});

export const startCheckout = defineRoute({
  method: 'POST',
  path: '/api/integrations/{id}/checkouts',
  permission: 'payments:write',
  summary:
    "Open a card checkout at the payments provider for an order's balance (or a part of it); the payment lands on the order when the provider's webhook arrives",
  tag,
  status: 201,
  params: IdParams,
  body: z
    .object({
      orderId: Id,
      amountCents: Cents.min(1, 'The amount must be positive').optional(),
      returnUrl: z
        .string()
        .max(2048)
        .regex(
          /^(https:\/\/[^\s/?#]+|http:\/\/(localhost|127\.0\.0\.1)(:\d+)?)(\/[^\s]*)?$/,
          'Use an https URL (plain http only for this machine)',
        )
        .optional()
        .meta({
          description: "Where the provider's page links back to after paying; the console sends its own page",
        }),
    })
    .strict()
    .meta({ id: 'StartCheckout' }),
  response: z.object({ sessionId: z.string(), url: z.string(), amountCents: Cents }).meta({ id: 'Checkout' }),
  problems: [502],
});

export const integrationRoutes = [
  listTemplates,
  listIntegrations,
  connectIntegration,
  getIntegration,
  integrationEvents,
  testIntegration,
  rotateCredentials,
  disableIntegration,
  enableIntegration,
  listDeliveries,
  integrationSync,
  startCheckout,
];

export const integrationActionRoutes = {
  test: testIntegration,
  'rotate-credentials': rotateCredentials,
  disable: disableIntegration,
  enable: enableIntegration,
} satisfies Record<IntegrationAction, RouteContract>;
