import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDirectBatchWrites } from '../../../infra/local/direct-batch-writes.ts';
import { type DynamoService, startDynamo } from '../../../infra/local/services.ts';

/**
 * Bulk loads hand their batch writes to the local DynamoDB's worker instead of sending them over HTTP
 * (infra/local/direct-batch-writes.ts). The items must come out as the document client would have
 * written them, indexes included; a refused batch must fail as the SDK fails it; nothing else the
 * client sends may change, and the client must be itself again afterwards.
 */
const dir = mkdtempSync(join(tmpdir(), 'dynamo-direct-'));
let dynamo: DynamoService;
let client: DynamoDBDocumentClient;
/** BatchWriteItem requests that went over HTTP. */
let overHttp = 0;

beforeAll(async () => {
  dynamo = await startDynamo(dir);
  const low = new DynamoDBClient({
    endpoint: dynamo.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  client = DynamoDBDocumentClient.from(low, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'BatchWriteItemCommand') overHttp += 1;
      return next(args);
    },
    { step: 'finalizeRequest', name: 'countBatchWrites' },
  );
  await low.send(
    new CreateTableCommand({
      TableName: 'rows',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'kind', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byKind',
          KeySchema: [
            { AttributeName: 'kind', KeyType: 'HASH' },
            { AttributeName: 'id', KeyType: 'RANGE' },
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

const row = (id: string) => ({
  id,
  kind: 'order',
  total: 129_500.25,
  paid: false,
  tags: new Set(['tiny', 'home']),
  lines: [{ sku: 'LOFT', qty: 2 }, { sku: 'SOLAR' }],
  note: undefined,
});

describe('batch writes handed to the local DynamoDB directly', () => {
  it('writes what the document client would write, indexes included, without an HTTP request', async () => {
    expect(dynamo.batchWrite).toBeDefined();
    overHttp = 0;
    const answer = await withDirectBatchWrites(client, dynamo.batchWrite, async () => {
      const result = await client.send(
        new BatchWriteCommand({
          RequestItems: { rows: [row('a'), row('b')].map((Item) => ({ PutRequest: { Item } })) },
        }),
      );
      // Any other command still goes the usual way, inside the bulk load as well.
      const read = await client.send(
        new GetCommand({ TableName: 'rows', Key: { id: 'a' }, ConsistentRead: true }),
      );
      return { result, read };
    });
    expect(overHttp).toBe(0);
    expect(answer.result.UnprocessedItems).toEqual({});
    const { note: _note, ...written } = row('a');
    expect(answer.read.Item).toEqual(written);

    const byKind = await client.send(
      new QueryCommand({
        TableName: 'rows',
        IndexName: 'byKind',
        KeyConditionExpression: 'kind = :k',
        ExpressionAttributeValues: { ':k': 'order' },
      }),
    );
    expect(byKind.Items?.map((item) => item.id)).toEqual(['a', 'b']);

    await withDirectBatchWrites(client, dynamo.batchWrite, () =>
      client.send(
        new BatchWriteCommand({ RequestItems: { rows: [{ DeleteRequest: { Key: { id: 'a' } } }] } }),
      ),
    );
    expect(overHttp).toBe(0);
    expect(
      (await client.send(new GetCommand({ TableName: 'rows', Key: { id: 'a' }, ConsistentRead: true }))).Item,
    ).toBeUndefined();
  });

  it("fails a refused batch with the SDK's own error, writes none of it, and gives the client back", async () => {
    const send = client.send;
    await expect(
      withDirectBatchWrites(client, dynamo.batchWrite, () =>
        client.send(
          new BatchWriteCommand({
            RequestItems: { rows: [{ PutRequest: { Item: row('c') } }, { PutRequest: { Item: row('c') } }] },
          }),
        ),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    expect(client.send).toBe(send);
    expect(
      (await client.send(new GetCommand({ TableName: 'rows', Key: { id: 'c' }, ConsistentRead: true }))).Item,
    ).toBeUndefined();

    // What dynalite's HTTP layer checks holds too: an item over DynamoDB's 400 KB is refused, not written.
    overHttp = 0;
    await expect(
      withDirectBatchWrites(client, dynamo.batchWrite, () =>
        client.send(
          new BatchWriteCommand({
            RequestItems: { rows: [{ PutRequest: { Item: { ...row('big'), blob: 'x'.repeat(410_000) } } }] },
          }),
        ),
      ),
    ).rejects.toThrow('Item size has exceeded the maximum allowed size');
    expect(overHttp).toBe(1);
    expect(
      (await client.send(new GetCommand({ TableName: 'rows', Key: { id: 'big' }, ConsistentRead: true })))
        .Item,
    ).toBeUndefined();

    // Outside a bulk load, batch writes go over HTTP again.
    overHttp = 0;
    await client.send(
      new BatchWriteCommand({ RequestItems: { rows: [{ PutRequest: { Item: row('d') } }] } }),
    );
    expect(overHttp).toBe(1);
  });
});
