import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoEventStore } from '../../functions/adapters/event-store.ts';
import { invoke, type LocalFunction } from './lambda.ts';

/**
 * Stands in for the DynamoDB stream that feeds the publisher in AWS (dynalite has no streams): polls the
 * event store's outbox and hands new commits to the same publisher handler as stream INSERT records.
 * A crash loses nothing: anything still marked is found again on the next poll after a restart.
 */
export const startOutboxPoller = (options: {
  client: DynamoDBClient;
  table: string;
  publisher: LocalFunction;
  intervalMs?: number;
  paused?: boolean;
  onError?: (error: unknown) => void;
}) => {
  let stopped = false;
  let wake: (() => void) | undefined;
  let running: Promise<void> = Promise.resolve();
  let idleWaiters: (() => void)[] = [];
  let idleRounds = 0;

  const store = dynamoEventStore({
    table: options.table,
    client: DynamoDBDocumentClient.from(options.client),
  });

  const pollOnce = async (): Promise<number> => {
    // One stream batch per stream, in version order, streams in parallel, as Lambda shards a stream.
    const batches = await store.pendingStreamBatches(100);
    await Promise.all(batches.map((batch) => invoke(options.publisher, batch)));
    return batches.reduce((n, batch) => n + batch.Records.length, 0);
  };

  const loop = async () => {
    while (!stopped) {
      let found = 0;
      try {
        found = await pollOnce();
      } catch (error) {
        options.onError?.(error);
      }
      if (found > 0) {
        idleRounds = 0;
        continue;
      }
      for (const waiter of idleWaiters) waiter();
      idleWaiters = [];
      // An idle platform polls ever less often (up to 16x the interval); a nudge from any API request
      // polls at once, so commits made through the API are published without waiting.
      const delay = (options.intervalMs ?? 20) * 2 ** Math.min(idleRounds, 4);
      idleRounds += 1;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, delay);
      });
    }
  };
  if (!options.paused) running = loop();

  return {
    /** Polls now rather than at the next tick (the local cloud calls it after each API request). */
    nudge: () => {
      idleRounds = 0;
      wake?.();
    },
    /** Resolves after a poll that found nothing left to publish. */
    drained: () =>
      options.paused
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            idleWaiters.push(resolve);
            wake?.();
          }),
    stop: async () => {
      stopped = true;
      wake?.();
      await running;
    },
  };
};
