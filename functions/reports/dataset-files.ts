import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TableName } from '../../domain/reports/dataset.ts';
import { getBytes, putJson } from '../adapters/blobs.ts';
import { config } from '../runtime/config.ts';
import type { TableFiles } from './engine.ts';

/**
 * The dataset in the analytics bucket: `tables/<table>/<table>.parquet`, one file per table, and
 * `manifest.json` naming each file's SHA-256 and the last commit folded in. The builder writes the
 * manifest last, so a reader that sees it finds every file it names.
 */
export interface DatasetManifest {
  /** The write id of the last commit folded in: the next build reads the commits after it. */
  afterWriteId?: string;
  /** When that commit was written: the dataset's lag is the time from it to `builtAt`. */
  lastWrittenAt?: string;
  builtAt: string;
  tables: Partial<Record<TableName, { key: string; sha256: string; rows: number; bytes: number }>>;
}

const MANIFEST = 'manifest.json';
/** A folder per table, so an Athena table (a Glue table's location is a prefix) reads its own file only. */
export const tableKey = (table: TableName) => `tables/${table}/${table}.parquet`;

export const readManifest = async (): Promise<DatasetManifest | undefined> => {
  const bytes = await getBytes(config.analyticsBucket, MANIFEST);
  return bytes ? (JSON.parse(bytes.toString()) as DatasetManifest) : undefined;
};

export const writeManifest = (manifest: DatasetManifest) =>
  putJson(config.analyticsBucket, MANIFEST, manifest);

/** The dataset is not built yet (a new deployment before the builder's first run). */
export class DatasetNotBuiltError extends Error {
  override name = 'DatasetNotBuiltError';
}

/** How long a warm container trusts the manifest it read: the dataset changes at most every minute. */
const MANIFEST_TTL_MS = 5_000;
let cached: { at: number; manifest: DatasetManifest } | undefined;
const local = join(tmpdir(), 'firefly-analytics');

/**
 * The tables' Parquet on local disk, for DuckDB (no httpfs: objects are downloaded): a file is fetched
 * once per version (its SHA-256 names it), so a warm container reads S3 only when the data changed.
 */
/** The manifest as this container last read it (at most a few seconds old). */
export const currentManifest = async (): Promise<DatasetManifest> => {
  if (!cached || Date.now() - cached.at > MANIFEST_TTL_MS) {
    const manifest = await readManifest();
    if (!manifest)
      throw new DatasetNotBuiltError('The analytics dataset is not built yet: try again in a minute');
    cached = { at: Date.now(), manifest };
  }
  return cached.manifest;
};

export const s3TableFiles: TableFiles = async (tables) => {
  const manifest = await currentManifest();
  await mkdir(local, { recursive: true });
  const files = new Map<TableName, string>();
  for (const table of tables) {
    const entry = manifest.tables[table];
    if (!entry) throw new DatasetNotBuiltError(`The analytics dataset has no ${table} table yet`);
    const path = join(local, `${table}-${entry.sha256.slice(0, 16)}.parquet`);
    if (!existsSync(path)) {
      const bytes = await getBytes(config.analyticsBucket, entry.key);
      if (!bytes) throw new DatasetNotBuiltError(`The analytics dataset's ${table} file is missing`);
      // Renamed into place whole: a query never reads a half-written file.
      await writeFile(`${path}.part`, bytes);
      await rename(`${path}.part`, path);
    }
    files.set(table, path);
  }
  return files;
};

/** Forget the cached manifest (tests, and a build in this same process). */
export const forgetManifest = () => {
  cached = undefined;
};
