import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../domain/audit/canonical.ts';
import { entryHash, GENESIS_HASH, seal } from '../../../domain/audit/hash-chain.ts';
import { streamId } from '../../../events/envelope.ts';
import { dynamo } from '../../../functions/adapters/clients.ts';
import { appendRecorded, eventStore, readStream } from '../../../functions/adapters/event-store.ts';
import { prepareCommit } from '../../../functions/application/event-store-port.ts';
import { handler as consumer } from '../../../functions/audit/consumer.ts';
import { backfillAuditLog } from '../../../functions/audit/digests.ts';
import { readTail, seqKey } from '../../../functions/audit/store.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../support/cloud.ts';

let cloud: TestCloud;
let owner: Api;
let analyst: Api;

const table = () => process.env.AUDIT_TABLE!;
const getItem = async (seq: number) =>
  (await dynamo().send(new GetCommand({ TableName: table(), Key: { pk: 'chain', sk: seqKey(seq) } }))).Item!;
const putItem = (item: Record<string, unknown>) =>
  dynamo().send(new PutCommand({ TableName: table(), Item: item }));
const deleteItem = (seq: number) =>
  dynamo().send(new DeleteCommand({ TableName: table(), Key: { pk: 'chain', sk: seqKey(seq) } }));
const verify = async (query = '') => (await owner.get(`/api/audit/verify${query}`)).body;

/** Runs `tamper`, checks verification names the break, and puts the original items back. */
const tampered = async (seqs: number[], tamper: () => Promise<void>) => {
  const originals = await Promise.all(seqs.map(getItem));
  await tamper();
  const result = await verify();
  for (const seq of seqs) await deleteItem(seq);
  for (const item of originals) await putItem(item);
  return result as Json & { firstBroken: { seq: number; kind: string; message: string } };
};

beforeAll(async () => {
  cloud = await startTestCloud();
  owner = await signedIn(cloud, 'owner');
  analyst = await signedIn(cloud, 'analyst');
  for (const name of ['Ada', 'Grace', 'Alan']) {
    await owner.post('/api/customers', { name, email: `${name.toLowerCase()}@example.com` });
  }
  await cloud.settle();
});
afterAll(() => cloud?.stop());

