import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { EventBridgeEvent } from 'aws-lambda';
import { subscribableEventTypes } from '../../../domain/integrations/outbound-endpoints.ts';
import type { Envelope } from '../../../events/envelope.ts';
import { eventStore } from '../../adapters/event-store.ts';
import { logHandled, observability } from '../../runtime/observability.ts';
import { fanOut } from './deliveries.ts';

const { logger, metrics, instrument } = observability('outbound-webhooks');

const subscribable = new Set(subscribableEventTypes().map((t) => t.type));

/**
 * Every domain event on the bus: one delivery per active endpoint subscribed to it, each sent at once
 * (and its 5-second retry slept here; later retries are the schedule's, functions/integrations/outbound/retries.ts).
 * Only events found in the store are sent: nothing put on the bus by another hand leaves the platform.
 * A throw makes EventBridge retry; deliveries already made are not made twice.
 */
export const handler = instrument(
  async (event: EventBridgeEvent<string, Envelope>): Promise<{ deliveries: number }> => {
    // Zero is a data point too (and an instrumented handler that adds no metric warns on every event).
    if (!subscribable.has(event.detail.type)) {
      metrics.addMetric('outboundDeliveriesMade', MetricUnit.Count, 0);
      return { deliveries: 0 };
    }
    const stored = await eventStore.findEvent(event.detail);
    if (!stored) {
      logger.error('event on the bus is not in the event store; not sent', {
        eventId: event.detail.id,
        type: event.detail.type,
      });
      metrics.addMetric('outboundDeliveriesMade', MetricUnit.Count, 0);
      return { deliveries: 0 };
    }
    const deliveries = await fanOut(stored);
    if (deliveries > 0) logHandled(logger, stored, 'sent to outbound endpoints', { deliveries });
    metrics.addMetric('outboundDeliveriesMade', MetricUnit.Count, deliveries);
    return { deliveries };
  },
);
