import { ulid } from 'ulid';
import {
  type EndpointState,
  type Filters,
  type OutboundFormat,
  previousSecretSigns,
  subscribableEventTypes,
} from '../../../domain/integrations/outbound-endpoints.ts';
import type { Actor } from '../../../events/envelope.ts';
import { hintOf, moveCredential, newSigningSecret, storeCredential } from '../../adapters/credentials.ts';
import { aggregates } from '../../application/aggregates.ts';
import { execute, loadRecord } from '../../application/command.ts';
import { InvalidInputError, StaleVersionError } from '../../errors.ts';
import { assertOutboundAllowed } from '../outbound-guard.ts';
import { openCredential, type SecretOwner } from '../secrets.ts';

export type Endpoint = Extract<EndpointState, { exists: true }>;

interface Meta {
  actor: Actor;
  correlationId: string;
}

export interface EndpointInput {
  url: string;
  description: string;
  eventTypes: string[];
  filters: Filters;
  format: OutboundFormat;
}

/** The old secret keeps signing beside the new one for a day, as Standard Webhooks recommends. */
const OVERLAP_MS = 24 * 3600_000;
const SLOT = 'signingSecret';
const PREVIOUS_SLOT = 'signingSecret#previous';

/** Credentials are stored per owner id and slot: an endpoint's id stands where an integration's would. */
const ownerOf = (endpoint: Pick<Endpoint, 'endpointId' | 'secret'>): SecretOwner => ({
  integrationId: endpoint.endpointId,
  credentials: { [SLOT]: endpoint.secret },
});

const checkTypes = (eventTypes: string[]) => {
  const known = new Set(subscribableEventTypes().map((t) => t.type));
  const unknown = eventTypes.filter((t) => !known.has(t));
  if (unknown.length)
    throw new InvalidInputError(`Not event types an endpoint can subscribe to: ${unknown.join(', ')}`);
};

/**
 * Adds an endpoint: checks its URL against the outbound guard and its event types against the catalog,
 * generates its signing secret and stores it sealed before recording the endpoint, and returns the
 * secret this once (the receiver needs it to verify).
 */
export const createEndpoint = async (input: EndpointInput, meta: Meta) => {
  checkTypes(input.eventTypes);
  const url = (await assertOutboundAllowed(input.url)).toString();
  const endpointId = ulid();
  const secret = newSigningSecret();
  await storeCredential(endpointId, SLOT, secret);
  const result = await execute(
    aggregates.outboundEndpoint.decider,
    aggregates.outboundEndpoint.stream(endpointId),
    {
      type: 'CreateEndpoint',
      endpointId,
      url,
      description: input.description,
      eventTypes: [...new Set(input.eventTypes)],
      filters: input.filters,
      format: input.format,
      owner: { id: meta.actor.id, ...(meta.actor.email ? { email: meta.actor.email } : {}) },
      secret: hintOf(secret),
    },
    meta,
  );
  return { endpointId, result, secret };
};

/** A new secret, shown once; the previous one keeps signing beside it for 24 hours. */
export const rotateEndpointSecret = async (
  endpointId: string,
  meta: Meta & { expectedVersion: number },
  now: Date,
) => {
  const loaded = await loadRecord(aggregates.outboundEndpoint, endpointId);
  if (!loaded.state.exists) throw new InvalidInputError('No such endpoint');
  if (loaded.version !== meta.expectedVersion) throw new StaleVersionError(loaded.version);
  const secret = newSigningSecret();
  await moveCredential(endpointId, SLOT, PREVIOUS_SLOT);
  await storeCredential(endpointId, SLOT, secret);
  const result = await execute(
    aggregates.outboundEndpoint.decider,
    aggregates.outboundEndpoint.stream(endpointId),
    {
      type: 'RotateEndpointSecret',
      secret: hintOf(secret),
      previousSignsUntil: new Date(now.getTime() + OVERLAP_MS).toISOString(),
    },
    meta,
  );
  return { result, secret };
};

/** The secret in clear for a person who asked for it: recorded as a CredentialDecrypted event. */
export const revealSecret = async (endpoint: Endpoint, meta: Meta): Promise<string> => {
  const secret = await openCredential(ownerOf(endpoint), SLOT, 'reveal', meta);
  if (!secret) throw new InvalidInputError('The endpoint has no stored secret');
  return secret;
};

/** The secrets deliveries are signed with now: the current one, and the previous during the overlap. */
export const signingSecretsOf = async (endpoint: Endpoint, meta: Meta, now: Date) => {
  const owner = ownerOf(endpoint);
  const current = await openCredential(owner, SLOT, 'sign-webhook', meta);
  if (!current) return undefined;
  const previous = previousSecretSigns(endpoint, now)
    ? await openCredential(owner, PREVIOUS_SLOT, 'sign-webhook', meta)
    : undefined;
  return { current, ...(previous ? { previous } : {}) };
};
