import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { EventBridgeEvent } from 'aws-lambda';
import type { Envelope } from '../../events/envelope.ts';
import { logHandled, observability } from '../runtime/observability.ts';
import { projectStream } from './project.ts';

const { logger, metrics, instrument } = observability('projector');

/** One bus event: bring its stream's view up to date. A throw makes EventBridge retry, then dead-letter. */
export const handler = instrument(
  async (event: EventBridgeEvent<string, Envelope>): Promise<{ result: string }> => {
    const result = await projectStream(event.detail.streamId);
    logHandled(logger, event.detail, 'projected', { result });
    metrics.addMetric(result === 'updated' ? 'viewsUpdated' : 'viewsAlreadyCurrent', MetricUnit.Count, 1);
    return { result };
  },
);
