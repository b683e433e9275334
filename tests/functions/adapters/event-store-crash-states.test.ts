import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamId } from '../../../events/envelope.ts';
import { DynamoEventStore } from '../../../functions/adapters/event-store.ts';
import {
  DamagedCommitError,
  EMPTY_STREAM,
  prepareCommit,
} from '../../../functions/application/event-store-port.ts';
import { toProblem } from '../../../functions/http/errors.ts';
import { OUTBOX_INDEX, tables } from '../../../functions/tables.ts';
import { ensureTable } from '../../../infra/local/tables.ts';
import { meta, registered, renamed } from './event-store-contract.ts';

/**
 * The states a kill -9 can leave in dynalite, which writes an item's index entries before the item
 * itself (docs: local-cloud-notes). dynalite runs in this process so a write can be cut short exactly
 * there: after its index entries, before its item, as a crash would.
 */
const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (options: object) => import('node:http').Server;
const dynaliteDb = require('dynalite/db') as {
  updateIndexes: (
    store: unknown,
    table: unknown,
    existing: unknown,
    item: unknown,
    cb: (e?: unknown) => void,
  ) => void;
};
const updateIndexes = dynaliteDb.updateIndexes;
let crashAfterIndexes = false;
/** What dynalite answers for an action that failed: a crash is, to the caller, a write with no answer. */
const crash = () =>
  Object.assign(new Error('simulated crash between index and item writes'), {
    statusCode: 500,
    body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'simulated crash' },
  });
dynaliteDb.updateIndexes = (store, table, existing, item, cb) =>
  updateIndexes(store, table, existing, item, (error) =>
    cb(error ?? (crashAfterIndexes ? crash() : undefined)),
  );

let server: import('node:http').Server;
let client: DynamoDBClient;
let doc: DynamoDBDocumentClient;
let count = 0;
const freshStore = async () => {
  const table = `crash-events-${++count}`;
  await ensureTable(client, table, tables.events);
  const reports: string[] = [];
  return {
    table,
    reports,
    store: new DynamoEventStore({ table, client: doc, onDamage: (m) => reports.push(m) }),
  };
};
const cutShort = async (write: () => Promise<unknown>) => {
  crashAfterIndexes = true;
  try {
    await expect(write()).rejects.toThrow();
  } finally {
    crashAfterIndexes = false;
  }
};
const outboxEntries = async (table: string) =>
  (
    await doc.send(
      new QueryCommand({
        TableName: table,
        IndexName: OUTBOX_INDEX,
        KeyConditionExpression: 'pending = :p',
        ExpressionAttributeValues: { ':p': 'y' },
      }),
    )
  ).Items ?? [];
const streams = (...names: string[]) =>
  names.map((x) => streamId('customer', x)) as [string, string, string, string];
/** A multi-stream append of `ids` left staged, with only the commits of `written` there. */
const stageAppend = async (
  table: string,
  ids: string[],
  written: string[],
  extra: Record<string, unknown>,
) => {
  const txn = ulid();
  const txnMembers = ids.map((s) => ({ streamId: s, version: 1 }));
  for (const s of written) {
    const { stored } = prepareCommit(s, EMPTY_STREAM, [registered(s)], meta);
    await doc.send(new PutCommand({ TableName: table, Item: { ...stored, ...extra, txn, txnMembers } }));
  }
};
const scan = async (table: string) => (await doc.send(new ScanCommand({ TableName: table }))).Items ?? [];

