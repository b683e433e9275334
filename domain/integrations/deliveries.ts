import type { z } from 'zod';
import type { DELIVERY_OUTCOMES, WebhookDeliveryReceived } from '../../events/contexts/integrations.ts';
import { type Decider, type Event, reject } from '../shared/decider.ts';

type Received = z.infer<typeof WebhookDeliveryReceived.schema>;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/**
 * One delivery a third party sent, keyed by its own event id: the stream exists once the delivery was
 * accepted, so a redelivery (the provider retrying) finds it and changes nothing, while the same id with
 * another body is a replay and is refused.
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
      if (!state.exists) return [{ type: 'WebhookDeliveryReceived', data }];
      if (state.bodySha256 !== command.bodySha256)
        return reject(
          'replayed',
          `Event ${command.providerEventId} was already accepted with a different body`,
          409,
        );
      return [];
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

/** A delivery's id: the integration and the provider's own event id, so each is unique per connection. */
export const deliveryIdOf = (integrationId: string, providerEventId: string): string =>
  `${integrationId}.${providerEventId}`;
