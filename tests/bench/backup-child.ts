import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { encodeTime, ulid } from 'ulid';
import { upcast } from '../../events/catalog.ts';
import { getStream, Tally, uploadStream } from '../../functions/adapters/blobs.ts';
import { eventStore } from '../../functions/adapters/event-store.ts';
import { prepareCommit, type StoredCommit } from '../../functions/application/event-store-port.ts';
import { collect, verifyRun, writeManifest, writeParts } from '../../functions/backup/backup.ts';
import { lineOf } from '../../functions/backup/commits.ts';
import { readPart, writePart } from '../../functions/backup/parts.ts';
import {
  BatchWriter,
  createRestoreTables,
  loadChain,
  planRestore,
  verifyChain,
} from '../../functions/backup/restore.ts';
import { runExport } from '../../functions/export/export.ts';
import { type Format, writers } from '../../functions/export/formats.ts';
import { buckets, tables } from '../../functions/manifest.ts';
import type { Service } from '../../infra/local/services.ts';
import { ensureTable } from '../../infra/local/tables.ts';

/**
 * One measurement of `npm run bench`'s backup section, in a process of its own so its peak resident
 * memory (maxRSS) is its own. Prints one JSON line. Modes:
 *   store <events>      generate a store in dynalite on disk, back it up (full), verify, restore it into
 *                       new tables, export its biggest view: the whole path on the local cloud
 *   pipeline <events>   the backup write and read path alone at scale: commits generated in memory,
 *                       streamed into zstd parts in s3rver, read back, decoded and upcast
 *   export <format> <rows>  one format at scale: rows generated in memory, through the format and gzip
 *                       into a multipart upload to s3rver
 */
const [mode = 'store', arg1 = '100000', arg2 = '1000000'] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'firefly-bench-backup-'));
const services: Service[] = [];
const seconds = (start: number) => (performance.now() - start) / 1000;
const mb = (bytes: number) => bytes / 1024 / 1024;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
/** Resident memory: sampled while the measured work runs, and the process's lifetime peak. */
let sampledPeak = 0;
let liveHeapPeak = 0;
const sampler = setInterval(() => {
  sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
  if (process.env.BENCH_GC_PROBE) {
    (globalThis as { gc?: () => void }).gc?.();
    liveHeapPeak = Math.max(liveHeapPeak, process.memoryUsage().heapUsed);
  }
}, 25);
sampler.unref();
const memory = (baseline: number) => ({
  baselineRssMb: round(mb(baseline)),
  peakRssMb: round(mb(Math.max(sampledPeak, process.memoryUsage().rss))),
  maxRssMb: round(process.resourceUsage().maxRSS / 1024),
  ...(liveHeapPeak ? { liveHeapPeakMb: round(mb(liveHeapPeak)) } : {}),
});
/** The peak since the last call (or since measuring started), in MB; starts a new phase. */
const phasePeakMb = () => {
  const peak = Math.max(sampledPeak, process.memoryUsage().rss);
  sampledPeak = process.memoryUsage().rss;
  return round(mb(peak));
};
/** Call when setup is done: the peak from here on is the work's. */
const startMeasuring = () => {
  const baseline = process.memoryUsage().rss;
  sampledPeak = baseline;
  return baseline;
};

const actor = { id: 'bench', role: 'system', email: 'bench@firefly.example' };

/**
 * A customer's life as stored commits: registered, then details changed, one or two events a commit.
 * Built directly (the shape prepareCommit writes, minus its per-event schema check), so generating a
 * million events does not dominate what is measured; `validated` runs them through prepareCommit.
 */
let idCounter = 0;
function* commitsOf(totalEvents: number, validated = false) {
  const eventsPerCustomer = 5;
  const start = Date.UTC(2025, 0, 1);
  const span = 330 * 86_400_000;
  let written = 0;
  for (let c = 0; written < totalEvents; c++) {
    const customerId = `c${String(c).padStart(8, '0')}`;
    const stream = `customer-${customerId}`;
    let state = { version: 0, eventCount: 0 };
    const at = start + Math.floor((c * 7919) % span);
    for (let e = 0; e < eventsPerCustomer && written < totalEvents; ) {
      const events =
        e === 0
          ? [
              {
                type: 'CustomerRegistered' as const,
                data: {
                  customerId,
                  name: `Customer ${c}`,
                  email: `customer${c}@example.com`,
                  marketingConsent: c % 3 === 0,
                },
              },
            ]
          : Array.from({ length: e % 2 === 1 ? 2 : 1 }, (_, k) => ({
              type: 'CustomerDetailsChanged' as const,
              data: { customerId, phone: `+1 555 ${String((c * 7 + e + k) % 10000).padStart(4, '0')}` },
            }));
      const time = at + e * 3_600_000;
      const meta = { actor, correlationId: `bench-${c}-${e}`, at: new Date(time) };
      let item: StoredCommit;
      if (validated) item = prepareCommit(stream, state, events, meta).stored;
      else {
        const committedAt = new Date(time).toISOString();
        // ulid()'s random part costs ~80 µs here; a counter keeps ids unique and sortable for free.
        const ids = events.map(() => `${encodeTime(time, 10)}${String(++idCounter).padStart(16, '0')}`);
        item = {
          streamId: stream,
          version: state.version + 1,
          commitId: ids[0]!,
          committedAt,
          actorId: actor.id,
          correlationId: meta.correlationId,
          eventCount: state.eventCount + events.length,
          events: JSON.stringify(
            events.map((event, i) => ({
              id: ids[i],
              type: event.type,
              version: event.type === 'CustomerRegistered' ? 2 : 1,
              streamId: stream,
              streamVersion: state.eventCount + i + 1,
              occurredAt: committedAt,
              actor,
              correlationId: meta.correlationId,
              causationId: meta.correlationId,
              data: event.data,
            })),
          ),
        };
      }
      state = { version: item.version, eventCount: item.eventCount };
      written += events.length;
      e += events.length;
      yield item;
    }
  }
}

