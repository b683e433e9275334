import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
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

  it('marks a clean stop, even with writes under way, and takes the mark as it opens the store again', async () => {
    const stopped = mkdtempSync(join(tmpdir(), 'dynamo-clean-'));
    const mark = `${join(stopped, 'db')}.stopped-cleanly`;
    try {
      let dynamo = await startDynamo(join(stopped, 'db'));
      expect(dynamo.stoppedCleanly).toBe(false);
      const client = clientOf(dynamo.url);
      await writeBlobs(client);
      // A batch sent as the stop begins either lands whole (and is acknowledged) or is refused.
      const racing = client
        .send(
          new BatchWriteItemCommand({
            RequestItems: {
              blobs: Array.from({ length: 25 }, (_, i) => ({
                PutRequest: { Item: { id: { S: `racing-${i}` }, body: { S: blob() } } },
              })),
            },
          }),
        )
        .then(
          () => true,
          () => false,
        );
      await dynamo.stop();
      const acknowledged = await racing;
      expect(existsSync(mark)).toBe(true);

      dynamo = await startDynamo(join(stopped, 'db'));
      expect(dynamo.stoppedCleanly).toBe(true);
      expect(existsSync(mark)).toBe(false);
      const got = await clientOf(dynamo.url).send(
        new GetItemCommand({ TableName: 'blobs', Key: { id: { S: 'racing-24' } } }),
      );
      if (acknowledged) expect(got.Item?.body?.S?.length).toBeGreaterThan(25_000);
      await dynamo.stop();
    } finally {
      rmSync(stopped, { recursive: true, force: true });
    }
  }, 120_000);

  it('leaves no mark when a stop cannot wait for a request under way, so the next start checks everything', async () => {
    const stopped = mkdtempSync(join(tmpdir(), 'dynamo-unclean-'));
    const path = join(stopped, 'db');
    try {
      let dynamo = await startDynamo(path);
      // A request whose body never ends is under way until the stop gives up on it.
      const { port } = new URL(dynamo.url);
      const socket = connect(Number(port), '127.0.0.1');
      socket.on('error', () => undefined);
      await new Promise<void>((done) => socket.once('connect', () => done()));
      socket.write(
        'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.0\r\n' +
          'X-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Length: 100\r\n\r\n{',
      );
      await new Promise((r) => setTimeout(r, 100));
      await dynamo.stop();
      expect(existsSync(`${path}.stopped-cleanly`)).toBe(false);
      dynamo = await startDynamo(path);
      expect(dynamo.stoppedCleanly).toBe(false);
      await dynamo.stop();
      // That stop was clean.
      expect(existsSync(`${path}.stopped-cleanly`)).toBe(true);
    } finally {
      rmSync(stopped, { recursive: true, force: true });
    }
  }, 60_000);

  it('never marks a store in memory', async () => {
    const dynamo = await startDynamo(undefined);
    expect(dynamo.stoppedCleanly).toBe(false);
    await dynamo.stop();
  });
});
