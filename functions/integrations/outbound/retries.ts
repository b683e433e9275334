import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { observability } from '../../runtime/observability.ts';
import { sendDue } from './deliveries.ts';

const { metrics, instrument } = observability('outbound-retries');

/** Leaves room within the function's 5-minute timeout for the attempts in flight (15 s each at most). */
const BUDGET_MS = 4 * 60_000;

/** Every minute: the outbound deliveries whose next attempt is due, from the due index (no scan). */
export const handler = instrument(async (): Promise<{ attempted: number }> => {
  const result = await sendDue(BUDGET_MS);
  metrics.addMetric('outboundRetriesAttempted', MetricUnit.Count, result.attempted);
  return result;
});
