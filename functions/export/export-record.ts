import type { FORMATS } from './format-names.ts';
import type { ExportSource } from './sources.ts';

/**
 * Where an export's files live and what its record in the operations views holds: apart from the
 * export itself (export.ts) so the API, which lists and presigns exports, does not bundle the writers.
 */
export const exportPrefix = (exportId: string) => `exports/${exportId}/`;
export const exportManifestKey = (exportId: string) => `${exportPrefix(exportId)}manifest.json`;

export interface ExportRecord {
  id: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  source: ExportSource;
  format: (typeof FORMATS)[number];
  compression: 'none' | 'gzip';
  requestedById: string;
  requestedBy: string;
  requestedAt: string;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  rows?: number;
  bytes?: number;
  sha256?: string;
  key?: string;
  fileName?: string;
  manifestKey?: string;
  warnings?: string[];
  error?: string;
  executionArn?: string;
}
