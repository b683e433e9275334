import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamId } from '../../../events/envelope.ts';
import { DynamoEventStore } from '../../../functions/adapters/event-store.ts';
import { MemoryEventStore } from '../../../functions/adapters/memory-event-store.ts';
import { EMPTY_STREAM, prepareCommit } from '../../../functions/application/event-store-port.ts';
import { tables } from '../../../functions/tables.ts';
import { type Service, startDynamo } from '../../../infra/local/services.ts';
import { ensureTable } from '../../../infra/local/tables.ts';
import { eventStoreContract, meta, registered, renamed } from './event-store-contract.ts';

let dynamo: Service;
let client: DynamoDBClient;
let tableCount = 0;
/** A new, empty events table for each test. */
const freshTable = async () => {
  const table = `contract-events-${++tableCount}`;
  await ensureTable(client, table, tables.events);
  return table;
};

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

eventStoreContract('memory', async () => new MemoryEventStore());
eventStoreContract('DynamoDB (dynalite)', async () => new DynamoEventStore({ table: await freshTable() }));

describe('DynamoDB adapter on dynalite: the layout under the port', () => {
  const doc = () => DynamoDBDocumentClient.from(client);
  const scan = async (table: string) => (await doc().send(new ScanCommand({ TableName: table }))).Items ?? [];

  it('markPublished on a missing commit leaves no key-only item behind', async () => {
    const table = await freshTable();
    const store = new DynamoEventStore({ table });
    await store.markPublished(streamId('customer', 'ghost'), 1);
    expect(await scan(table)).toEqual([]);
  });

  it('markPublished on a commit whose item vanished after its outbox entry (a crash) creates nothing', async () => {
    const table = await freshTable();
    const store = new DynamoEventStore({ table });
    const commit = await store.append(streamId('customer', 'c'), EMPTY_STREAM, [registered('c')], meta);
    const [pending] = await store.readPending();
    expect(pending?.commitId).toBe(commit.commitId);
    await doc().send(
      new PutCommand({ TableName: table, Item: { streamId: 'other', version: 1, note: 'unrelated' } }),
    );
    await store.markPublished(commit.streamId, commit.version);
    await store.markPublished(streamId('customer', 'missing'), 3);
    const items = await scan(table);
    expect(items).toHaveLength(2);
    expect(items.find((i) => i.streamId === commit.streamId)?.pending).toBeUndefined();
  });

  it('a failed multi-stream append leaves no staged commit and nothing for the outbox', async () => {
    const table = await freshTable();
    const store = new DynamoEventStore({ table });
    const [a, b, c] = ['a', 'b', 'c'].map((id) => streamId('customer', id)) as [string, string, string];
    await store.append(c, EMPTY_STREAM, [registered('c')], meta);
    await expect(
      store.appendMany(
        [
          { streamId: a, expected: EMPTY_STREAM, events: [registered('a')] },
          { streamId: b, expected: EMPTY_STREAM, events: [registered('b')] },
          { streamId: c, expected: EMPTY_STREAM, events: [registered('c')] },
        ],
        meta,
      ),
    ).rejects.toThrow();
    const items = await scan(table);
    expect(items.map((i) => i.streamId)).toEqual([c]);
  });

  /** Writes what a crashed local multi-stream append leaves: staged items, as the adapter stages them. */
  const stage = async (
    table: string,
    txn: string,
    commits: ReturnType<typeof prepareCommit>[],
    written: number,
  ) => {
    const txnMembers = commits.map((c) => ({ streamId: c.stored.streamId, version: c.stored.version }));
    for (const c of commits.slice(0, written))
      await doc().send(
        new PutCommand({ TableName: table, Item: { ...c.stored, pending: 's', txn, txnMembers } }),
      );
  };

  it('readers skip a staged commit, and an append over it conflicts', async () => {
    const table = await freshTable();
    const store = new DynamoEventStore({ table });
    const s = streamId('customer', 's');
    await store.append(s, EMPTY_STREAM, [registered('s')], meta);
    const staged = prepareCommit(s, { version: 1, eventCount: 1 }, [renamed('s', 'S')], meta);
    await stage(table, ulid(), [staged], 1);
    expect((await store.readStream(s)).map((c) => c.version)).toEqual([1]);
    expect(await store.readStreamState(s)).toEqual({ version: 1, eventCount: 1 });
    expect((await store.readLastCommit(s))?.version).toBe(1);
    expect(await store.findEvent(staged.commit.events[0]!)).toBeUndefined();
    const everything = [];
    for await (const page of store.readAll()) everything.push(...page);
    expect(everything).toHaveLength(1);
    expect((await store.readPending()).map((c) => c.version)).toEqual([1]);
    await expect(store.append(s, { version: 1, eventCount: 1 }, [renamed('s', 'T')], meta)).rejects.toThrow(
      /changed after version 1/,
    );
  });

  it('recovery finishes an append that crashed while making its commits visible', async () => {
    const table = await freshTable();
    const store = new DynamoEventStore({ table });
    const txn = ulid(Date.now() - 120_000);
    const both = ['p1', 'p2'].map((id) =>
      prepareCommit(streamId('customer', id), EMPTY_STREAM, [registered(id)], meta),
    );
    await stage(table, txn, both, 2);
    // The first was already made visible when the writer died.
    await doc().send(
      new PutCommand({
        TableName: table,
        Item: { ...both[0]!.stored, bucket: both[0]!.stored.committedAt.slice(0, 7), pending: 'y' },
      }),
    );
    expect((await store.readStream(both[1]!.stored.streamId)).length).toBe(0);
    expect(await store.recoverStaged()).toBe(1);
    for (const c of both) expect(await store.readStream(c.stored.streamId)).toEqual([c.commit]);
    expect(await store.readPending()).toHaveLength(2);
    // Settled: a second pass finds nothing.
    expect(await store.recoverStaged()).toBe(0);
  });

  it('recovery undoes a crashed append that never wrote all its commits, and finishes one that did', async () => {
    const table = await freshTable();
    const store = new DynamoEventStore({ table });
    const old = Date.now() - 120_000;
    const [undo, finish] = [ulid(old), ulid(old)];
    const half = ['h1', 'h2'].map((id) =>
      prepareCommit(streamId('customer', id), EMPTY_STREAM, [registered(id)], meta),
    );
    const whole = ['w1', 'w2'].map((id) =>
      prepareCommit(streamId('customer', id), EMPTY_STREAM, [registered(id)], meta),
    );
    await stage(table, undo, half, 1);
    await stage(table, finish, whole, 2);
    // Too young to be taken for crashed.
    const young = prepareCommit(streamId('customer', 'young'), EMPTY_STREAM, [registered('young')], meta);
    await stage(table, ulid(), [young, half[1]!], 1);
    expect(await store.recoverStaged()).toBe(2);
    expect(await store.readStream(streamId('customer', 'h1'))).toEqual([]);
    expect((await store.readPending()).map((c) => c.streamId).sort()).toEqual(
      [streamId('customer', 'w1'), streamId('customer', 'w2')].sort(),
    );
    for (const c of whole) {
      const item = (
        await doc().send(
          new GetCommand({
            TableName: table,
            Key: { streamId: c.stored.streamId, version: c.stored.version },
          }),
        )
      ).Item!;
      expect(item).toMatchObject({ pending: 'y', bucket: c.stored.committedAt.slice(0, 7) });
      expect(item.txn).toBeUndefined();
    }
    const items = await scan(table);
    expect(items.map((i) => i.streamId).sort()).toEqual(
      ['w1', 'w2', 'young'].map((id) => streamId('customer', id)).sort(),
    );
  });
});
