import { ulid } from 'ulid';
import type { IntegrationState } from '../../domain/integrations/integrations.ts';
import { type TemplateId, templateOf } from '../../domain/integrations/templates.ts';
import { DomainError } from '../../domain/shared/decider.ts';
import type { Actor } from '../../events/envelope.ts';
import { hintOf, moveCredential, storeCredential } from '../adapters/credentials.ts';
import { aggregates } from '../application/aggregates.ts';
import { execute, loadRecord } from '../application/command.ts';
import { InvalidInputError, StaleVersionError } from '../errors.ts';
import { config } from '../runtime/config.ts';
import { assertOutboundAllowed } from './outbound-guard.ts';
import { registerWebhookEndpoint } from './payments-api.ts';

export interface ConnectInput {
  template: TemplateId;
  name: string;
  baseUrl?: string;
  apiKey?: string;
  signingSecret?: string;
}

interface Meta {
  actor: Actor;
  correlationId: string;
}

/** The URL a provider delivers this integration's webhooks to. */
export const webhookUrlOf = (integrationId: string) => `${config.publicApiUrl}/webhooks/${integrationId}`;

/** A rotation's overlap: the previous signing secret keeps verifying for a day, as Standard Webhooks does. */
const OVERLAP_MS = 24 * 3600_000;

/** What a template needs is a business rule of the template, not the shape of the request (422). */
const required = (value: string | undefined, what: string): string => {
  if (!value) throw new DomainError('template-input-missing', `This template needs ${what}`, 422);
  return value;
};

/**
 * Connects a third party from a template: checks the input the template needs, registers the
 * platform's webhook endpoint with the provider where the provider gives the signing secret (Stripe),
 * stores each credential sealed, and only then records the connection, so a recorded integration
 * always has its credentials.
 */
export const connectIntegration = async (input: ConnectInput, meta: Meta) => {
  const template = templateOf(input.template);
  const integrationId = ulid();
  const credentials: Record<string, string> = {};
  let providerEndpointId: string | undefined;
  let baseUrl: string | undefined;
  if (template.needsBaseUrl) {
    baseUrl = (await assertOutboundAllowed(required(input.baseUrl, 'the provider API base URL'))).toString();
  }
  for (const field of template.credentials) {
    if (field.source !== 'entered') continue;
    credentials[field.name] = required(input[field.name], `the ${field.label.toLowerCase()}`);
  }
  if (template.scheme === 'stripe') {
    const endpoint = await registerWebhookEndpoint(
      baseUrl!,
      credentials.apiKey!,
      webhookUrlOf(integrationId),
      template.eventTypes,
    );
    if (!endpoint.secret) throw new InvalidInputError('The provider did not return a signing secret');
    credentials.signingSecret = endpoint.secret;
    providerEndpointId = endpoint.id;
  }
  for (const [slot, secret] of Object.entries(credentials))
    await storeCredential(integrationId, slot, secret);
  const result = await execute(
    aggregates.integration.decider,
    aggregates.integration.stream(integrationId),
    {
      type: 'ConnectIntegration',
      integrationId,
      template: template.id,
      name: input.name,
      ...(baseUrl ? { baseUrl } : {}),
      credentials: Object.fromEntries(Object.entries(credentials).map(([k, v]) => [k, hintOf(v)])),
      ...(providerEndpointId ? { providerEndpointId } : {}),
    },
    meta,
  );
  return { integrationId, result };
};

/**
 * Replaces credentials the person gives. A new signing secret moves the current one to the previous
 * slot, where it keeps verifying deliveries for a day, so a provider mid-roll is not refused.
 */
export const rotateCredentials = async (
  integrationId: string,
  input: { apiKey?: string; signingSecret?: string },
  meta: Meta & { expectedVersion: number },
  now: Date,
) => {
  const loaded = await loadRecord(aggregates.integration, integrationId);
  const integration = loaded.state as IntegrationState;
  if (!integration.exists) throw new InvalidInputError('No such integration');
  // Checked before anything is stored: a stale rotation must not replace the secrets and then fail.
  if (loaded.version !== meta.expectedVersion) throw new StaleVersionError(loaded.version);
  const given = Object.entries(input).filter(([, v]) => v) as [string, string][];
  // Business rules, not malformed requests: the body is well formed, the template decides what it takes.
  if (given.length === 0) throw new DomainError('no-credentials', 'Give at least one credential to replace');
  const template = templateOf(integration.template);
  for (const [name] of given)
    if (!template.credentials.some((f) => f.name === name && f.source === 'entered'))
      throw new DomainError('credential-not-taken', `${template.name} does not take a ${name} from you`);
  if (input.signingSecret) await moveCredential(integrationId, 'signingSecret', 'signingSecret#previous');
  for (const [slot, secret] of given) await storeCredential(integrationId, slot, secret);
  return execute(
    aggregates.integration.decider,
    aggregates.integration.stream(integrationId),
    {
      type: 'RotateCredentials',
      credentials: Object.fromEntries(given.map(([k, v]) => [k, hintOf(v)])),
      previousAcceptedUntil: new Date(now.getTime() + (input.signingSecret ? OVERLAP_MS : 0)).toISOString(),
    },
    meta,
  );
};
