import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { EventBridgeEvent } from 'aws-lambda';
import type { Envelope } from '../../events/envelope.ts';
import { PROJECTION_LAG_METRIC } from '../monitoring/metrics-catalog.ts';
import { logHandled, observability } from '../runtime/observability.ts';
import { projectStream } from './project.ts';

const { logger, metrics, instrument } = observability('projector');

/**
 * Events older than this when projected were not written live (the demo history, imports, a replay):
 * their age says nothing of how far the views trail, so they are left out of the lag.
 */
const LIVE_WITHIN_MS = 24 * 3_600_000;

/** How long after it happened an event's view was written, when the event was written live. */
export const projectionLagMs = (occurredAt: string, now = Date.now()): number | undefined => {
  const lag = now - Date.parse(occurredAt);
  return Number.isFinite(lag) && lag <= LIVE_WITHIN_MS ? Math.max(0, lag) : undefined;
};

/** One bus event: bring its stream's view up to date. A throw makes EventBridge retry, then dead-letter. */
export const handler = instrument(
  async (event: EventBridgeEvent<string, Envelope>): Promise<{ result: string }> => {
    const result = await projectStream(event.detail.streamId);
    logHandled(logger, event.detail, 'projected', { result });
    metrics.addMetric(result === 'updated' ? 'viewsUpdated' : 'viewsAlreadyCurrent', MetricUnit.Count, 1);
    const lag = projectionLagMs(event.detail.occurredAt);
    if (lag !== undefined) metrics.addMetric(PROJECTION_LAG_METRIC, MetricUnit.Milliseconds, lag);
    return { result };
  },
);
