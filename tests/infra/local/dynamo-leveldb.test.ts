import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteItemCommand, CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { startDynamo } from '../../../infra/local/services.ts';

/**
 * The local DynamoDB opens LevelDB with larger memtables than LevelDB's 4 MiB default (services.ts):
 * fewer flushes and merges while a first start writes the demo history. Observable from outside: 12 MiB
 * written leaves no table file yet, where the default flushed fifteen.
 */
const dir = mkdtempSync(join(tmpdir(), 'dynamo-leveldb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the local DynamoDB store', () => {
  it('keeps 12 MiB of writes in its memtable instead of flushing table files', async () => {
    const dynamo = await startDynamo(dir);
    try {
      const client = new DynamoDBClient({
        endpoint: dynamo.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      await client.send(
        new CreateTableCommand({
          TableName: 'blobs',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        }),
      );
      // Random text, so LevelDB's compression cannot shrink it below a 4 MiB memtable.
      const blob = () =>
        Array.from({ length: 3_000 }, () => Math.random().toString(36).slice(2, 12)).join('');
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
      const tables = readdirSync(join(dir)).filter((name) => name.endsWith('.ldb'));
      expect(tables).toEqual([]);
    } finally {
      await dynamo.stop();
    }
  }, 120_000);
});