describe('the audit log', () => {
  it('turns every domain event into an entry saying who, what, when and why', async () => {
    const customer = await owner.post(
      '/api/customers',
      { name: 'Katherine', email: 'kj@example.com' },
      {
        'user-agent': 'audit-test/1.0',
        'x-forwarded-for': '198.51.100.7',
        'x-correlation-id': 'corr-audit-1',
      },
    );
    await cloud.settle();
    const found = await owner.get(`/api/audit/entries?record=customer-${customer.body.id}`);
    expect(found.status).toBe(200);
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items?.[0]).toMatchObject({
      eventType: 'CustomerRegistered',
      record: { type: 'customer', id: customer.body.id },
      actor: {
        email: 'owner@firefly.example',
        role: 'owner',
        ip: '198.51.100.7',
        userAgent: 'audit-test/1.0',
      },
      correlationId: 'corr-audit-1',
      summary: expect.stringContaining('A customer was registered'),
    });
    // Sign-in attempts are in it too, and so is that search.
    const signIns = await owner.get('/api/audit/entries?type=SignInSucceeded&who=owner@firefly.example');
    expect(signIns.body.items?.length).toBeGreaterThan(0);
    await cloud.settle();
    const reads = await owner.get('/api/audit/entries?type=SensitiveDataAccessed&who=owner@firefly.example');
    expect(reads.body.items?.map((e) => (e.changes as Json).resource)).toContain('audit-log');
  });

  it('chains each event once, whatever the duplicates and the order', async () => {
    const commits = [];
    for (let i = 0; i < 12; i++) {
      commits.push(
        await appendRecorded(
          streamId('customer', `dup${i}`),
          [
            {
              type: 'CustomerRegistered',
              data: {
                customerId: `dup${i}`,
                name: `Dup ${i}`,
                email: `d${i}@x.com`,
                marketingConsent: false,
              },
            },
          ],
          { actor: { id: 'test', role: 'system' }, correlationId: `dup-${i}` },
        ),
      );
    }
    await cloud.settle();
    const before = (await readTail())!.seq;
    const events = commits.flatMap((c) => c.events);
    // Redeliver every event three times, shuffled, all at once.
    const deliveries = [...events, ...events, ...events].sort(() => Math.random() - 0.5);
    await Promise.all(
      deliveries.map((detail) => consumer({ detail } as unknown as Parameters<typeof consumer>[0])),
    );
    expect((await readTail())!.seq).toBe(before);
    const result = await verify();
    expect(result).toMatchObject({ ok: true, toSeq: before });
    // A forged event (not in the store) is never chained.
    const forged = { ...events[0]!, id: '01FORGEDEVENT0000000000000', data: { customerId: 'x' } };
    expect(await consumer({ detail: forged } as unknown as Parameters<typeof consumer>[0])).toEqual({
      result: 'unverified',
    });
  });

  it('searches by person, record, type and time range, and pages with a cursor', async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const byTime = await owner.get(`/api/audit/entries?from=${from}&to=${to}&limit=5`);
    expect(byTime.body.items).toHaveLength(5);
    const seen = new Set<number>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await owner.get(
        `/api/audit/entries?type=CustomerRegistered&limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      for (const entry of page.body.items ?? []) seen.add(entry.seq as number);
      cursor = page.body.nextCursor as string | undefined;
      pages += 1;
    } while (cursor && pages < 20);
    expect(seen.size).toBe(16);
    const future = await owner.get(`/api/audit/entries?from=2099-01-01T00:00:00Z`);
    expect(future.body.items).toEqual([]);
    expect(
      (await owner.get('/api/audit/entries?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z')).status,
    ).toBe(400);
    expect((await analyst.get('/api/audit/entries')).status).toBe(403);
  });

  it('exports CSV and JSON, and records the export', async () => {
    const csv = await owner.get<string>('/api/audit/export?type=CustomerRegistered');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="audit-.*\.csv"/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^seq,chainedAt,occurredAt,eventType/);
    expect(lines).toHaveLength(17);
    const json = await owner.get<{ entries: Json[] }>(
      '/api/audit/export?type=CustomerRegistered&format=json',
    );
    expect(json.body.entries).toHaveLength(16);
    await cloud.settle();
    const recorded = await owner.get('/api/audit/entries?type=SensitiveDataAccessed');
    expect(recorded.body.items?.map((e) => (e.changes as Json).resource)).toContain('audit-export');
  });
});

describe('digests and verification', () => {
  it('seals digests in S3 that chain to each other and to the log', async () => {
    const first = await owner.post('/api/audit/digests');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ written: true, fromSeq: 1 });
    await owner.post('/api/customers', { name: 'Tim', email: 'tim@example.com' });
    await cloud.settle();
    const second = await owner.post('/api/audit/digests');
    expect(second.body).toMatchObject({ written: true, fromSeq: (first.body.toSeq as number) + 1 });
    const again = await owner.post('/api/audit/digests');
    expect(again.body).toMatchObject({ written: false });
    const digests = await owner.get('/api/audit/digests');
    expect(digests.body.items).toHaveLength(2);
    expect(await verify()).toMatchObject({ ok: true, digests: { count: 2, ok: true }, digestsChecked: 2 });
  });

  it('names an edited entry', async () => {
    const result = await tampered([5], async () => {
      const item = await getItem(5);
      await putItem({
        ...item,
        entry: (item.entry as string).replace(/"summary":"[^"]*"/, '"summary":"nothing to see"'),
      });
    });
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ seq: 5, kind: 'edited' });
  });

  it('names a deleted entry', async () => {
    const result = await tampered([7], () => deleteItem(7).then(() => undefined));
    expect(result.firstBroken).toMatchObject({ seq: 7, kind: 'deleted' });
  });

  it('names an inserted entry, even one with a valid hash', async () => {
    const tail = (await readTail())!.seq;
    const seqs = Array.from({ length: tail - 5 }, (_, i) => i + 6);
    const result = await tampered(seqs, async () => {
      // Shift entries 6.. up by one and slip a well-formed entry in at 6, hashed onto entry 5.
      const items = await Promise.all(seqs.map(getItem));
      for (const item of items.reverse()) {
        const seq = Number((item.sk as string).slice(2));
        await putItem({ ...item, sk: seqKey(seq + 1) });
      }
      const five = await getItem(5);
      const body = JSON.parse(five.entry as string);
      const forged = seal(
        { ...body, eventId: '01FORGED', summary: 'owner approved a refund' },
        6,
        five.hash as string,
        body.chainedAt,
      );
      await putItem({
        ...five,
        sk: seqKey(6),
        entry: forged.canonical,
        hash: forged.hash,
        prevHash: forged.prevHash,
      });
    });
    await deleteItem(tail + 1);
    expect(result.firstBroken).toMatchObject({ seq: 6, kind: 'inserted' });
  });

  it('names reordered entries', async () => {
    const result = await tampered([8, 9], async () => {
      const [eight, nine] = [await getItem(8), await getItem(9)];
      await putItem({ ...nine, sk: seqKey(8) });
      await putItem({ ...eight, sk: seqKey(9) });
    });
    expect(result.firstBroken).toMatchObject({ seq: 8, kind: 'reordered' });
  });

  it('catches a consistent rewrite through the digest, and a cut tail', async () => {
    const tail = (await readTail())!.seq;
    const seqs = Array.from({ length: tail - 3 }, (_, i) => i + 4);
    const rewritten = await tampered(seqs, async () => {
      let prev = (await getItem(3)).hash as string;
      for (const seq of seqs) {
        const item = await getItem(seq);
        const body = JSON.parse(item.entry as string);
        const entry = canonicalJson({ ...body, prevHash: prev, summary: `${body.summary} (rewritten)` });
        const hash = entryHash(prev, entry);
        await putItem({ ...item, entry, hash, prevHash: prev });
        prev = hash;
      }
    });
    expect(rewritten.firstBroken).toMatchObject({ kind: 'digest' });
    const cut = await tampered([tail], () => deleteItem(tail).then(() => undefined));
    expect(cut.firstBroken).toMatchObject({ seq: tail, kind: 'deleted' });
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('verifies deeply against the event store', async () => {
    const deep = await verify('?deep=true');
    expect(deep).toMatchObject({ ok: true, deep: { missingFromLog: [] } });
    expect((deep.deep as Json).entriesMatched).toBe(deep.checked);
  });
});

describe('bulk catch-up', () => {
  it('chains history imported without the bus, in bulk, alongside live events', async () => {
    const items = Array.from({ length: 300 }, (_, i) => {
      const { stored } = prepareCommit(
        streamId('customer', `imported${i}`),
        { version: 0, eventCount: 0 },
        [
          {
            type: 'CustomerRegistered',
            data: {
              customerId: `imported${i}`,
              name: `Imported ${i}`,
              email: `i${i}@x.com`,
              marketingConsent: false,
            },
          },
        ],
        {
          actor: { id: 'import', role: 'system' },
          correlationId: `import-${i}`,
          at: new Date(Date.UTC(2025, 0, 1) + i * 60_000),
        },
      );
      return stored;
    });
    await eventStore.importCommits(items);
    const [backfilled] = await Promise.all([
      backfillAuditLog(),
      owner.post('/api/customers', { name: 'Live during import', email: 'live@example.com' }),
    ]);
    expect(backfilled.chained).toBeGreaterThanOrEqual(300);
    await cloud.settle();
    const deep = await verify('?deep=true');
    expect(deep).toMatchObject({ ok: true, deep: { missingFromLog: [] } });
    expect((await backfillAuditLog()).chained).toBe(0);
  });
});

describe('evidence packs', () => {
  it('hold the entries of a period with a proof anyone can recompute', async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date().toISOString();
    const res = await owner.get<{
      range: { fromSeq: number; toSeq: number };
      entries: { seq: number; prevHash: string; hash: string; canonical: string }[];
      proof: { anchor: { hash: string }; lastHash: string; digests: unknown[]; verification: Json };
    }>(`/api/audit/evidence?from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    const pack = res.body;
    expect(pack.entries.length).toBeGreaterThan(10);
    expect(pack.proof.verification).toMatchObject({ ok: true });
    expect(pack.proof.digests.length).toBeGreaterThan(0);
    let prev = pack.proof.anchor.hash;
    for (const entry of pack.entries) {
      expect(entry.prevHash).toBe(prev);
      prev = entryHash(prev, entry.canonical);
      expect(prev).toBe(entry.hash);
    }
    expect(prev).toBe(pack.proof.lastHash);
    expect(pack.proof.anchor.hash).toBe(pack.range.fromSeq === 1 ? GENESIS_HASH : pack.proof.anchor.hash);
    const csv = await owner.get<string>(`/api/audit/evidence?from=${from}&to=${to}&format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.body.split('\r\n')[0]).toMatch(/,hash,canonical$/);
    await cloud.settle();
    const stream = await readStream(streamId('access', 'owner@firefly.example'));
    expect(stream.flatMap((c) => c.events).map((e) => (e.data as Json).resource)).toContain('evidence-pack');
  });
});