beforeAll(async () => {
  server = dynalite({ createTableMs: 0, deleteTableMs: 0 });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  doc = DynamoDBDocumentClient.from(client);
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe('event store after a crash of dynalite mid-write', () => {
  it('drops and reports an outbox entry whose commit was never written, and never publishes it', async () => {
    const { table, store, reports } = await freshStore();
    const id = streamId('customer', 'orphan');
    await cutShort(() => store.append(id, EMPTY_STREAM, [registered('orphan')], meta));
    expect(await outboxEntries(table)).toHaveLength(1);
    expect(await scan(table)).toEqual([]);

    expect(await store.readPending()).toEqual([]);
    expect(reports.join('\n')).toMatch(/dropped the outbox entry of customer-orphan version 1/);
    expect(await outboxEntries(table)).toEqual([]);
    expect(await scan(table)).toEqual([]);
    // The stream is writable at that version, and its commit is published as any other.
    const commit = await store.append(id, EMPTY_STREAM, [registered('orphan')], meta);
    expect((await store.readPending()).map((c) => c.commitId)).toEqual([commit.commitId]);
  });

  it('the store check finds orphan index entries and, with repair, drops them', async () => {
    const { table, store } = await freshStore();
    await store.append(streamId('customer', 'ok'), EMPTY_STREAM, [registered('ok')], meta);
    await cutShort(() =>
      store.append(streamId('customer', 'lost'), EMPTY_STREAM, [registered('lost')], meta),
    );
    const found = await store.checkStore({ repair: false });
    expect(found.orphanEntries).toBe(1);
    expect(found.repaired).toBe(false);
    expect(await outboxEntries(table)).toHaveLength(2);
    const repaired = await store.checkStore({ repair: true });
    expect(repaired.orphanEntries).toBe(1);
    expect(repaired.findings.join('\n')).toMatch(/dropped the index entries of customer-lost version 1/);
    expect((await outboxEntries(table)).map((e) => e.streamId)).toEqual([streamId('customer', 'ok')]);
    let replayed = 0;
    for await (const page of store.readAll()) replayed += page.length;
    expect(replayed).toBe(1);
    expect((await store.checkStore({ repair: false })).findings).toEqual([]);
  });

  it('the store check drops the write-index entry a back-dated commit cut short leaves, so backups never see it', async () => {
    const { store } = await freshStore();
    await store.append(streamId('customer', 'kept'), EMPTY_STREAM, [registered('kept')], meta);
    const backdated = { ...meta, at: new Date('2024-03-01T00:00:00.000Z') };
    await cutShort(() =>
      store.append(streamId('customer', 'old'), EMPTY_STREAM, [registered('old')], backdated),
    );
    const written = async () => {
      const ids: string[] = [];
      for await (const page of store.readWritten({ until: new Date().toISOString() }))
        ids.push(...page.map((c) => c.streamId));
      return ids;
    };
    expect(await written()).toContain(streamId('customer', 'old'));
    const repaired = await store.checkStore({ repair: true });
    expect(repaired.orphanEntries).toBe(1);
    expect(await written()).toEqual([streamId('customer', 'kept')]);
    expect((await store.checkStore({ repair: false })).findings).toEqual([]);
  });

  it('a key-only item names its stream and version on read, maps to a clear problem, and the check deletes it', async () => {
    const { table, store } = await freshStore();
    const id = streamId('customer', 'poisoned');
    const first = await store.append(id, EMPTY_STREAM, [registered('poisoned')], meta);
    await doc.send(new PutCommand({ TableName: table, Item: { streamId: id, version: 2 } }));
    const error = await store.readStream(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DamagedCommitError);
    expect(error).toMatchObject({ streamId: id, version: 2 });
    // Nor does a writer build on it: the stream's state names the damaged tail too.
    await expect(store.readStreamState(id)).rejects.toBeInstanceOf(DamagedCommitError);
    const problem = toProblem(error);
    expect(problem?.status).toBe(500);
    expect(problem?.code).toBe('damaged-commit');
    expect(problem?.detail).toContain(`version 2 of stream ${id}`);

    const report = await store.checkStore({ repair: true });
    expect(report.keyOnly).toBe(1);
    expect((await store.readStream(id)).map((c) => c.commitId)).toEqual([first.commitId]);
    await store.append(id, { version: 1, eventCount: 1 }, [renamed('poisoned', 'New')], meta);
    expect(await store.readStream(id)).toHaveLength(2);
  });

  it('publishes a commit whose outbox entry a crash removed (markPublished cut short is not a loss either way)', async () => {
    const { table, store } = await freshStore();
    const id = streamId('customer', 'unmarked');
    const commit = await store.append(id, EMPTY_STREAM, [registered('unmarked')], meta);
    // markPublished deletes the outbox entry first, then writes the item: cut short, the item is still
    // marked but the outbox no longer lists it.
    await cutShort(() => store.markPublished(id, 1, commit.commitId));
    expect(await store.readPending()).toEqual([]);
    const report = await store.checkStore({ repair: true });
    expect(report.pendingWithoutEntry).toBe(1);
    expect((await store.readPending()).map((c) => c.commitId)).toEqual([commit.commitId]);
    expect((await scan(table)).length).toBe(1);
  });

  it('markPublished leaves another commit at the same version alone', async () => {
    const { store } = await freshStore();
    const id = streamId('customer', 'other');
    const commit = await store.append(id, EMPTY_STREAM, [registered('other')], meta);
    await store.markPublished(id, 1, ulid());
    expect((await store.readPending()).map((c) => c.commitId)).toEqual([commit.commitId]);
  });

  it('settles multi-stream appends a crash left staged, even without their outbox entries', async () => {
    const { table, store } = await freshStore();
    const [a, b, c, d] = streams('a', 'b', 'c', 'd');
    // As a crash during undo leaves them: the items, their index entries already deleted (no `pending`).
    const stage = (ids: string[], written: string[]) => stageAppend(table, ids, written, {});
    await stage([a, b], [a, b]); // every member written: finished
    await stage([c, d], [c]); // d never written: undone
    expect(await store.readStream(a)).toEqual([]);
    const report = await store.checkStore({ repair: true });
    expect(report.stagedFinished).toBe(1);
    expect(report.stagedUndone).toBe(1);
    expect(await store.readStream(a)).toHaveLength(1);
    expect(await store.readStream(b)).toHaveLength(1);
    expect(await store.readStream(c)).toEqual([]);
    expect((await store.readPending()).map((x) => x.streamId).sort()).toEqual([a, b]);
    await store.append(c, EMPTY_STREAM, [registered('c')], meta);
  });

  it('after a clean stop settles staged appends found by their index entries, without scanning every item', async () => {
    const { table, store } = await freshStore();
    const [a, b, c, d] = streams('ca', 'cb', 'cc', 'cd');
    // As a stop between the commits of appendMany leaves them: staged, each with its outbox-index entry.
    const stage = (ids: string[], written: string[]) => stageAppend(table, ids, written, { pending: 's' });
    await stage([a, b], [a, b]);
    await stage([c, d], [c]);
    // What only a crash leaves, which this check does not look for.
    const damaged = streamId('customer', 'damaged');
    await doc.send(new PutCommand({ TableName: table, Item: { streamId: damaged, version: 1 } }));

    const report = await store.checkStore({ repair: true, afterCleanStop: true });
    expect(report).toMatchObject({
      scanned: false,
      stagedFinished: 1,
      stagedUndone: 1,
      keyOnly: 0,
      repaired: true,
    });
    expect(await store.readStream(a)).toHaveLength(1);
    expect(await store.readStream(b)).toHaveLength(1);
    expect(await store.readStream(c)).toEqual([]);
    expect((await store.readPending()).map((x) => x.streamId).sort()).toEqual([a, b]);
    // The full check still finds it.
    expect(await store.checkStore({ repair: false })).toMatchObject({ scanned: true, keyOnly: 1 });
  });
});
