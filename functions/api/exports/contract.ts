import * as z from 'zod';
import { PERMISSIONS } from '../../../domain/access/permissions.ts';
import { FORMATS } from '../../export/format-names.ts';
import { ExportSource } from '../../export/sources.ts';
import { defineRoute } from '../../http/route.ts';
import { PageQuery, page } from '../schemas.ts';

const tag = 'Exports';

export const ExportRun = z
  .object({
    id: z.string(),
    status: z.enum(['queued', 'running', 'completed', 'failed']),
    source: ExportSource,
    format: z.enum(FORMATS),
    compression: z.enum(['none', 'gzip']),
    requestedBy: z.string(),
    requestedAt: z.string(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    durationMs: z.number().optional(),
    rows: z.number().optional().meta({ description: 'Rows written so far, then in all' }),
    bytes: z.number().optional(),
    sha256: z.string().optional().meta({ description: 'SHA-256 of the file as stored' }),
    fileName: z.string().optional(),
    warnings: z.array(z.string()).optional(),
    error: z.string().optional(),
    executionArn: z.string().optional(),
    download: z
      .object({ url: z.string(), manifestUrl: z.string(), expiresAt: z.string() })
      .optional()
      .meta({ description: 'Links to the file and its provenance manifest; they stop working at expiresAt' }),
  })
  .meta({ id: 'ExportRun' });

export const exportSources = defineRoute({
  method: 'GET',
  path: '/api/exports/sources',
  permission: 'exports:run',
  summary: 'What can be exported, and whether the caller may export it',
  tag,
  response: z
    .object({
      items: z.array(
        z.object({
          kind: z.enum(['view', 'events']),
          name: z.string(),
          permission: z.enum(PERMISSIONS),
          allowed: z.boolean(),
        }),
      ),
      formats: z.array(z.enum(FORMATS)),
    })
    .meta({ id: 'ExportSources' }),
});

export const startExport = defineRoute({
  method: 'POST',
  path: '/api/exports',
  permission: 'exports:run',
  summary: 'Export a record collection or the event stream as JSON, CSV, XLSX or SQL (optionally gzipped)',
  tag,
  status: 202,
  body: z
    .object({
      source: ExportSource,
      format: z.enum(FORMATS),
      compression: z.enum(['none', 'gzip']).default('none'),
    })
    .strict()
    .meta({ id: 'StartExport' }),
  response: ExportRun,
});

export const listExports = defineRoute({
  method: 'GET',
  path: '/api/exports',
  permission: 'exports:run',
  summary: "Exports, newest first: your own, or everyone's for owners and admins",
  tag,
  // Runs are not searched: the shared paging without `search`.
  query: PageQuery.omit({ search: true, order: true }),
  response: page(ExportRun, 'ExportRunPage'),
});

export const getExport = defineRoute({
  method: 'GET',
  path: '/api/exports/{id}',
  permission: 'exports:run',
  summary: 'One export: progress, provenance, and download links once it is done',
  tag,
  params: z.object({ id: z.string().regex(/^[0-9A-Z]{26}$/, 'Export ids are 26-character ULIDs') }).strict(),
  response: ExportRun,
});

export const exportRoutes = [exportSources, startExport, listExports, getExport];
