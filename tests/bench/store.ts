import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { streamId } from '../../events/envelope.ts';
import { append } from '../../functions/adapters/event-store.ts';
import { rebuildViews } from '../../functions/projections/project.ts';
import { tables } from '../../functions/tables.ts';
import { startDynamo } from '../../infra/local/services.ts';
import { ensureTable } from '../../infra/local/tables.ts';
import { round } from './support.ts';

const meta = { actor: { id: 'bench', role: 'system' }, correlationId: 'bench' };

const inParallel = async (count: number, concurrency: number, task: (i: number) => Promise<unknown>) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
};

/**
 * The event store and projections on dynalite with LevelDB on disk, as `npm start` runs them:
 * append throughput at 16 concurrent writers, and the rate at which a rebuild replays the store.
 */
export const benchStore = async (options: { commits: number; eventsPerCommit: number }) => {
  const dir = mkdtempSync(join(tmpdir(), 'firefly-bench-store-'));
  const dynamo = await startDynamo(join(dir, 'dynamodb'));
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    EVENTS_TABLE: 'bench-events',
    VIEWS_TABLE: 'bench-views',
  });
  const client = new DynamoDBClient({});
  await ensureTable(client, 'bench-events', tables.events);
  await ensureTable(client, 'bench-views', tables.views);
  try {
    const started = performance.now();
    await inParallel(options.commits, 16, async (i) => {
      const customerId = `c${i}`;
      const events = [
        {
          type: 'CustomerRegistered' as const,
          data: {
            customerId,
            name: `Customer ${i}`,
            email: `c${i}@example.com`,
            marketingConsent: i % 2 === 0,
          },
        },
        ...Array.from({ length: options.eventsPerCommit - 1 }, (_, n) => ({
          type: 'CustomerDetailsChanged' as const,
          data: { customerId, phone: `+1 555 ${String(n).padStart(4, '0')}` },
        })),
      ];
      await append(streamId('customer', customerId), { version: 0, eventCount: 0 }, events, meta);
    });
    const appendSeconds = (performance.now() - started) / 1000;
    const rebuildStarted = performance.now();
    const rebuilt = await rebuildViews();
    const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
    return {
      appendCommitsPerSecond: round(options.commits / appendSeconds),
      appendEventsPerSecond: round((options.commits * options.eventsPerCommit) / appendSeconds),
      rebuildEvents: rebuilt.events,
      rebuildRows: rebuilt.rows,
      rebuildEventsPerSecond: round(rebuilt.events / rebuildSeconds),
      rebuildSeconds: round(rebuildSeconds, 2),
    };
  } finally {
    await dynamo.stop();
    rmSync(dir, { recursive: true, force: true });
  }
};
