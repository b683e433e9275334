import type * as z from 'zod';
import type { DELIVERY_OUTCOMES, WebhookDeliveryReceived } from '../../events/contexts/integrations.ts';
import { type Decider, type Event, reject } from '../shared/decider.ts';

type Received = z.infer<typeof WebhookDeliveryReceived.schema>;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/**
 * One delivery a third party sent, under a time-ordered id its event id's claim points to: receiving it
 * again (processing resumed after a crash) changes nothing.
 */
export type DeliveryState =
  | { exists: false }
  | ({
      exists: true;
      status: 'received' | DeliveryOutcome;
      detail?: string;
      record?: { kind: string; id: string };
    } & Received);

export type DeliveryCommand =
  | ({ type: 'ReceiveDelivery' } & Received)
  | {
      type: 'ProcessDelivery';
      outcome: DeliveryOutcome;
      detail: string;
      record?: { kind: string; id: string };
    };

export type DeliveryEvent = Event<'WebhookDeliveryReceived' | 'WebhookDeliveryProcessed'>;

const decide = (command: DeliveryCommand, state: DeliveryState): DeliveryEvent[] => {
  switch (command.type) {
    case 'ReceiveDelivery': {
      const { type: _, ...data } = command;
      return state.exists ? [] : [{ type: 'WebhookDeliveryReceived', data }];
    }
    case 'ProcessDelivery': {
      if (!state.exists) return reject('delivery-not-found', 'No such delivery', 404);
      if (state.status !== 'received') return [];
      return [
        {
          type: 'WebhookDeliveryProcessed',
          data: {
            deliveryId: state.deliveryId,
            integrationId: state.integrationId,
            outcome: command.outcome,
            detail: command.detail,
            ...(command.record ? { record: command.record } : {}),
          },
        },
      ];
    }
  }
};

const evolve = (state: DeliveryState, event: DeliveryEvent): DeliveryState => {
  if (event.type === 'WebhookDeliveryReceived') return { exists: true, ...event.data, status: 'received' };
  if (!state.exists) return state;
  return {
    ...state,
    status: event.data.outcome,
    detail: event.data.detail,
    ...(event.data.record ? { record: event.data.record } : {}),
  };
};

export const deliveryDecider: Decider<DeliveryCommand, DeliveryState, DeliveryEvent> = {
  initialState: { exists: false },
  decide,
  evolve,
};

/** A claim's id: the integration and the provider's own event id, unique per connection. */
export const claimIdOf = (integrationId: string, providerEventId: string): string =>
  `${integrationId}.${providerEventId}`;

export type ClaimState = { exists: false } | { exists: true; deliveryId: string; bodySha256: string };

export type ClaimCommand = {
  type: 'ClaimDelivery';
  integrationId: string;
  providerEventId: string;
  /** The id the delivery gets if this is the first time the event id is seen. */
  deliveryId: string;
  bodySha256: string;
};

/**
 * The first delivery of a provider event id claims it; the same id again with the same body is a
 * redelivery (the claim's delivery is the one to answer with), with another body a replay.
 */
export const claimDecider: Decider<ClaimCommand, ClaimState, Event<'WebhookDeliveryClaimed'>> = {
  initialState: { exists: false },
  decide: (command, state) => {
    const { type: _, ...data } = command;
    if (!state.exists) return [{ type: 'WebhookDeliveryClaimed', data }];
    if (state.bodySha256 !== command.bodySha256)
      return reject(
        'replayed',
        `Event ${command.providerEventId} was already accepted with a different body`,
        409,
      );
    return [];
  },
  evolve: (_, event) => ({
    exists: true,
    deliveryId: event.data.deliveryId,
    bodySha256: event.data.bodySha256,
  }),
};
