import type { INTEGRATION_TEMPLATES } from '../../events/contexts/integrations.ts';

export type TemplateId = (typeof INTEGRATION_TEMPLATES)[number];

/** How a provider signs what it sends: Stripe's own scheme, or Standard Webhooks (Svix and others). */
export type SignatureScheme = 'stripe' | 'standard-webhooks';

/** What a template's inbound deliveries become: the business commands they map to. */
/** The event type the connection test sends itself: verified and kept, never mapped. */
export const CONNECTION_TEST_EVENT = 'firefly.connection_test';

export type InboundMapping = 'payments' | 'shipments' | 'leads' | 'none';

export interface CredentialField {
  name: 'apiKey' | 'signingSecret';
  label: string;
  /** Whether the person types it, or the platform obtains it from the provider while connecting. */
  source: 'entered' | 'provider';
  help: string;
}

export interface IntegrationTemplate {
  id: TemplateId;
  name: string;
  provider: string;
  description: string;
  scheme: SignatureScheme;
  inbound: InboundMapping;
  /** The provider's API base URL the platform calls, when it calls one. */
  needsBaseUrl: boolean;
  credentials: CredentialField[];
  /** The provider event types the mapping understands; anything else is kept and shown as ignored. */
  eventTypes: string[];
}

/**
 * The catalogue. Each entry says how the provider signs, which credentials it needs and where they come
 * from, and which of its events the platform turns into business commands.
 */
export const TEMPLATES: readonly IntegrationTemplate[] = [
  {
    id: 'stripe-payments',
    name: 'Stripe payments',
    provider: 'Stripe',
    description:
      'Card payments for orders: the console opens a hosted checkout for the balance or deposit; payments, failures and refunds come back as signed webhooks and land on the order.',
    scheme: 'stripe',
    inbound: 'payments',
    needsBaseUrl: true,
    credentials: [
      {
        name: 'apiKey',
        label: 'Secret API key',
        source: 'entered',
        help: 'The sk_… key from the provider dashboard; used to create checkouts and register the webhook endpoint.',
      },
      {
        name: 'signingSecret',
        label: 'Webhook signing secret',
        source: 'provider',
        help: 'Returned by the provider when the platform registers its webhook endpoint (whsec_…).',
      },
    ],
    eventTypes: ['payment_intent.succeeded', 'payment_intent.payment_failed', 'charge.refunded'],
  },
  {
    id: 'carrier-tracking',
    name: 'Carrier tracking updates',
    provider: 'Shipping carrier',
    description:
      "A carrier's tracking updates (dispatched, delivered, exception) signed per Standard Webhooks, applied to the shipment.",
    scheme: 'standard-webhooks',
    inbound: 'shipments',
    needsBaseUrl: false,
    credentials: [
      {
        name: 'signingSecret',
        label: 'Signing secret',
        source: 'entered',
        help: 'The whsec_… secret the carrier shows when you add the webhook URL there.',
      },
    ],
    eventTypes: ['shipment.dispatched', 'shipment.delivered', 'shipment.exception'],
  },
  {
    id: 'lead-forms',
    name: 'Marketing lead forms',
    provider: 'Forms provider',
    description: 'Form submissions from landing pages become captured leads with their channel and campaign.',
    scheme: 'standard-webhooks',
    inbound: 'leads',
    needsBaseUrl: false,
    credentials: [
      {
        name: 'signingSecret',
        label: 'Signing secret',
        source: 'entered',
        help: 'The whsec_… secret the forms provider shows when you add the webhook URL there.',
      },
    ],
    eventTypes: ['lead.submitted'],
  },
  {
    id: 'standard-webhooks',
    name: 'Generic Standard Webhooks',
    provider: 'Any Standard Webhooks sender',
    description:
      'Any service that signs per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature): deliveries are verified and kept, not mapped.',
    scheme: 'standard-webhooks',
    inbound: 'none',
    needsBaseUrl: false,
    credentials: [
      {
        name: 'signingSecret',
        label: 'Signing secret',
        source: 'entered',
        help: 'The whsec_… secret the sender shows when you add the webhook URL there.',
      },
    ],
    eventTypes: [],
  },
];

const byId = new Map(TEMPLATES.map((t) => [t.id, t]));

export const templateOf = (id: TemplateId): IntegrationTemplate => {
  const template = byId.get(id);
  if (!template) throw new Error(`No integration template ${id}`);
  return template;
};
