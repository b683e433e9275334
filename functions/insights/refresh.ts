import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { EventBridgeEvent } from 'aws-lambda';
import { refreshFor } from '../../domain/insights/refresh.ts';
import type { Envelope } from '../../events/envelope.ts';
import { observability } from '../runtime/observability.ts';
import { requestRefresh } from './refresh-lease.ts';

const { logger, metrics, instrument } = observability('insights-refresh');

/**
 * Refreshes the insights within a minute of an event that changes the picture (rule `insightsRefresh`):
 * stock falling refreshes the inventory advice and item forecasts, a large order everything. One
 * refresh runs at a time; events meanwhile make one more when it ends (functions/insights/refresh-lease.ts).
 */
export const handler = instrument(async (bus: EventBridgeEvent<string, Envelope>) => {
  const refresh = refreshFor(bus.detail);
  metrics.addMetric('refreshesRequested', MetricUnit.Count, refresh ? 1 : 0);
  if (!refresh) return { refreshed: false };
  const result = await requestRefresh(refresh);
  logger.info('insights refresh', { ...refresh, ...result, eventId: bus.detail.id });
  return { refreshed: true, ...result };
});
