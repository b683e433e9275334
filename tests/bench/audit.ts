import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  type AuditBody,
  ENTRY_FORMAT,
  GENESIS_HASH,
  type SealedEntry,
  seal,
} from '../../domain/security/audit.ts';
import { verifyEntries } from '../../domain/security/verify.ts';
import { entryItem, toStored } from '../../functions/audit/store.ts';
import { verifyAuditLog } from '../../functions/audit/verify.ts';
import { dynamo } from '../../functions/shared/clients.ts';
import { tables } from '../../functions/tables.ts';
import { startDynamo } from '../../infra/local/services.ts';
import { ensureTable } from '../../infra/local/tables.ts';
import { apiAs, type Json, signIn } from '../support/cloud.ts';
import { percentile, round, startPlatform } from './support.ts';

/**
 * Audit log figures (called by `npm run bench`, or on its own: `npx tsx tests/bench/audit.ts`):
 * - lag from an event's commit to its audit entry (the entry's chainedAt minus the event's time), for
 *   requests one at a time and for a burst of 16 concurrent writers, on the platform as `npm start`
 *   runs it (LevelDB on disk, outbox poller, bus, consumer);
 * - verification speed: through the API on that platform's chain, and on a larger chain in dynalite
 *   (LevelDB on disk) and in memory.
 * BENCH_QUICK=1 shortens every run.
 */
const quick = process.env.BENCH_QUICK === '1';

const stats = (values: number[], prefix: string) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    [`${prefix}P50Ms`]: round(percentile(sorted, 50)),
    [`${prefix}P95Ms`]: round(percentile(sorted, 95)),
    [`${prefix}MaxMs`]: round(sorted.at(-1) ?? Number.NaN),
  };
};

