import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableInput } from '../../../functions/tables.ts';
import type { Delivery } from '../../../infra/local/bus.ts';
import { busJournalTable, dynamoJournal } from '../../../infra/local/bus-journal.ts';
import { type Service, startDynamo } from '../../../infra/local/services.ts';

/** The local bus's journal: deliveries kept until they end, their removals gathered into batches. */
let dynamo: Service;
let client: DynamoDBClient;
const sent: string[] = [];

beforeAll(async () => {
  dynamo = await startDynamo(undefined);
  client = new DynamoDBClient({
    endpoint: dynamo.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  client.middlewareStack.add(
    (next, context) => (args) => {
      sent.push(context.commandName ?? '?');
      return next(args);
    },
    { step: 'initialize' },
  );
  await client.send(new CreateTableCommand(createTableInput('journal', busJournalTable)));
});
afterAll(() => dynamo?.stop());

const delivery = (n: number): Delivery => ({
  id: `event-1#rule#target-${n}`,
  rule: 'rule',
  target: `target-${n}`,
  event: { id: 'event-1', detail: { n } },
});

describe('the local bus journal', () => {
  it('clears the deliveries of one event that end together in one batch, and keeps the rest', async () => {
    const journal = dynamoJournal(client, 'journal');
    await journal.save(Array.from({ length: 30 }, (_, n) => delivery(n)));
    expect((await journal.load()).length).toBe(30);
    sent.length = 0;
    // 28 end at once (one repeated), two are still under way.
    await Promise.all([
      ...Array.from({ length: 28 }, (_, n) => journal.remove(delivery(n).id)),
      journal.remove(delivery(0).id),
    ]);
    // 28 removals are two batch writes (25 at most each), not 29 DeleteItems.
    expect(sent).toEqual(['BatchWriteItemCommand', 'BatchWriteItemCommand']);
    expect((await journal.load()).map((d) => d.target).sort()).toEqual(['target-28', 'target-29']);
    await journal.remove(delivery(28).id);
    await journal.remove(delivery(29).id);
    expect(await journal.load()).toEqual([]);
  });
});
