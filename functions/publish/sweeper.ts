import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { eventStore, readPending } from '../adapters/event-store.ts';
import { config } from '../runtime/config.ts';
import { observability } from '../runtime/observability.ts';
import { publishCommit } from './publish.ts';

const { logger, metrics, instrument } = observability('sweeper');

/** Commits younger than this are left to the stream-triggered publisher. */
const minAgeMs = () => config.sweepMinAgeMs;

/** Publishes every commit still marked unpublished after the grace period; returns how many. */
export const sweep = async (now = Date.now()): Promise<number> => {
  // Locally (no transactions) a crashed multi-stream append can stay staged: finish or undo it first,
  // so what it wrote is published or gone. In AWS nothing is ever staged and this finds nothing.
  await eventStore.recoverStaged(undefined, now);
  let published = 0;
  // Bounded: a mark that will not clear must not keep one invocation spinning until its timeout.
  for (let round = 0; round < 50; round++) {
    const pending = (await readPending(100)).filter((c) => now - Date.parse(c.committedAt) >= minAgeMs());
    if (pending.length === 0) return published;
    for (const commit of pending) await publishCommit(commit);
    published += pending.length;
  }
  return published;
};

export const handler = instrument(async (): Promise<{ published: number }> => {
  const published = await sweep();
  // Zero is a useful data point too: the alarm watches for commits the publisher keeps missing.
  metrics.addMetric('commitsRepublished', MetricUnit.Count, published);
  if (published > 0) logger.warn('republished commits the publisher missed', { published });
  return { published };
});
