import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableInput, tables, WRITE_INDEX } from '../../../functions/tables.ts';
import { type Service, startDynamo } from '../../../infra/local/services.ts';
import { ensureTable } from '../../../infra/local/tables.ts';

/**
 * A data dir made by an older version has tables without the indexes added since (dynalite cannot add
 * one in place); the local cloud rebuilds them at start, keeping every item.
 */
let dynamo: Service;
let client: DynamoDBClient;
const older = { ...tables.events, indexes: tables.events.indexes.filter((i) => i.name !== WRITE_INDEX) };

beforeAll(async () => {
  dynamo = await startDynamo(undefined);
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
  });
  client = new DynamoDBClient({});
});
afterAll(() => dynamo.stop());

const indexesOf = async (name: string) =>
  ((await client.send(new DescribeTableCommand({ TableName: name }))).Table?.GlobalSecondaryIndexes ?? [])
    .map((i) => i.IndexName)
    .sort();

const items = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    streamId: `customer-${i}`,
    version: 1,
    commitId: `01JA${String(i).padStart(22, '0')}`,
    committedAt: '2025-01-01T00:00:00.000Z',
    bucket: '2025-01',
    events: '[]',
    ...(i % 3 === 0 ? { writeId: `01KB${String(i).padStart(22, '0')}`, writeBucket: '2026-12' } : {}),
  }));

/** CreateTable as an older version did it, waiting as ensureTable does: dynalite answers while CREATING. */
const createOld = async (name: string, spec: typeof tables.events) => {
  await client.send(new CreateTableCommand(createTableInput(name, spec)));
  for (let attempt = 0; attempt < 500; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const fill = async (name: string, rows: Record<string, unknown>[]) => {
  const documents = DynamoDBDocumentClient.from(client);
  for (const Item of rows) await documents.send(new PutCommand({ TableName: name, Item }));
};

const scan = async (name: string) =>
  ((await DynamoDBDocumentClient.from(client).send(new ScanCommand({ TableName: name }))).Items ?? []).length;

describe('ensureTable on a data dir from an older version', () => {
  it('rebuilds a table that lacks an index, keeping every item, and the index serves queries', async () => {
    await createOld('old-events', older);
    await fill('old-events', items(60));
    expect(await ensureTable(client, 'old-events', tables.events)).toBe('reindexed');
    expect(await indexesOf('old-events')).toEqual(tables.events.indexes.map((i) => i.name).sort());
    expect(await scan('old-events')).toBe(60);
    const written = await DynamoDBDocumentClient.from(client).send(
      new QueryCommand({
        TableName: 'old-events',
        IndexName: WRITE_INDEX,
        KeyConditionExpression: 'writeBucket = :m',
        ExpressionAttributeValues: { ':m': '2026-12' },
      }),
    );
    expect(written.Items).toHaveLength(20);
    expect(await ensureTable(client, 'old-events', tables.events)).toBe('exists');
  });

  it('finishes a rebuild cut short after the old table was dropped', async () => {
    // What a crash leaves after dropping the old table: only the side table with the copy.
    await createOld('cut-events-reindex', tables.events);
    await fill('cut-events-reindex', items(30));
    expect(await ensureTable(client, 'cut-events', tables.events)).toBe('reindexed');
    expect(await scan('cut-events')).toBe(30);
    await expect(
      client.send(new DescribeTableCommand({ TableName: 'cut-events-reindex' })),
    ).rejects.toThrow();
  });
});