const inParallel = async (count: number, concurrency: number, task: (i: number) => Promise<unknown>) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const lagOnPlatform = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'firefly-bench-audit-'));
  const platform = await startPlatform({ DATA_DIR: dataDir, SEED: 'none' });
  try {
    const api = apiAs(platform, (await signIn(platform, 'owner')).idToken);
    /**
     * Waits until the chain stops growing (verification is not itself audited, so polling it adds
     * nothing to the log), then reads the entries once and returns the lags of those tagged.
     */
    const lagsOf = async (tag: string, count: number) => {
      for (let attempt = 0; attempt < 100; attempt++) {
        let last = -1;
        for (let stable = 0; stable < 2; ) {
          await sleep(150);
          const tail = (await api.get('/api/audit/verify')).body.toSeq as number;
          stable = tail === last ? stable + 1 : 0;
          last = tail;
        }
        const entries: Json[] = [];
        let cursor: string | undefined;
        do {
          const page = await api.get(
            `/api/audit/entries?type=CustomerRegistered&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          );
          entries.push(...(page.body.items ?? []));
          cursor = page.body.nextCursor as string | undefined;
        } while (cursor);
        const mine = entries.filter((e) => String(e.correlationId).startsWith(`${tag}-`));
        if (mine.length >= count) {
          return mine.map((e) => Date.parse(String(e.chainedAt)) - Date.parse(String(e.occurredAt)));
        }
      }
      throw new Error(`audit entries for ${tag} never all arrived`);
    };
    const create = (tag: string, i: number) =>
      api.post(
        '/api/customers',
        { name: `Bench ${i}`, email: `b${i}@example.com` },
        { 'x-correlation-id': `${tag}-${i}` },
      );

    const sequential = quick ? 30 : 200;
    for (let i = 0; i < sequential; i++) {
      await create('seq', i);
      await sleep(10);
    }
    const sequentialLags = await lagsOf('seq', sequential);

    const burst = quick ? 100 : 500;
    const started = Date.now();
    await inParallel(burst, 16, (i) => create('burst', i));
    const requestSeconds = (Date.now() - started) / 1000;
    const burstLags = await lagsOf('burst', burst);

    const verified = (await api.get('/api/audit/verify')).body;
    return {
      ...stats(sequentialLags, 'lag'),
      ...stats(burstLags, 'lagBurst16'),
      burstEvents: burst,
      burstRequestsPerSecond: round(burst / requestSeconds),
      apiVerifyEntries: verified.checked as number,
      apiVerifyEntriesPerSecond: verified.entriesPerSecond as number,
      apiVerifyOk: verified.ok as boolean,
    };
  } finally {
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

const body = (i: number): AuditBody => ({
  format: ENTRY_FORMAT,
  eventId: `01BENCH${String(i).padStart(19, '0')}`,
  eventType: 'CustomerRegistered',
  eventVersion: 2,
  context: 'customers',
  streamId: `customer-c${i}`,
  streamVersion: 1,
  record: { type: 'customer', id: `c${i}` },
  occurredAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
  actor: { id: 'sub', email: 'owner@firefly.example', role: 'owner', ip: '10.0.0.1', userAgent: 'bench' },
  correlationId: `c-${i}`,
  causationId: `c-${i}`,
  summary: `owner@firefly.example: A customer was registered (customer c${i}) — name Customer ${i}`,
  changes: {
    customerId: `c${i}`,
    name: `Customer ${i}`,
    email: `c${i}@example.com`,
    marketingConsent: false,
  },
});

const verifySpeed = async () => {
  const entries = quick ? 3_000 : 20_000;
  const dir = mkdtempSync(join(tmpdir(), 'firefly-bench-verify-'));
  const db = await startDynamo(join(dir, 'dynamodb'));
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: db.url,
    AUDIT_TABLE: 'bench-audit',
    AUDIT_BUCKET: 'bench-audit',
  });
  try {
    await ensureTable(new DynamoDBClient({}), 'bench-audit', tables.audit);
    const chain: { sealed: SealedEntry; body: AuditBody }[] = [];
    let prev = GENESIS_HASH;
    const sealStarted = performance.now();
    for (let i = 1; i <= entries; i++) {
      const b = body(i);
      const sealed = seal(b, i, prev, new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString());
      chain.push({ sealed, body: b });
      prev = sealed.hash;
    }
    const sealPerSecond = entries / ((performance.now() - sealStarted) / 1000);
    const items = chain.map(({ sealed, body: b }) => entryItem(sealed, b, b.occurredAt));
    const batches: (typeof items)[] = [];
    for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
    await inParallel(batches.length, 8, async (n) => {
      let requests: Record<string, unknown>[] | undefined = batches[n]!.map((Item) => ({
        PutRequest: { Item },
      }));
      while (requests?.length) {
        const result = await dynamo().send(
          new BatchWriteCommand({ RequestItems: { 'bench-audit': requests } }),
        );
        requests = result.UnprocessedItems?.['bench-audit'] as Record<string, unknown>[] | undefined;
      }
    });
    // Digests live in S3; this run has none, so verification reads an empty digest index.
    const result = await verifyAuditLog();
    const memoryStarted = performance.now();
    const inMemory = verifyEntries(items.map(toStored));
    const memorySeconds = (performance.now() - memoryStarted) / 1000;
    return {
      verifyChainEntries: entries,
      verifyOk: result.ok && inMemory.ok,
      verifyDynamoEntriesPerSecond: result.entriesPerSecond,
      verifyInMemoryEntriesPerSecond: round(entries / memorySeconds),
      sealEntriesPerSecond: round(sealPerSecond),
    };
  } finally {
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
};

export const benchAudit = async (): Promise<Record<string, number>> => {
  const lag = await lagOnPlatform();
  const verify = await verifySpeed();
  const figures = { ...lag, ...verify };
  return Object.fromEntries(
    Object.entries(figures).map(([k, v]) => [k, typeof v === 'boolean' ? Number(v) : v]),
  );
};

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchAudit(), null, 2));
  process.exit(0);
}
