import * as z from 'zod';
import { Actor } from '../../events/envelope.ts';
import { deleteKeys, listKeys, putJson } from '../adapters/blobs.ts';
import { appendRecorded } from '../adapters/event-store.ts';
import { causeOf } from '../backup/backup.ts';
import { OPS_VIEWS, patchRecord } from '../backup/records.ts';
import { config } from '../runtime/config.ts';
import { type ExportRecord, exportManifestKey, exportPrefix } from './export-record.ts';
import { writeFile } from './file.ts';
import { type Column, ColumnScanner, FORMAT_INFO, FORMATS, isTabular } from './formats.ts';
import {
  EVENT_COLUMNS,
  ExportRefused,
  ExportSource,
  flatEvent,
  type Row,
  rowsOf,
  sourceName,
  sourceProblems,
} from './sources.ts';

/**
 * One export: rows from the source, through the format (and gzip when asked), streamed into a
 * multipart upload; then a provenance manifest beside the file; then an ExportCreated event naming
 * who exported what. Memory stays flat whatever the size: rows are read a page at a time and the
 * upload holds at most two 8 MB parts.
 */
export const ExportRequest = z.object({
  exportId: z.string().regex(/^[0-9A-Z]{26}$/),
  source: ExportSource,
  format: z.enum(FORMATS),
  compression: z.enum(['none', 'gzip']).default('none'),
  requestedBy: Actor,
  requestedAt: z.string().optional(),
});
export type ExportRequest = z.input<typeof ExportRequest>;

export interface ExportManifest {
  format: 'firefly-export/1';
  id: string;
  source: ExportSource;
  fileFormat: (typeof FORMATS)[number];
  compression: 'none' | 'gzip';
  key: string;
  fileName: string;
  contentType: string;
  rows: number;
  /** Bytes and SHA-256 of the file as stored (compressed, when it is). */
  bytes: number;
  sha256: string;
  /** Bytes and SHA-256 of the content before compression (the same as above when uncompressed). */
  contentBytes: number;
  contentSha256: string;
  columns?: Column[];
  warnings: string[];
  requestedBy: { id: string; email?: string; role: string; ip?: string };
  requestedAt: string;
  startedAt: string;
  completedAt: string;
  stage: string;
}

const record = (id: string, patch: Partial<ExportRecord>) => patchRecord(OPS_VIEWS.exports, id, patch);

/** The source's rows in the shape the format wants: tables get flat event rows. */
const shaped = (source: ExportSource, tabular: boolean): AsyncGenerator<Row> => {
  const rows = rowsOf(source);
  if (source.kind === 'view' || !tabular) return rows;
  return (async function* () {
    for await (const row of rows) yield flatEvent(row);
  })();
};

/** Tabular exports of a view learn their columns in a first pass (a page at a time: flat memory). */
const columnsFor = async (source: ExportSource): Promise<Column[]> => {
  if (source.kind === 'events') {
    return EVENT_COLUMNS.map((name) => ({
      name,
      type: name === 'version' || name === 'streamVersion' ? 'integer' : 'text',
    }));
  }
  const scanner = new ColumnScanner();
  for await (const row of rowsOf(source)) scanner.add(row);
  const columns = scanner.columns();
  // No rows, so nothing to learn from: every record has these, and a table needs at least one column.
  return columns.length > 0 ? columns : RECORD_COLUMNS;
};

const RECORD_COLUMNS: Column[] = [
  { name: 'id', type: 'text' },
  { name: 'version', type: 'integer' },
  { name: 'createdAt', type: 'text' },
  { name: 'updatedAt', type: 'text' },
];

export const runExport = async (input: ExportRequest): Promise<ExportRecord> => {
  const request = ExportRequest.parse(input);
  const problems = sourceProblems(request.source);
  if (problems.length) throw new ExportRefused(problems.join('; '));
  const { exportId, format, compression } = request;
  const startedAt = new Date();
  await record(exportId, { status: 'running', startedAt: startedAt.toISOString() });
  const tabular = isTabular(format);
  const columns = tabular ? await columnsFor(request.source) : undefined;
  const stamp = startedAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const name = sourceName(request.source);
  const { extension } = FORMAT_INFO[format];
  const fileName = `${name}-${stamp}.${extension}${compression === 'gzip' ? '.gz' : ''}`;
  const key = `${exportPrefix(exportId)}${fileName}`;
  let progressed = 0;
  const provenance = [
    `Firefly export ${exportId}: ${name} as ${format.toUpperCase()}`,
    `Source: ${JSON.stringify(request.source)}`,
    `Requested by ${request.requestedBy.email ?? request.requestedBy.id} (${request.requestedBy.role}) at ${request.requestedAt ?? startedAt.toISOString()}`,
  ].join('\n');
  const stored = await writeFile(shaped(request.source, tabular), {
    bucket: config.exportsBucket,
    key,
    fileName,
    format,
    compression,
    name,
    columns,
    provenance,
    onRow: (rows) => {
      // Progress for the console, without a write per row.
      if (rows - progressed >= 5_000) {
        progressed = rows;
        void record(exportId, { rows });
      }
    },
  });
  const { written } = stored;
  const completedAt = new Date();
  const { ip, userAgent: _, ...actor } = request.requestedBy;
  const manifest: ExportManifest = {
    format: 'firefly-export/1',
    id: exportId,
    source: request.source,
    fileFormat: format,
    compression,
    key,
    fileName,
    contentType: FORMAT_INFO[format].contentType,
    rows: written.rows,
    bytes: stored.bytes,
    sha256: stored.sha256,
    contentBytes: stored.contentBytes,
    contentSha256: stored.contentSha256,
    columns,
    warnings: written.warnings,
    requestedBy: { ...actor, ip },
    requestedAt: request.requestedAt ?? startedAt.toISOString(),
    startedAt: startedAt.toISOString(),
    completedAt: completedAt.toISOString(),
    stage: config.stage,
  };
  await putJson(config.exportsBucket, exportManifestKey(exportId), manifest);
  await appendRecorded(
    `export-${exportId}`,
    [
      {
        type: 'ExportCreated',
        data: {
          exportId,
          source: request.source,
          format,
          compression,
          rows: written.rows,
          bytes: stored.bytes,
          sha256: stored.sha256,
          key,
        },
      },
    ],
    { actor: request.requestedBy, correlationId: exportId },
  );
  const patch: Partial<ExportRecord> = {
    status: 'completed',
    finishedAt: completedAt.toISOString(),
    durationMs: completedAt.getTime() - startedAt.getTime(),
    rows: written.rows,
    bytes: stored.bytes,
    sha256: stored.sha256,
    key,
    fileName,
    manifestKey: exportManifestKey(exportId),
    warnings: written.warnings,
  };
  await record(exportId, patch);
  return { ...(patch as ExportRecord), id: exportId };
};

/** A failed export leaves no file: whatever was stored under its prefix is removed. */
export const recordExportFailure = async (state: {
  exportId?: string;
  error?: { Error?: string; Cause?: string };
}): Promise<{ exportId?: string; error: string }> => {
  const error = causeOf(state.error);
  if (!state.exportId) return { error };
  const { keys } = await listKeys(config.exportsBucket, exportPrefix(state.exportId));
  await deleteKeys(
    config.exportsBucket,
    keys.map((k) => k.key),
  );
  await record(state.exportId, { status: 'failed', finishedAt: new Date().toISOString(), error });
  return { exportId: state.exportId, error };
};
