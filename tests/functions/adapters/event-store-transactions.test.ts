import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { streamId } from '../../../events/envelope.ts';
import { DynamoEventStore } from '../../../functions/adapters/event-store.ts';
import { ConcurrencyError, EMPTY_STREAM } from '../../../functions/application/event-store-port.ts';
import { meta, registered, renamed } from './event-store-contract.ts';

/**
 * appendMany's AWS path: one TransactWriteItems. dynalite has no transactions, so this is the one place
 * the SDK is mocked (as the architecture allows where no local implementation exists).
 */
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const mock = mockClient(doc);
const store = new DynamoEventStore({ table: 'aws-events', client: doc });
const [a, b] = [streamId('customer', 'a'), streamId('customer', 'b')];
const requests = [
  { streamId: a, expected: EMPTY_STREAM, events: [registered('a')] },
  { streamId: b, expected: { version: 2, eventCount: 3 }, events: [renamed('b', 'B')] },
];

beforeEach(() => mock.reset());

describe('appendMany in AWS', () => {
  it('is one TransactWriteItems of conditional puts, marked for the outbox and the time index', async () => {
    mock.on(TransactWriteCommand).resolves({});
    const commits = await store.appendMany(requests, meta);
    expect(commits.map((c) => [c.streamId, c.version])).toEqual([
      [a, 1],
      [b, 3],
    ]);
    const calls = mock.commandCalls(TransactWriteCommand);
    expect(calls).toHaveLength(1);
    expect(mock.commandCalls(PutCommand)).toHaveLength(0);
    const items = calls[0]!.args[0].input.TransactItems ?? [];
    expect(items).toHaveLength(2);
    for (const [i, item] of items.entries()) {
      expect(item.Put).toMatchObject({
        TableName: 'aws-events',
        ConditionExpression: 'attribute_not_exists(version)',
        Item: { streamId: requests[i]!.streamId, version: commits[i]!.version, pending: 'y' },
      });
      expect(item.Put?.Item?.bucket).toBe(commits[i]!.committedAt.slice(0, 7));
      expect(item.Put?.Item?.txn).toBeUndefined();
    }
  });

  it('turns a cancelled transaction with a failed condition into a ConcurrencyError on that stream', async () => {
    mock.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
      }),
    );
    const error = await store.appendMany(requests, meta).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ streamId: b, expectedVersion: 2 });
  });

  it('takes a conflict with another transaction in flight for a concurrency conflict too', async () => {
    mock.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
      }),
    );
    await expect(store.appendMany(requests, meta)).rejects.toMatchObject({
      name: 'ConcurrencyError',
      streamId: a,
    });
  });

  it('passes other failures through', async () => {
    mock.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'ValidationError' }],
      }),
    );
    await expect(store.appendMany(requests, meta)).rejects.toBeInstanceOf(TransactionCanceledException);
  });

  it('writes a single commit with a plain conditional put', async () => {
    mock.on(PutCommand).resolves({});
    await store.appendMany(requests.slice(0, 1), meta);
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(mock.commandCalls(PutCommand)).toHaveLength(1);
  });
});
