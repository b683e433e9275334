import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { observability } from '../runtime/observability.ts';
import { checkAllIntegrations } from './sync.ts';

const { logger, metrics, instrument } = observability('integration-health');

/**
 * Every 15 minutes: each active integration's provider checks, recorded, and its alert raised after 3
 * failing runs of 5 (45 minutes at the earliest) or cleared after 3 passing in a row.
 */
export const handler = instrument(async (input: { scheduledTime?: string } = {}) => {
  const now = input.scheduledTime ? new Date(input.scheduledTime) : new Date();
  const summary = await checkAllIntegrations(now);
  metrics.addMetric('integrationsChecked', MetricUnit.Count, summary.checked);
  metrics.addMetric('integrationChecksFailed', MetricUnit.Count, summary.failed);
  if (summary.errors) logger.warn('some integrations could not be checked', { errors: summary.errors });
  return summary;
});
