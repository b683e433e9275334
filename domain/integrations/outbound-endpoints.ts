import type * as z from 'zod';
import { eventCatalog } from '../../events/catalog.ts';
import type { SecretHint } from '../../events/contexts/integrations.ts';
import {
  OUTBOUND_EVENT_TYPES,
  type OUTBOUND_FORMATS,
  type OutboundFilters,
} from '../../events/contexts/outbound.ts';
import { availableBy, type Decider, type Event, type Probes, reject } from '../shared/decider.ts';

type Hint = z.infer<typeof SecretHint>;
export type OutboundFormat = (typeof OUTBOUND_FORMATS)[number];
export type Filters = z.infer<typeof OutboundFilters>;

/** An endpoint failing this long without one success is disabled and its owner told. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 3600_000;

export type EndpointState =
  | { exists: false }
  | {
      exists: true;
      endpointId: string;
      url: string;
      description: string;
      eventTypes: string[];
      filters: Filters;
      format: OutboundFormat;
      owner: { id: string; email?: string };
      secret: Hint;
      /** Until when the secret before the last rotation still signs deliveries beside the current one. */
      previousSignsUntil?: string;
      status: 'active' | 'disabled';
      disabledReason?: string;
      /** Since when every attempt has failed; absent while the endpoint is healthy. */
      failingSince?: string;
    };

export type EndpointCommand =
  | {
      type: 'CreateEndpoint';
      endpointId: string;
      url: string;
      description: string;
      eventTypes: string[];
      filters: Filters;
      format: OutboundFormat;
      owner: { id: string; email?: string };
      secret: Hint;
    }
  | { type: 'RotateEndpointSecret'; secret: Hint; previousSignsUntil: string }
  | { type: 'DisableEndpoint'; reason: string }
  | { type: 'EnableEndpoint' }
  /** What an attempt to deliver to it came to: keeps its health, and disables it after 5 days failing. */
  | { type: 'RecordEndpointOutcome'; ok: boolean; at: string };

export type EndpointEvent = Event<
  | 'OutboundEndpointCreated'
  | 'OutboundEndpointSecretRotated'
  | 'OutboundEndpointFailing'
  | 'OutboundEndpointRecovered'
  | 'OutboundEndpointDisabled'
  | 'OutboundEndpointEnabled'
>;

const existing = (state: EndpointState) =>
  state.exists ? state : reject('endpoint-not-found', 'No such endpoint', 404);

const days = (ms: number) => Math.round(ms / 86_400_000);

/** The health events one attempt's outcome brings: failing, recovered, or disabled after 5 days failing. */
const outcome = (
  endpoint: Extract<EndpointState, { exists: true }>,
  ok: boolean,
  at: string,
): EndpointEvent[] => {
  const { endpointId } = endpoint;
  if (ok)
    return endpoint.failingSince ? [{ type: 'OutboundEndpointRecovered', data: { endpointId, at } }] : [];
  if (!endpoint.failingSince) return [{ type: 'OutboundEndpointFailing', data: { endpointId, since: at } }];
  const failingFor = Date.parse(at) - Date.parse(endpoint.failingSince);
  if (endpoint.status === 'disabled' || failingFor < DISABLE_AFTER_FAILING_MS) return [];
  return [
    {
      type: 'OutboundEndpointDisabled',
      data: {
        endpointId,
        reason: `Every delivery has failed for ${days(failingFor)} days (since ${endpoint.failingSince})`,
        automatic: true,
        notify: endpoint.owner,
      },
    },
  ];
};

