import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { getStream, uploadStream } from '../../adapters/blobs.ts';

/**
 * A run's result as its tasks hand it on: NDJSON in the exports bucket, a header line (`columns`,
 * `asOf`) then one row per line, written page by page as the engine answers and read back line by
 * line by the export, so no task holds the whole result however many rows it has.
 */
type Cell = string | number | boolean | null;
export type ResultRow = Record<string, Cell>;
export interface ResultHeader {
  columns: { name: string; type: string }[];
  asOf: string;
}
export interface ResultPage extends ResultHeader {
  rows: ResultRow[];
}

/** Writes the pages; answers how many rows and the last two (all a condition compares). */
export const writeResult = async (
  bucket: string,
  key: string,
  pages: AsyncIterable<ResultPage>,
): Promise<{ rows: number; last: ResultRow[] }> => {
  const upload = uploadStream(bucket, key, { contentType: 'application/x-ndjson' });
  const out = upload.stream;
  const line = async (value: unknown) => {
    if (!out.write(`${JSON.stringify(value)}\n`)) await once(out, 'drain');
  };
  let rows = 0;
  let last: ResultRow[] = [];
  let header = false;
  try {
    for await (const page of pages) {
      if (!header) {
        await line({ columns: page.columns, asOf: page.asOf } satisfies ResultHeader);
        header = true;
      }
      for (const row of page.rows) await line(row);
      rows += page.rows.length;
      last = [...last, ...page.rows].slice(-2);
    }
    out.end();
    await upload.done();
  } catch (error) {
    out.destroy(error as Error);
    await upload.abort().catch(() => undefined);
    throw error;
  }
  return { rows, last };
};

/** The header, and the rows as they are read (`close` when only the header was wanted). */
export const readResult = async (
  bucket: string,
  key: string,
): Promise<{ header: ResultHeader; rows: AsyncGenerator<ResultRow>; close: () => void }> => {
  const stream = await getStream(bucket, key);
  if (!stream) throw new Error(`The run's result ${key} is missing`);
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })[
    Symbol.asyncIterator
  ]();
  const first = await lines.next();
  if (first.done) throw new Error(`The run's result ${key} is empty`);
  const header = JSON.parse(first.value) as ResultHeader;
  async function* rows(): AsyncGenerator<ResultRow> {
    for (let next = await lines.next(); !next.done; next = await lines.next())
      if (next.value) yield JSON.parse(next.value) as ResultRow;
  }
  return { header, rows: rows(), close: () => stream.destroy() };
};
