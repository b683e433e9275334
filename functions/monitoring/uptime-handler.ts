import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { observability } from '../runtime/observability.ts';
import { runUptime } from './uptime-check.ts';

const { logger, metrics, instrument } = observability('uptime-check');

/**
 * Every 60 s: the console, the API health and a sign-in checked as a person would meet them, recorded
 * as one UptimeChecked event. Availability, incidents and the SLO are judged from these runs.
 */
export const handler = instrument(async () => {
  const summary = await runUptime(new Date());
  metrics.addMetric('uptimeChecksFailed', MetricUnit.Count, summary.failed.length);
  if (summary.failed.length) logger.warn('uptime checks failed', { failed: summary.failed });
  return summary;
});
