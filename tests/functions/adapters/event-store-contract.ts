import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../events/catalog.ts';
import { streamId } from '../../../events/envelope.ts';
import {
  type Commit,
  type CommitMeta,
  CommitTooLargeError,
  ConcurrencyError,
  EMPTY_STREAM,
  type EventStore,
  prepareCommit,
  type StoredCommit,
  writeIdOf,
  writtenAtOf,
} from '../../../functions/application/event-store-port.ts';

/**
 * The event-store port's contract: what every adapter promises. Run against each adapter (DynamoDB on
 * dynalite, memory) by event-store.test.ts; `fresh` gives an empty store for each test.
 */
export const meta: CommitMeta = { actor: { id: 'tester', role: 'owner' }, correlationId: 'corr-1' };
export const registered = (id: string): DomainEvent => ({
  type: 'CustomerRegistered',
  data: { customerId: id, name: `Customer ${id}`, email: `${id}@example.com`, marketingConsent: false },
});
export const renamed = (id: string, name: string): DomainEvent => ({
  type: 'CustomerDetailsChanged',
  data: { customerId: id, name },
});
const customer = (id: string) => streamId('customer', id);
const at = (iso: string): CommitMeta => ({ ...meta, at: new Date(iso) });

const all = async (pages: AsyncGenerator<Commit[]>) => {
  const commits: Commit[] = [];
  for await (const page of pages) commits.push(...page);
  return commits;
};

