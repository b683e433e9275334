import { type Decider, type Event, reject } from '../shared/decider.ts';

/**
 * Svix's retry schedule after the first failed attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h; a
 * delivery whose eighth attempt fails has failed.
 */
export const RETRY_SCHEDULE_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3600_000,
  5 * 3600_000,
  10 * 3600_000,
  10 * 3600_000,
] as const;
export const MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1;
/** A receiver's Retry-After is honoured between these bounds: no hammering, no parking for weeks. */
export const RETRY_AFTER_BOUNDS_MS = { min: 5_000, max: 24 * 3600_000 } as const;

/**
 * When the attempt after `attempt` (1-based) is due, or undefined when none is left. A receiver's
 * Retry-After (bounded) replaces the schedule's wait; `scale` shortens the schedule (tests only).
 */
export const nextAttemptAt = (
  attempt: number,
  at: Date,
  options: { retryAfterMs?: number; scale?: number } = {},
): Date | undefined => {
  const wait = RETRY_SCHEDULE_MS[attempt - 1];
  if (wait === undefined) return undefined;
  const { min, max } = RETRY_AFTER_BOUNDS_MS;
  const chosen =
    options.retryAfterMs === undefined ? wait : Math.min(max, Math.max(min, options.retryAfterMs));
  return new Date(at.getTime() + Math.round(chosen * (options.scale ?? 1)));
};

export interface Attempt {
  attempt: number;
  at: string;
  ok: boolean;
  statusCode?: number;
  latencyMs: number;
  responseBody?: string;
  error?: string;
  manual?: boolean;
}

export type OutboundDeliveryState =
  | { exists: false }
  | {
      exists: true;
      deliveryId: string;
      endpointId: string;
      eventId: string;
      eventType: string;
      occurredAt: string;
      data: Record<string, unknown>;
      replay?: boolean;
      status: 'pending' | 'delivered' | 'failed';
      attempts: Attempt[];
      /** Scheduled attempts since it was created or requeued: where it is in the retry schedule. */
      scheduled: number;
      nextAttemptAt?: string;
      failedReason?: string;
    };

export type OutboundDeliveryCommand =
  | {
      type: 'CreateOutboundDelivery';
      deliveryId: string;
      endpointId: string;
      eventId: string;
      eventType: string;
      occurredAt: string;
      data: Record<string, unknown>;
      replay?: boolean;
    }
  | ({ type: 'RecordAttempt'; retryAfterMs?: number; scale?: number } & Omit<Attempt, 'attempt'>)
  | { type: 'FailDelivery'; reason: string }
  | { type: 'RequeueDelivery'; at: string };

export type OutboundDeliveryEvent = Event<
  | 'OutboundDeliveryCreated'
  | 'OutboundDeliveryAttempted'
  | 'OutboundDeliveryFailed'
  | 'OutboundDeliveryRequeued'
>;

const existing = (state: OutboundDeliveryState) =>
  state.exists ? state : reject('delivery-not-found', 'No such delivery', 404);