const environment = (urls: { dynamo?: string; s3: string }) => {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    ...(urls.dynamo ? { AWS_ENDPOINT_URL_DYNAMODB: urls.dynamo } : {}),
    AWS_ENDPOINT_URL_S3: urls.s3,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    S3_FORCE_PATH_STYLE: 'true',
    BACKUP_SETTLE_SECONDS: '0',
    RESTORE_TABLE_PREFIX: 'bench-restore-',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    STAGE: 'bench',
  });
  for (const [name, spec] of Object.entries(tables)) process.env[spec.env] = `bench-${name}`;
  for (const [name, bucket] of Object.entries(buckets)) process.env[bucket.env] = `bench-${name}`;
};

/** Starts dynalite and s3rver in a process of their own; returns when they listen. */
const startStorage = async (withDynamo: boolean) => {
  // This file may run bundled (see backup.ts); the storage server always runs from source.
  const root = process.env.FIREFLY_ROOT ?? join(import.meta.dirname, '../..');
  const server = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'tests/bench/backup-storage.ts'), dir],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  services.push({
    url: '',
    stop: () =>
      new Promise<void>((done) => {
        server.once('exit', () => done());
        server.kill('SIGTERM');
      }),
  });
  const urls = await new Promise<{ dynamo: string; s3: string }>((resolve, reject) => {
    let output = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line));
    });
    server.once('exit', (code) => reject(new Error(`storage server exited with ${code}: ${output}`)));
  });
  environment({ dynamo: withDynamo ? urls.dynamo : undefined, s3: urls.s3 });
  const client = new S3Client({ forcePathStyle: true });
  for (const name of Object.keys(buckets))
    await client.send(new CreateBucketCommand({ Bucket: `bench-${name}` }));
  if (withDynamo) {
    const ddb = new DynamoDBClient({});
    for (const [name, spec] of Object.entries(tables)) await ensureTable(ddb, `bench-${name}`, spec);
  }
};

const store = async (events: number) => {
  await startStorage(true);
  const baseline = startMeasuring();
  const generated = performance.now();
  const writer = new BatchWriter<StoredCommit>((items) => eventStore.importCommits(items), 16);
  let commits = 0;
  for (const item of commitsOf(events)) {
    await writer.put(item);
    commits += 1;
  }
  await writer.flush();
  const generateSeconds = seconds(generated);
  phasePeakMb();

  const backedUp = performance.now();
  const run = await collect({ kind: 'full' });
  const sealed = await writeManifest(await writeParts(run));
  const writeSeconds = seconds(backedUp);
  const verifyStarted = performance.now();
  const verified = await verifyRun(sealed);
  const verifySeconds = seconds(verifyStarted);
  const { manifest } = (await (
    await import('../../functions/backup/manifests.ts')
  ).readManifest(run.backupId))!;
  const backupPeakRssMb = phasePeakMb();

  const restoreStarted = performance.now();
  const plan = await planRestore({});
  await verifyChain(plan);
  const target = await createRestoreTables(`bench-restore-${ulid().toLowerCase()}`);
  const restored = await loadChain(plan, target);
  const restoreSeconds = seconds(restoreStarted);
  const restorePeakRssMb = phasePeakMb();

  // Export the biggest view (customers) from the restored store's views: the whole export path.
  process.env.VIEWS_TABLE = target.viewsTable;
  const exportStarted = performance.now();
  const exported = await runExport({
    exportId: ulid(),
    source: { kind: 'view', view: 'customers' },
    format: 'csv',
    compression: 'gzip',
    requestedBy: actor,
  });
  const exportSeconds = seconds(exportStarted);
  const exportPeakRssMb = phasePeakMb();
  return {
    events,
    commits,
    generateSeconds: round(generateSeconds),
    backupSeconds: round(writeSeconds + verifySeconds),
    backupWriteEventsPerSecond: Math.round(events / writeSeconds),
    backupWriteMBPerSecond: round(mb(manifest.counts.uncompressedBytes) / writeSeconds),
    verifyEventsPerSecond: Math.round(events / verifySeconds),
    backupMB: round(mb(manifest.counts.bytes), 2),
    rawMB: round(mb(manifest.counts.uncompressedBytes), 1),
    compressionRatio: round(manifest.counts.uncompressedBytes / manifest.counts.bytes, 2),
    verified: verified.verification.ok,
    restoreSeconds: round(restoreSeconds),
    restoreEventsPerSecond: Math.round(restored.events / restoreSeconds),
    restoreMBPerSecond: round(mb(manifest.counts.uncompressedBytes) / restoreSeconds),
    restoredRows: restored.rows,
    exportRows: exported.rows ?? 0,
    exportRowsPerSecond: Math.round((exported.rows ?? 0) / exportSeconds),
    backupPeakRssMb,
    restorePeakRssMb,
    exportPeakRssMb,
    ...memory(baseline),
  };
};