export const eventStoreContract = (name: string, fresh: () => Promise<EventStore>) => {
  describe(`event-store port contract: ${name}`, () => {
    it('appends commits with versioned envelopes and reads them back, with the stream state', async () => {
      const store = await fresh();
      expect(await store.isEmpty()).toBe(true);
      const s = customer('a');
      const first = await store.append(s, EMPTY_STREAM, [registered('a')], meta);
      await store.append(s, { version: 1, eventCount: 1 }, [renamed('a', 'A'), renamed('a', 'B')], meta);
      expect(first.events[0]).toMatchObject({ streamVersion: 1, actor: meta.actor, correlationId: 'corr-1' });
      expect((await store.readStream(s)).map((c) => c.version)).toEqual([1, 2]);
      expect((await store.readStream(s, 1)).map((c) => c.version)).toEqual([2]);
      expect(await store.readStreamState(s)).toEqual({ version: 2, eventCount: 3 });
      expect((await store.readLastCommit(s))?.version).toBe(2);
      expect(await store.readLastCommit(customer('none'))).toBeUndefined();
      expect(await store.readStreamState(customer('none'))).toEqual(EMPTY_STREAM);
      const event = (await store.readStream(s))[1]!.events[1]!;
      expect(await store.findEvent(event)).toEqual(event);
      expect(await store.findEvent({ ...event, id: 'nope' })).toBeUndefined();
      expect(await store.isEmpty()).toBe(false);
    });

    it('refuses a stale expected version (ConcurrencyError) and writes nothing', async () => {
      const store = await fresh();
      const s = customer('stale');
      await store.append(s, EMPTY_STREAM, [registered('stale')], meta);
      await expect(store.append(s, EMPTY_STREAM, [registered('stale')], meta)).rejects.toBeInstanceOf(
        ConcurrencyError,
      );
      expect(await store.readStream(s)).toHaveLength(1);
    });

    it('lets exactly one of 16 concurrent appends at the same version win', async () => {
      const store = await fresh();
      const s = customer('race');
      await store.append(s, EMPTY_STREAM, [registered('race')], meta);
      const results = await Promise.allSettled(
        Array.from({ length: 16 }, (_, i) =>
          store.append(s, { version: 1, eventCount: 1 }, [renamed('race', `n${i}`)], meta),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(
        results.filter((r) => r.status === 'rejected' && r.reason instanceof ConcurrencyError),
      ).toHaveLength(15);
      expect((await store.readStream(s)).flatMap((c) => c.events.map((e) => e.streamVersion))).toEqual([
        1, 2,
      ]);
    });

    it('refuses a commit over the size limit (CommitTooLargeError) before writing', async () => {
      const store = await fresh();
      const big = Array.from({ length: 400 }, (_, i) => renamed('huge', `${'x'.repeat(1000)}${i}`));
      await expect(store.append(customer('huge'), EMPTY_STREAM, big, meta)).rejects.toBeInstanceOf(
        CommitTooLargeError,
      );
      await expect(
        store.appendMany(
          [
            { streamId: customer('small'), expected: EMPTY_STREAM, events: [registered('small')] },
            { streamId: customer('huge'), expected: EMPTY_STREAM, events: big },
          ],
          meta,
        ),
      ).rejects.toBeInstanceOf(CommitTooLargeError);
      expect(await store.isEmpty()).toBe(true);
    });

    it('refuses events that break their schema, writing nothing', async () => {
      const store = await fresh();
      const bad = { type: 'CustomerRegistered', data: { customerId: 1 } } as unknown as DomainEvent;
      await expect(store.append(customer('bad'), EMPTY_STREAM, [bad], meta)).rejects.toThrow();
      await expect(
        store.appendMany(
          [
            { streamId: customer('good'), expected: EMPTY_STREAM, events: [registered('good')] },
            { streamId: customer('bad'), expected: EMPTY_STREAM, events: [bad] },
          ],
          meta,
        ),
      ).rejects.toThrow();
      expect(await store.isEmpty()).toBe(true);
    });

    it('appends to several streams at once, each commit after its own expected version', async () => {
      const store = await fresh();
      await store.append(customer('m2'), EMPTY_STREAM, [registered('m2')], meta);
      const commits = await store.appendMany(
        [
          { streamId: customer('m1'), expected: EMPTY_STREAM, events: [registered('m1')] },
          { streamId: customer('m2'), expected: { version: 1, eventCount: 1 }, events: [renamed('m2', 'B')] },
          { streamId: customer('m0'), expected: EMPTY_STREAM, events: [registered('m0')] },
        ],
        { ...meta, correlationId: 'many' },
      );
      expect(commits.map((c) => [c.streamId, c.version])).toEqual([
        [customer('m1'), 1],
        [customer('m2'), 2],
        [customer('m0'), 1],
      ]);
      for (const c of commits) expect(await store.readStream(c.streamId, c.version - 1)).toEqual([c]);
      expect(commits[1]!.events[0]!.streamVersion).toBe(2);
      const pending = await store.readPending(100);
      expect(pending.filter((c) => c.events[0]!.correlationId === 'many')).toHaveLength(3);
      expect(await store.appendMany([], meta)).toEqual([]);
    });

    it('appendMany is all or nothing: a conflict on a later stream leaves the earlier ones untouched', async () => {
      const store = await fresh();
      // "a…" sorts before "b…" and comes first: whatever order an adapter writes in, the first is untouched.
      const [first, second] = [customer('a-first'), customer('b-second')];
      await store.append(second, EMPTY_STREAM, [registered('b-second')], meta);
      const error = await store
        .appendMany(
          [
            { streamId: first, expected: EMPTY_STREAM, events: [registered('a-first')] },
            { streamId: second, expected: EMPTY_STREAM, events: [registered('b-second')] },
          ],
          { ...meta, correlationId: 'refused' },
        )
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect((error as ConcurrencyError).streamId).toBe(second);
      expect(await store.readStream(first)).toEqual([]);
      expect(await store.readStreamState(first)).toEqual(EMPTY_STREAM);
      expect(await store.readStream(second)).toHaveLength(1);
      const everything = await all(store.readAll());
      expect(everything.map((c) => c.streamId)).toEqual([second]);
      expect((await store.readPending(100)).map((c) => c.streamId)).toEqual([second]);
      // The first stream is free: a later append at its version 0 goes through.
      await store.append(first, EMPTY_STREAM, [registered('a-first')], meta);
      expect(await store.readStream(first)).toHaveLength(1);
    });

    it('appendMany with the conflict on the first stream given writes nothing either', async () => {
      const store = await fresh();
      const [taken, free] = [customer('z-taken'), customer('c-free')];
      await store.append(taken, EMPTY_STREAM, [registered('z-taken')], meta);
      await expect(
        store.appendMany(
          [
            { streamId: taken, expected: EMPTY_STREAM, events: [registered('z-taken')] },
            { streamId: free, expected: EMPTY_STREAM, events: [registered('c-free')] },
          ],
          meta,
        ),
      ).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await store.readStream(free)).toEqual([]);
    });

    it('lets exactly one of 8 concurrent appendMany over the same streams win, whole', async () => {
      const store = await fresh();
      const streams = [customer('x'), customer('y'), customer('w')];
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) =>
          store.appendMany(
            // Each writer lists the streams in another order.
            [...streams]
              .sort(() => (i % 2 === 0 ? 1 : -1))
              .map((s) => ({ streamId: s, expected: EMPTY_STREAM, events: [registered(`w${i}`)] })),
            { ...meta, correlationId: `writer-${i}` },
          ),
        ),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConcurrencyError);
      const winners = new Set<string>();
      for (const s of streams) {
        const commits = await store.readStream(s);
        expect(commits).toHaveLength(1);
        winners.add(commits[0]!.events[0]!.correlationId);
      }
      expect(winners.size).toBe(1);
    });

    it('refuses two commits for one stream in one appendMany', async () => {
      const store = await fresh();
      const s = customer('twice');
      await expect(
        store.appendMany(
          [
            { streamId: s, expected: EMPTY_STREAM, events: [registered('twice')] },
            { streamId: s, expected: { version: 1, eventCount: 1 }, events: [renamed('twice', 'T')] },
          ],
          meta,
        ),
      ).rejects.toThrow(/two commits/);
      expect(await store.readStream(s)).toEqual([]);
    });

    it('reads every commit in time order across month partitions, with the cursor and bound forms', async () => {
      const store = await fresh();
      const times = [
        '2021-03-01T00:00:00.000Z',
        '2023-07-01T00:00:00.000Z',
        '2024-12-31T23:59:59.000Z',
        '2025-01-01T00:00:00.000Z',
        '2025-01-15T10:00:00.000Z',
      ];
      // Written out of time order, on two streams.
      const order = [3, 0, 4, 1, 2];
      const versions = new Map<string, number>();
      for (const i of order) {
        const s = customer(i % 2 === 0 ? 'even' : 'odd');
        const v = versions.get(s) ?? 0;
        await store.append(
          s,
          { version: v, eventCount: v },
          [v === 0 ? registered(i % 2 === 0 ? 'even' : 'odd') : renamed('x', `at ${i}`)],
          at(times[i]!),
        );
        versions.set(s, v + 1);
      }
      const everything = await all(store.readAll());
      expect(everything.map((c) => c.committedAt)).toEqual(times);
      const ids = everything.map((c) => c.commitId);
      expect(ids).toEqual([...ids].sort());
      expect((await all(store.readAll({ afterCommitId: ids[1] }))).map((c) => c.commitId)).toEqual(
        ids.slice(2),
      );
      expect(
        (await all(store.readAll({ until: '2024-12-31T23:59:59.000Z' }))).map((c) => c.commitId),
      ).toEqual(ids.slice(0, 3));
      expect(
        (
          await all(store.readAll({ afterCommitId: ids[0], until: new Date('2025-01-01T00:00:00.000Z') }))
        ).map((c) => c.commitId),
      ).toEqual(ids.slice(1, 4));
      expect(
        (await all(store.readAll({ newestFirst: true, since: '2024-12-01' }))).map((c) => c.committedAt),
      ).toEqual([times[4], times[3], times[2]]);
      expect((await all(store.readAll({ pageSize: 2 }))).map((c) => c.commitId)).toEqual(ids);
    });

    it('reads every commit in the order it was written, back-dated ones by when they were written', async () => {
      const store = await fresh();
      const written: string[] = [];
      const live = async (name: string) =>
        written.push((await store.append(customer(name), EMPTY_STREAM, [registered(name)], meta)).commitId);
      await live('first');
      // Back-dated appends, themselves out of time order, between live ones.
      written.push(
        (await store.append(customer('b1'), EMPTY_STREAM, [registered('b1')], at('2023-07-01T00:00:00Z')))
          .commitId,
      );
      written.push(
        (await store.append(customer('b0'), EMPTY_STREAM, [registered('b0')], at('2021-03-01T00:00:00Z')))
          .commitId,
      );
      await live('second');
      const imported = prepareCommit(
        customer('b2'),
        EMPTY_STREAM,
        [registered('b2')],
        at('2022-01-01T00:00:00Z'),
      );
      await store.importCommits([imported.stored]);
      written.push(imported.stored.commitId);
      await live('third');
      const walk = async (options: Parameters<typeof store.readWritten>[0]) => {
        const commits: StoredCommit[] = [];
        for await (const page of store.readWritten(options)) commits.push(...page);
        return commits;
      };
      const future = '2999-01-01T00:00:00.000Z';
      const everything = await walk({ until: future });
      expect(everything.map((c) => c.commitId)).toEqual(written);
      for (const c of everything) {
        expect(typeof c.events).toBe('string');
        expect(JSON.parse(c.events)[0].id).toBe(c.commitId);
      }
      // Back-dated commits carry their own write id; live ones are written at their own time.
      expect(everything.map((c) => c.writeId !== undefined)).toEqual([false, true, true, false, true, false]);
      const mark = writeIdOf(everything[1]!);
      expect((await walk({ afterWriteId: mark, until: future })).map((c) => c.commitId)).toEqual(
        written.slice(2),
      );
      // The bound is on when a commit was written, not on its own (business) time.
      const before = new Date(Date.parse(writtenAtOf(everything[0]!)) - 1).toISOString();
      expect(await walk({ until: before })).toEqual([]);
    });

    it('keeps new commits in the outbox, oldest first, until each is marked published', async () => {
      const store = await fresh();
      await store.append(customer('o2'), EMPTY_STREAM, [registered('o2')], at('2025-02-01T00:00:00Z'));
      await store.append(customer('o1'), EMPTY_STREAM, [registered('o1')], at('2025-01-01T00:00:00Z'));
      const pending = await store.readPending(10);
      expect(pending.map((c) => c.streamId)).toEqual([customer('o1'), customer('o2')]);
      expect(await store.readPending(1)).toHaveLength(1);
      await store.markPublished(customer('o1'), 1);
      expect((await store.readPending(10)).map((c) => c.streamId)).toEqual([customer('o2')]);
      // Marking again is harmless.
      await store.markPublished(customer('o1'), 1);
      await store.markPublished(customer('o2'), 1);
      expect(await store.readPending(10)).toEqual([]);
      expect(await store.readStream(customer('o1'))).toHaveLength(1);
    });

    it('markPublished on a missing commit creates nothing', async () => {
      const store = await fresh();
      await store.markPublished(customer('ghost'), 1);
      await store.markPublished(customer('ghost'), 7);
      expect(await store.readStream(customer('ghost'))).toEqual([]);
      expect(await store.readStreamState(customer('ghost'))).toEqual(EMPTY_STREAM);
      expect(await store.isEmpty()).toBe(true);
      // Nothing occupies version 1: the stream's first append goes through.
      await store.append(customer('ghost'), EMPTY_STREAM, [registered('ghost')], meta);
      expect(await store.readStream(customer('ghost'))).toHaveLength(1);
    });

    it('imports prepared commits as they are, never into the outbox', async () => {
      const store = await fresh();
      const s = customer('imported');
      const one = prepareCommit(s, EMPTY_STREAM, [registered('imported')], at('2022-05-01T00:00:00Z'));
      const two = prepareCommit(
        s,
        { version: 1, eventCount: 1 },
        [renamed('imported', 'I')],
        at('2022-06-01T00:00:00Z'),
      );
      await store.importCommits([one.stored, two.stored]);
      expect(await store.readStream(s)).toEqual([one.commit, two.commit]);
      expect(await store.readPending(10)).toEqual([]);
      expect((await all(store.readAll())).map((c) => c.commitId)).toEqual([
        one.stored.commitId,
        two.stored.commitId,
      ]);
      const stored = [];
      for await (const page of store.readWritten({ until: '2999-01-01T00:00:00.000Z' })) stored.push(...page);
      // As they are, but each with the id of when it was written: long after its own time.
      expect(stored).toEqual([
        { ...one.stored, writeId: expect.any(String) },
        { ...two.stored, writeId: expect.any(String) },
      ]);
      expect(stored.every((c) => writtenAtOf(c) > '2022-06-01T00:00:00Z')).toBe(true);
      await expect(
        store.append(s, { version: 1, eventCount: 1 }, [renamed('imported', 'X')], meta),
      ).rejects.toBeInstanceOf(ConcurrencyError);
    });
  });
};