const decide = (command: OutboundDeliveryCommand, state: OutboundDeliveryState): OutboundDeliveryEvent[] => {
  switch (command.type) {
    case 'CreateOutboundDelivery': {
      // One delivery per endpoint and event: the first append wins, a redelivered bus event changes nothing.
      if (state.exists) return [];
      const { type: _, ...data } = command;
      return [{ type: 'OutboundDeliveryCreated', data }];
    }
    case 'RecordAttempt': {
      const delivery = existing(state);
      if (command.manual && delivery.status === 'delivered')
        return reject(
          'delivery-delivered',
          'The delivery already arrived; replay the range to send it again',
          409,
        );
      const attempt = delivery.attempts.length + 1;
      const { type: _, retryAfterMs, scale, ...result } = command;
      // A manual retry leaves the schedule as it was: a failed delivery stays failed, a pending one keeps its due time.
      const next =
        result.ok || delivery.status !== 'pending'
          ? undefined
          : result.manual
            ? delivery.nextAttemptAt
            : nextAttemptAt(delivery.scheduled + 1, new Date(result.at), {
                ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
                ...(scale ? { scale } : {}),
              })?.toISOString();
      const attempted: OutboundDeliveryEvent = {
        type: 'OutboundDeliveryAttempted',
        data: {
          deliveryId: delivery.deliveryId,
          endpointId: delivery.endpointId,
          attempt,
          ...result,
          ...(next ? { nextAttemptAt: next } : {}),
        },
      };
      if (result.ok || next || delivery.status !== 'pending') return [attempted];
      return [
        attempted,
        {
          type: 'OutboundDeliveryFailed',
          data: {
            deliveryId: delivery.deliveryId,
            endpointId: delivery.endpointId,
            reason: `All ${MAX_ATTEMPTS} attempts failed`,
          },
        },
      ];
    }
    case 'FailDelivery': {
      const delivery = existing(state);
      if (delivery.status !== 'pending') return [];
      return [
        {
          type: 'OutboundDeliveryFailed',
          data: { deliveryId: delivery.deliveryId, endpointId: delivery.endpointId, reason: command.reason },
        },
      ];
    }
    case 'RequeueDelivery': {
      const delivery = existing(state);
      if (delivery.status !== 'failed') return [];
      return [
        {
          type: 'OutboundDeliveryRequeued',
          data: { deliveryId: delivery.deliveryId, endpointId: delivery.endpointId, at: command.at },
        },
      ];
    }
  }
};

const evolve = (state: OutboundDeliveryState, event: OutboundDeliveryEvent): OutboundDeliveryState => {
  if (event.type === 'OutboundDeliveryCreated')
    return {
      exists: true,
      ...event.data,
      status: 'pending',
      attempts: [],
      scheduled: 0,
      nextAttemptAt: event.data.occurredAt,
    };
  if (!state.exists) return state;
  switch (event.type) {
    case 'OutboundDeliveryAttempted': {
      const { deliveryId: _, endpointId: __, nextAttemptAt: next, ...attempt } = event.data;
      const { nextAttemptAt: ___, ...rest } = state;
      return {
        ...rest,
        attempts: [...state.attempts, attempt],
        scheduled: state.scheduled + (attempt.manual ? 0 : 1),
        status: attempt.ok ? 'delivered' : state.status,
        ...(next && !attempt.ok ? { nextAttemptAt: next } : {}),
      };
    }
    case 'OutboundDeliveryFailed': {
      const { nextAttemptAt: _, ...rest } = state;
      return { ...rest, status: 'failed', failedReason: event.data.reason };
    }
    case 'OutboundDeliveryRequeued': {
      const { failedReason: _, ...rest } = state;
      // A requeued delivery starts the schedule again from its next attempt.
      return {
        ...rest,
        status: 'pending',
        nextAttemptAt: event.data.at,
        scheduled: 0,
      };
    }
  }
};

export const outboundDeliveryDecider: Decider<
  OutboundDeliveryCommand,
  OutboundDeliveryState,
  OutboundDeliveryEvent
> = { initialState: { exists: false }, decide, evolve };

export const OUTBOUND_DELIVERY_ACTIONS = ['retry'] as const;
export type OutboundDeliveryAction = (typeof OUTBOUND_DELIVERY_ACTIONS)[number];

/** A delivery can be retried by hand unless it already arrived. */
export const availableOutboundDeliveryActions = (state: OutboundDeliveryState): OutboundDeliveryAction[] =>
  state.exists && state.status !== 'delivered' ? ['retry'] : [];

/** A delivery's id, and so its webhook-id: the endpoint and the event, stable across retries and replays. */
export const outboundDeliveryIdOf = (endpointId: string, eventId: string): string =>
  `${endpointId}_${eventId}`;
