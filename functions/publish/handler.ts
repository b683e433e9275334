import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { pendingCommitOfStreamRecord } from '../adapters/event-store.ts';
import { observability } from '../runtime/observability.ts';
import { businessFigures } from './figures.ts';
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
    for (const [name, value] of Object.entries(businessFigures(commit.events)))
      if (value > 0) metrics.addMetric(name, MetricUnit.Count, value);
    const first = commit.events[0];
    // The commit on the command's correlation id: the step between the API and the consumers.
    if (first) logger.appendKeys({ correlationId: first.correlationId, actorId: first.actor.id });
    logger.info('commit published', {
      streamId: commit.streamId,
      version: commit.version,
      events: commit.events.map((e) => e.type),
    });
  }
});
