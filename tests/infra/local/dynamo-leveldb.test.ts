import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { startDynamo } from '../../../infra/local/services.ts';

/**
 * The local DynamoDB opens LevelDB with larger memtables than LevelDB's 4 MiB default (services.ts):
 * fewer flushes and merges while a first start writes the demo history. Observable from outside: 12 MiB
 * written leaves no table file yet, where the default flushed fifteen.
 */
const dir = mkdtempSync(join(tmpdir(), 'dynamo-leveldb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const clientOf = (url: string) =>
  new DynamoDBClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

// Random text, so LevelDB's compression cannot shrink it below a 4 MiB memtable.
const blob = () => Array.from({ length: 3_000 }, () => Math.random().toString(36).slice(2, 12)).join('');

/** 12 MiB in 48 batches of 25 items of about 10 KB. */
const writeBlobs = async (client: DynamoDBClient) => {
  await client.send(
    new CreateTableCommand({
      TableName: 'blobs',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  );
  for (let batch = 0; batch < 48; batch++) {
    await client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          blobs: Array.from({ length: 25 }, (_, i) => ({
            PutRequest: { Item: { id: { S: `${batch}-${i}` }, body: { S: blob() } } },
          })),
        },
      }),
    );
  }
};

const files = (path: string, suffix: string) =>
  readdirSync(path)
    .filter((name) => name.endsWith(suffix))
    .map((name) => statSync(join(path, name)).size);

describe('the local DynamoDB store', () => {
  it('keeps 12 MiB of writes in its memtable instead of flushing table files', async () => {
    const dynamo = await startDynamo(dir);
    try {
      await writeBlobs(clientOf(dynamo.url));
      expect(files(dir, '.ldb')).toEqual([]);
    } finally {
      await dynamo.stop();
    }
  }, 120_000);

  it('writes its memtable out when flushed, leaving no log to replay, and reads it back after a restart', async () => {
    const flushed = mkdtempSync(join(tmpdir(), 'dynamo-flush-'));
    try {
      let dynamo = await startDynamo(flushed);
      try {
        await writeBlobs(clientOf(dynamo.url));
        expect(Math.max(...files(flushed, '.log'))).toBeGreaterThan(12 << 20);
        await dynamo.flush();
        expect(files(flushed, '.ldb').reduce((a, b) => a + b, 0)).toBeGreaterThan(12 << 20);
        expect(Math.max(...files(flushed, '.log'))).toBeLessThan(1 << 20);
      } finally {
        await dynamo.stop();
      }
      dynamo = await startDynamo(flushed);
      try {
        const got = await clientOf(dynamo.url).send(
          new GetItemCommand({ TableName: 'blobs', Key: { id: { S: '47-24' } } }),
        );
        expect(got.Item?.body?.S?.length).toBeGreaterThan(25_000);
      } finally {
        await dynamo.stop();
      }
    } finally {
      rmSync(flushed, { recursive: true, force: true });
    }
  }, 120_000);

  it('answers a flush of a store in memory at once', async () => {
    const dynamo = await startDynamo(undefined);
    try {
      await expect(dynamo.flush()).resolves.toBeUndefined();
    } finally {
      await dynamo.stop();
    }
  });
});
