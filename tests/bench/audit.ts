import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type StoredEntry, verifyEntries } from '../../domain/audit/chain-verifier.ts';
import type { StoredEvent } from '../../events/catalog.ts';
import { bulkChain } from '../../functions/audit/bulk.ts';
import { readEntries, toStored } from '../../functions/audit/store.ts';
import { verifyAuditLog } from '../../functions/audit/verify-log.ts';
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

/** A stored event as the bus would carry it, for chaining without an event store. */
const envelope = (i: number): StoredEvent =>
  ({
    id: `01BENCH${String(i).padStart(19, '0')}`,
    type: 'CustomerRegistered',
    version: 2,
    streamId: `customer-c${i}`,
    streamVersion: 1,
    occurredAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    actor: { id: 'sub', email: 'owner@firefly.example', role: 'owner', ip: '10.0.0.1', userAgent: 'bench' },
    correlationId: `c-${i}`,
    causationId: `c-${i}`,
    data: { customerId: `c${i}`, name: `Customer ${i}`, email: `c${i}@example.com`, marketingConsent: false },
  }) as StoredEvent;

/**
 * A large chain in dynalite with LevelDB on disk: built through the bulk path (as after an import),
 * then verified from the table, and the same entries verified in memory.
 */
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
    async function* pages() {
      for (let i = 0; i < entries; i += 500) {
        yield Array.from({ length: Math.min(500, entries - i) }, (_, n) => envelope(i + n + 1));
      }
    }
    const bulkStarted = performance.now();
    await bulkChain(pages(), { graceMs: 0 });
    const bulkSeconds = (performance.now() - bulkStarted) / 1000;
    // Digests live in S3; this run has none, so verification reads an empty digest index.
    const result = await verifyAuditLog();
    const items: StoredEntry[] = [];
    for await (const page of readEntries()) items.push(...page.map(toStored));
    const memoryStarted = performance.now();
    const inMemory = verifyEntries(items);
    const memorySeconds = (performance.now() - memoryStarted) / 1000;
    return {
      verifyChainEntries: entries,
      verifyOk: result.ok && inMemory.ok && result.checked === entries,
      verifyDynamoEntriesPerSecond: result.entriesPerSecond,
      verifyInMemoryEntriesPerSecond: round(entries / memorySeconds),
      bulkChainEntriesPerSecond: round(entries / bulkSeconds),
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