const pipelineMode = async (events: number) => {
  await startStorage(false);
  const baseline = startMeasuring();
  const started = performance.now();
  let raw = 0;
  let count = 0;
  const keys: string[] = [];
  const generator = commitsOf(events);
  let done = false;
  const partMax = 250_000;
  let stored = 0;
  while (!done) {
    const key = `bench/part-${keys.length + 1}.ndjson.zst`;
    let inPart = 0;
    const lines = async function* () {
      for (;;) {
        const next = generator.next();
        if (next.done) {
          done = true;
          return;
        }
        const commit = next.value;
        const line = lineOf(commit);
        raw += line.length;
        count += (JSON.parse(commit.events) as unknown[]).length;
        yield line;
        if (++inPart >= partMax) return;
      }
    };
    const written = await writePart('bench-backups', key, lines());
    stored += written.bytes;
    keys.push(key);
  }
  const writeSeconds = seconds(started);
  const readStarted = performance.now();
  let decoded = 0;
  for (const key of keys) {
    await readPart((await getStream('bench-backups', key))!, (line) => {
      for (const event of JSON.parse(line).events) {
        upcast(event);
        decoded += 1;
      }
    });
  }
  const readSeconds = seconds(readStarted);
  return {
    events: count,
    parts: keys.length,
    rawMB: round(mb(raw)),
    storedMB: round(mb(stored), 2),
    compressionRatio: round(raw / stored, 2),
    writeEventsPerSecond: Math.round(count / writeSeconds),
    writeMBPerSecond: round(mb(raw) / writeSeconds),
    readDecodeEventsPerSecond: Math.round(decoded / readSeconds),
    readMBPerSecond: round(mb(raw) / readSeconds),
    ...memory(baseline),
  };
};

const exportMode = async (format: Format, rows: number) => {
  await startStorage(false);
  const baseline = startMeasuring();
  const started = performance.now();
  async function* generate() {
    for (let i = 0; i < rows; i++) {
      yield {
        id: `r${String(i).padStart(9, '0')}`,
        name: `Customer ${i}`,
        email: `customer${i}@example.com`,
        phone: `+1 555 ${String(i % 10000).padStart(4, '0')}`,
        marketingConsent: i % 3 === 0,
        contacts: i % 10 === 0 ? [{ method: 'email', at: '2026-01-01T00:00:00Z' }] : [],
        version: (i % 7) + 1,
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-02-01T00:00:00.000Z',
      };
    }
  }
  const columns = [
    { name: 'id', type: 'text' as const },
    { name: 'name', type: 'text' as const },
    { name: 'email', type: 'text' as const },
    { name: 'phone', type: 'text' as const },
    { name: 'marketingConsent', type: 'boolean' as const },
    { name: 'contacts', type: 'text' as const },
    { name: 'version', type: 'integer' as const },
    { name: 'createdAt', type: 'text' as const },
    { name: 'updatedAt', type: 'text' as const },
  ];
  const upload = uploadStream('bench-exports', `bench/export.${format}.gz`, {
    contentType: 'application/gzip',
  });
  const content = new Tally();
  const plumbing = pipeline(content, createGzip(), upload.stream);
  const written = await writers[format](generate(), content as unknown as Writable, {
    name: 'customers',
    columns,
    provenance: 'bench',
  });
  content.end();
  await plumbing;
  const file = await upload.done();
  const elapsed = seconds(started);
  return {
    format,
    rows: written.rows,
    contentMB: round(mb(content.bytes)),
    fileMB: round(mb(file.bytes), 2),
    rowsPerSecond: Math.round(written.rows / elapsed),
    MBPerSecond: round(mb(content.bytes) / elapsed),
    ...memory(baseline),
  };
};

try {
  const result =
    mode === 'store'
      ? await store(Number(arg1))
      : mode === 'pipeline'
        ? await pipelineMode(Number(arg1))
        : await exportMode(arg1 as Format, Number(arg2));
  console.log(JSON.stringify(result));
} finally {
  await Promise.all(services.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
