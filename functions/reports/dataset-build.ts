import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TABLE_NAMES, TABLES, type TableName } from '../../domain/reports/dataset.ts';
import {
  applyEvent,
  calendar,
  type DatasetRows,
  emptyRows,
  storedColumns,
  tableRows,
} from '../../domain/reports/dataset-rows.ts';
import { upcast } from '../../events/catalog.ts';
import type { Envelope } from '../../events/envelope.ts';
import { getBytes, putBytes, sha256 } from '../adapters/blobs.ts';
import { eventStore } from '../adapters/event-store.ts';
import { writeIdOf, writtenAtOf } from '../application/event-store-port.ts';
import { config } from '../runtime/config.ts';
import {
  type DatasetManifest,
  forgetManifest,
  readManifest,
  tableKey,
  writeManifest,
} from './dataset-files.ts';
import { readParquet, writeParquet } from './engine.ts';

/**
 * Keeps the analytics dataset current: every minute (and on `npm run rebuild`, from scratch) it folds
 * the commits written since the last build into the tables' rows and rewrites the Parquet file of each
 * table that changed, then the manifest.
 *
 * Compaction is "one file per table, rewritten when it changes": at this business's size (the
 * three-year demo is about a hundred thousand rows in all) a rewrite takes well under a second, every
 * query reads one file per table, and nothing needs compacting later. Partitions by month are the next
 * step if a table outgrows that, and Athena reads either.
 */

/** Commits written this recently may still have earlier-id neighbours in flight; the next run takes them. */
const SETTLE_MS = 2_000;
const CALENDAR_FROM = '2020-01-01';

const loadRows = async (manifest: DatasetManifest, dir: string): Promise<DatasetRows> => {
  const rows = emptyRows();
  for (const table of TABLE_NAMES) {
    const entry = manifest.tables[table];
    if (!entry || table === 'dates') continue;
    const bytes = await getBytes(config.analyticsBucket, entry.key);
    if (!bytes) continue;
    const path = join(dir, `${table}-in.parquet`);
    await writeFile(path, bytes);
    const key = TABLES[table].key;
    for (const row of await readParquet(path)) rows.tables[table].set(String(row[key]), row);
  }
  return rows;
};

export interface BuildResult {
  commits: number;
  events: number;
  tables: TableName[];
  manifest: DatasetManifest;
}

export const buildDataset = async (options: { full?: boolean; now?: Date } = {}): Promise<BuildResult> => {
  const now = options.now ?? new Date();
  const previous = options.full ? undefined : await readManifest();
  const dir = await mkdtemp(join(tmpdir(), 'firefly-dataset-'));
  try {
    const rows = previous ? await loadRows(previous, dir) : emptyRows();
    let commits = 0;
    let events = 0;
    let last: { writeId: string; writtenAt: string } | undefined;
    const walk = eventStore.readWritten({
      afterWriteId: previous?.afterWriteId,
      until: new Date(now.getTime() - SETTLE_MS).toISOString(),
    });
    for await (const page of walk) {
      for (const commit of page) {
        commits += 1;
        for (const envelope of JSON.parse(commit.events) as Envelope[]) {
          applyEvent(rows, upcast(envelope));
          events += 1;
        }
        last = { writeId: writeIdOf(commit), writtenAt: writtenAtOf(commit) };
      }
    }
    const changed = new Set(rows.changed);
    if (!previous) for (const table of TABLE_NAMES) changed.add(table);
    const manifest: DatasetManifest = {
      afterWriteId: last?.writeId ?? previous?.afterWriteId,
      lastWrittenAt: last?.writtenAt ?? previous?.lastWrittenAt,
      builtAt: new Date().toISOString(),
      tables: { ...previous?.tables },
    };
    // The calendar runs to the end of next year; a new year (a longer calendar) rewrites it.
    const days = calendar(CALENDAR_FROM, `${now.getUTCFullYear() + 1}-12-31`);
    if (previous?.tables.dates?.rows !== days.length) changed.add('dates');
    for (const table of changed) {
      const path = join(dir, `${table}.parquet`);
      const data = table === 'dates' ? days : tableRows(rows, table);
      await writeParquet(storedColumns(table), data, path);
      const bytes = await readFile(path);
      const key = tableKey(table);
      await putBytes(config.analyticsBucket, key, bytes, 'application/vnd.apache.parquet');
      manifest.tables[table] = { key, sha256: sha256(bytes), rows: data.length, bytes: bytes.byteLength };
    }
    if (changed.size || !previous || manifest.afterWriteId !== previous.afterWriteId)
      await writeManifest(manifest);
    forgetManifest();
    return { commits, events, tables: [...changed], manifest };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

/** How far behind the events the dataset is: from the last commit folded in to now. */
export const datasetLagMs = (manifest: DatasetManifest, now = Date.now()): number | undefined =>
  manifest.lastWrittenAt ? now - Date.parse(manifest.lastWrittenAt) : undefined;