const decide = (command: EndpointCommand, state: EndpointState): EndpointEvent[] => {
  switch (command.type) {
    case 'CreateEndpoint': {
      if (state.exists) return reject('endpoint-exists', 'This endpoint already exists', 409);
      if (command.eventTypes.length === 0)
        return reject('no-event-types', 'Subscribe the endpoint to at least one event type');
      const { type: _, ...data } = command;
      return [{ type: 'OutboundEndpointCreated', data }];
    }
    case 'RotateEndpointSecret': {
      const endpoint = existing(state);
      return [
        {
          type: 'OutboundEndpointSecretRotated',
          data: {
            endpointId: endpoint.endpointId,
            secret: command.secret,
            previousSignsUntil: command.previousSignsUntil,
          },
        },
      ];
    }
    case 'DisableEndpoint': {
      const endpoint = existing(state);
      if (endpoint.status === 'disabled')
        return reject('endpoint-disabled', 'The endpoint is already disabled', 409);
      return [
        {
          type: 'OutboundEndpointDisabled',
          data: { endpointId: endpoint.endpointId, reason: command.reason, automatic: false },
        },
      ];
    }
    case 'EnableEndpoint': {
      const endpoint = existing(state);
      if (endpoint.status === 'active')
        return reject('endpoint-active', 'The endpoint is already enabled', 409);
      return [{ type: 'OutboundEndpointEnabled', data: { endpointId: endpoint.endpointId } }];
    }
    case 'RecordEndpointOutcome':
      return outcome(existing(state), command.ok, command.at);
  }
};

const evolve = (state: EndpointState, event: EndpointEvent): EndpointState => {
  if (event.type === 'OutboundEndpointCreated') return { exists: true, ...event.data, status: 'active' };
  if (!state.exists) return state;
  switch (event.type) {
    case 'OutboundEndpointSecretRotated':
      return { ...state, secret: event.data.secret, previousSignsUntil: event.data.previousSignsUntil };
    case 'OutboundEndpointFailing':
      return { ...state, failingSince: event.data.since };
    case 'OutboundEndpointRecovered': {
      const { failingSince: _, ...rest } = state;
      return rest;
    }
    case 'OutboundEndpointDisabled':
      return { ...state, status: 'disabled', disabledReason: event.data.reason };
    case 'OutboundEndpointEnabled': {
      // A fresh start: five more days before failures disable it again.
      const { disabledReason: _, failingSince: __, ...rest } = state;
      return { ...rest, status: 'active' };
    }
  }
};

export const endpointDecider: Decider<EndpointCommand, EndpointState, EndpointEvent> = {
  initialState: { exists: false },
  decide,
  evolve,
};

export const ENDPOINT_ACTIONS = ['rotate-secret', 'disable', 'enable', 'replay'] as const;
export type EndpointAction = (typeof ENDPOINT_ACTIONS)[number];

const probes: Probes<EndpointCommand, EndpointState, EndpointAction> = {
  'rotate-secret': () => ({
    type: 'RotateEndpointSecret',
    secret: { fingerprint: '', last4: '' },
    previousSignsUntil: '',
  }),
  disable: () => ({ type: 'DisableEndpoint', reason: 'probe' }),
  enable: () => ({ type: 'EnableEndpoint' }),
  // A replay sends to an active endpoint only: the same rule as enabling's opposite.
  replay: (state) =>
    state.exists && state.status === 'active' ? { type: 'DisableEndpoint', reason: 'probe' } : undefined,
};

export const availableEndpointActions = availableBy(endpointDecider, ENDPOINT_ACTIONS, probes);

/** Whether the secret before the last rotation still signs deliveries at `now`. */
export const previousSecretSigns = (state: Extract<EndpointState, { exists: true }>, now: Date): boolean =>
  state.previousSignsUntil !== undefined && now.getTime() < Date.parse(state.previousSignsUntil);

/** Whether an event is for this endpoint: one of its types, and every filter equal to the data's field. */
export const endpointWants = (
  endpoint: Pick<Extract<EndpointState, { exists: true }>, 'eventTypes' | 'filters' | 'status'>,
  event: { type: string; data: Record<string, unknown> },
): boolean =>
  endpoint.status === 'active' &&
  endpoint.eventTypes.includes(event.type) &&
  Object.entries(endpoint.filters).every(([field, value]) => event.data[field] === value);

/**
 * The event types an endpoint may subscribe to: the whole catalog but the outbound webhooks' own
 * events and credential decryptions, which sending itself causes (a subscription to them would loop).
 */
export const subscribableEventTypes = (): { type: string; summary: string; context: string }[] =>
  [...eventCatalog.values()]
    .filter((d) => !OUTBOUND_EVENT_TYPES.includes(d.type) && d.type !== 'CredentialDecrypted')
    .map((d) => ({ type: d.type, summary: d.summary, context: d.context }));
