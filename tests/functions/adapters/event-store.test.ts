import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamId } from '../../../events/envelope.ts';
import {
  append,
  CommitTooLargeError,
  ConcurrencyError,
  markPublished,
  readAll,
  readPending,
  readStream,
  readStreamState,
} from '../../../functions/adapters/event-store.ts';
import { tables } from '../../../functions/tables.ts';
import { type Service, startDynamo } from '../../../infra/local/services.ts';
import { ensureTable } from '../../../infra/local/tables.ts';

let dynamo: Service;
const meta = { actor: { id: 'tester', role: 'owner' }, correlationId: 'corr-1' };
const registered = (n: number) => ({
  type: 'CustomerRegistered' as const,
  data: { customerId: `c${n}`, name: `Customer ${n}`, email: `c${n}@example.com`, marketingConsent: false },
});
const renamed = (name: string) => ({
  type: 'CustomerDetailsChanged' as const,
  data: { customerId: 'c1', name },
});

beforeAll(async () => {
  dynamo = await startDynamo(undefined);
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    EVENTS_TABLE: 'test-events',
  });
  await ensureTable(new DynamoDBClient({}), 'test-events', tables.events);
});
afterAll(() => dynamo.stop());

describe('event store', () => {
  it('appends commits with versioned envelopes and reads them back in order', async () => {
    const stream = streamId('customer', 'c1');
    const first = await append(stream, { version: 0, eventCount: 0 }, [registered(1)], meta);
    const second = await append(stream, { version: 1, eventCount: 1 }, [renamed('A'), renamed('B')], meta);
    expect(first.events[0]).toMatchObject({
      streamVersion: 1,
      version: 2,
      actor: meta.actor,
      correlationId: 'corr-1',
    });
    expect(second.events.map((e) => e.streamVersion)).toEqual([2, 3]);
    const commits = await readStream(stream);
    expect(commits.map((c) => c.version)).toEqual([1, 2]);
    expect(await readStreamState(stream)).toEqual({ version: 2, eventCount: 3 });
    expect(await readStream(stream, 1)).toHaveLength(1);
  });

  it('refuses a stale expected version and writes nothing', async () => {
    const stream = streamId('customer', 'stale');
    await append(stream, { version: 0, eventCount: 0 }, [registered(2)], meta);
    await expect(append(stream, { version: 0, eventCount: 0 }, [registered(3)], meta)).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    expect((await readStream(stream)).flatMap((c) => c.events)).toHaveLength(1);
  });

  it('lets exactly one of 16 concurrent appends at the same version win', async () => {
    const stream = streamId('customer', 'race');
    await append(stream, { version: 0, eventCount: 0 }, [registered(4)], meta);
    const results = await Promise.allSettled(
      Array.from({ length: 16 }, (_, i) =>
        append(stream, { version: 1, eventCount: 1 }, [renamed(`n${i}`)], meta),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      results.filter((r) => r.status === 'rejected' && r.reason instanceof ConcurrencyError),
    ).toHaveLength(15);
    const versions = (await readStream(stream)).flatMap((c) => c.events.map((e) => e.streamVersion));
    expect(versions).toEqual([1, 2]);
  });

  it('refuses a commit over the item size limit before writing', async () => {
    const stream = streamId('customer', 'huge');
    const big = Array.from({ length: 400 }, (_, i) => renamed(`${'x'.repeat(1000)}${i}`));
    await expect(append(stream, { version: 0, eventCount: 0 }, big, meta)).rejects.toBeInstanceOf(
      CommitTooLargeError,
    );
    expect(await readStream(stream)).toEqual([]);
  });

  it('refuses events that break their schema', async () => {
    const bad = { type: 'CustomerRegistered', data: { customerId: 1 } } as unknown as ReturnType<
      typeof registered
    >;
    await expect(
      append(streamId('customer', 'bad'), { version: 0, eventCount: 0 }, [bad], meta),
    ).rejects.toThrow();
  });

  it('keeps unpublished commits in the outbox until marked published', async () => {
    const pending = await readPending(1000);
    expect(pending.length).toBeGreaterThan(0);
    for (const commit of pending) await markPublished(commit.streamId, commit.version);
    expect(await readPending(1000)).toEqual([]);
  });

  it('reads every commit in time order, including back-dated history, up to an instant', async () => {
    const stream = streamId('customer', 'history');
    await append(stream, { version: 0, eventCount: 0 }, [registered(9)], {
      ...meta,
      at: new Date('2021-03-01T00:00:00Z'),
    });
    await append(stream, { version: 1, eventCount: 1 }, [renamed('later')], {
      ...meta,
      at: new Date('2023-07-01T00:00:00Z'),
    });
    const all: string[] = [];
    for await (const page of readAll()) all.push(...page.map((c) => c.commitId));
    expect(all).toEqual([...all].sort());
    expect(all.length).toBeGreaterThanOrEqual(7);
    const early: string[] = [];
    for await (const page of readAll({ until: new Date('2022-01-01T00:00:00Z') }))
      early.push(...page.map((c) => c.streamId));
    expect(early).toEqual([stream]);
  });
});
