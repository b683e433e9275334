import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { pendingCommitOfStreamRecord } from '../adapters/event-store.ts';
import { observability } from '../runtime/observability.ts';
import { publishCommit } from './publish.ts';

const { logger, metrics, instrument } = observability('publisher');

/** New commits from the events table's stream (AWS) or the outbox poller (local), in stream order. */
export const handler = instrument(async (event: DynamoDBStreamEvent): Promise<void> => {
  for (const record of event.Records) {
    // Only fresh inserts still marked pending; the MODIFY that clears the mark is our own echo.
    const commit = pendingCommitOfStreamRecord(record);
    if (!commit) continue;
    await publishCommit(commit);
    metrics.addMetric('eventsPublished', MetricUnit.Count, commit.events.length);
    logger.debug('published', {
      streamId: commit.streamId,
      version: commit.version,
      events: commit.events.length,
    });
  }
});
