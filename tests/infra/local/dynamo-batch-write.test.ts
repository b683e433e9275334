import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Service, startDynamo } from '../../../infra/local/services.ts';

/**
 * The local DynamoDB answers BatchWriteItem with one LevelDB read and one LevelDB write per table
 * (infra/local/dynamo-batch-write.cjs) instead of dynalite's get, index updates and put per item. What
 * a caller sees must not change: items and their index entries, overwrites that move an item between
 * index keys, deletes, refusals that write nothing, and batches racing over the same keys.
 */
const dir = mkdtempSync(join(tmpdir(), 'dynamo-batch-'));
let dynamo: Service;
let client: DynamoDBClient;

beforeAll(async () => {
  dynamo = await startDynamo(dir);
  client = new DynamoDBClient({
    endpoint: dynamo.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  for (const TableName of ['things', 'others'])
    await client.send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'colour', AttributeType: 'S' },
          { AttributeName: 'n', AttributeType: 'N' },
        ],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byColour',
            KeySchema: [
              { AttributeName: 'colour', KeyType: 'HASH' },
              { AttributeName: 'n', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
}, 60_000);

afterAll(async () => {
  await dynamo.stop();
  rmSync(dir, { recursive: true, force: true });
});

const put = (pk: string, colour?: string, n = 1): WriteRequest => ({
  PutRequest: {
    Item: { pk: { S: pk }, n: { N: String(n) }, ...(colour ? { colour: { S: colour } } : {}) },
  },
});
const del = (pk: string): WriteRequest => ({ DeleteRequest: { Key: { pk: { S: pk } } } });
const write = (requests: Record<string, WriteRequest[]>, extra: { ReturnConsumedCapacity?: 'TOTAL' } = {}) =>
  client.send(new BatchWriteItemCommand({ RequestItems: requests, ...extra }));
const colour = async (table: string, value: string) =>
  (
    await client.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'byColour',
        KeyConditionExpression: 'colour = :c',
        ExpressionAttributeValues: { ':c': { S: value } },
      }),
    )
  ).Items?.map((item: Record<string, AttributeValue>) => item.pk?.S) ?? [];
const get = async (table: string, pk: string) =>
  (await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true })))
    .Item;

describe('BatchWriteItem on the local DynamoDB', () => {
  it('writes items and their index entries, moves an overwritten item between index keys, and deletes', async () => {
    await write({ things: [put('a', 'red', 1), put('b', 'red', 2), put('c', undefined, 3)] });
    expect(await colour('things', 'red')).toEqual(['a', 'b']);
    expect(await get('things', 'c')).toEqual({ pk: { S: 'c' }, n: { N: '3' } });

    await write({ things: [put('a', 'blue', 1), del('b'), put('c', 'blue', 0)] });
    expect(await colour('things', 'red')).toEqual([]);
    expect(await colour('things', 'blue')).toEqual(['c', 'a']);
    expect(await get('things', 'b')).toBeUndefined();

    // A single PutItem (dynalite's own path) sees what the batch left behind, index and all.
    await client.send(new PutItemCommand({ TableName: 'things', Item: { pk: { S: 'a' }, n: { N: '1' } } }));
    expect(await colour('things', 'blue')).toEqual(['c']);
  });

  it('refuses duplicate keys and an item without its key, and writes nothing of the batch', async () => {
    await expect(
      write({ others: [put('x', 'green')], things: [put('d', 'green'), put('d', 'green')] }),
    ).rejects.toThrow('Provided list of item keys contains duplicates');
    await expect(
      write({ others: [put('x', 'green')], things: [{ PutRequest: { Item: { n: { N: '1' } } } }] }),
    ).rejects.toThrow('The provided key element does not match the schema');
    await expect(write({ others: [put('x', 'green')], missing: [put('y')] })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(await get('others', 'x')).toBeUndefined();
    expect(await get('things', 'd')).toBeUndefined();
    expect(await colour('others', 'green')).toEqual([]);
  });

  it('reports consumed capacity per table when asked', async () => {
    const result = await write(
      { things: [put('e', 'pink')], others: [put('e', 'pink'), put('f')] },
      {
        ReturnConsumedCapacity: 'TOTAL',
      },
    );
    expect(result.UnprocessedItems).toEqual({});
    expect(
      Object.fromEntries((result.ConsumedCapacity ?? []).map((c) => [c.TableName, c.CapacityUnits])),
    ).toEqual({ things: 1, others: 2 });
  });

  it('finishes batches that race over the same keys, in any order, with the last writer winning each key', async () => {
    const keys = Array.from({ length: 25 }, (_, i) => `race-${i}`);
    const batches = Array.from({ length: 12 }, (_, b) =>
      write({ things: (b % 2 ? [...keys].reverse() : keys).map((k) => put(k, `c${b}`, b)) }),
    );
    await Promise.all(batches);
    const items = await Promise.all(keys.map((k) => get('things', k)));
    const colours = new Set(items.map((item) => item?.colour?.S));
    // Each key ends with one batch's colour, and the index holds each key exactly once.
    let indexed = 0;
    for (const c of colours) indexed += (await colour('things', c!)).length;
    expect(indexed).toBe(keys.length);
  });
});
