/**
 * Backup, restore, export and time-travel shapes, mirroring functions/api/{backups,exports}/contract.ts
 * (the console reaches the API over HTTP only).
 */
export type RunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'expired';

export interface Verification {
  ok: boolean;
  problems: string[];
  checked: { parts: number; commits: number; events: number; bytes: number };
  checkedAt: string;
}

export interface DrillResult {
  restoreId: string;
  at: string;
  ok?: boolean;
  matches?: boolean;
  finishedAt?: string;
  rows?: number;
  digest?: string;
  sourceDigest?: string;
  error?: string;
}

export interface BackupRun {
  id: string;
  kind?: 'full' | 'incremental';
  status: RunStatus;
  trigger?: string;
  requestedBy?: string;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  until?: string;
  previousId?: string;
  commits?: number;
  events?: number;
  parts?: number;
  bytes?: number;
  uncompressedBytes?: number;
  compressionRatio?: number;
  highWaterMark?: string;
  manifestSha256?: string;
  note?: string;
  error?: string;
  executionArn?: string;
  verification?: Verification;
  drill?: DrillResult;
  retention?: { expired: string[]; error?: string };
}

export interface ManifestPart {
  seq: number;
  key: string;
  commits: number;
  events: number;
  bytes: number;
  uncompressedBytes: number;
  sha256: string;
  firstAt: string;
  lastAt: string;
}

export interface BackupDetail extends BackupRun {
  manifest?: {
    kind: string;
    base: string;
    range: { afterCommitId?: string; until: string };
    previous?: { id: string; sha256: string };
    parts: ManifestPart[];
    firstAt?: string;
    lastAt?: string;
  };
}

export interface RestoreRun {
  id: string;
  mode: 'restore' | 'drill';
  status: 'running' | 'completed' | 'failed';
  backupId?: string;
  at?: string;
  trigger?: string;
  requestedBy?: string;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  step?: string;
  target?: { eventsTable: string; viewsTable: string };
  commits?: number;
  events?: number;
  rows?: number;
  digest?: string;
  sourceDigest?: string;
  matches?: boolean;
  error?: string;
  problems?: string[];
  executionArn?: string;
}

export interface Retention {
  daily: number;
  weekly: number;
  monthly: number;
}

export interface BackupSettings {
  retention: Retention;
  fullEvery: number;
  version: number;
  updatedAt?: string;
  updatedBy?: string;
}

export const FORMATS = ['json', 'csv', 'xlsx', 'sql'] as const;
export type Format = (typeof FORMATS)[number];

export type ExportSource =
  | { kind: 'view'; view: string; search?: string; where?: Record<string, string> }
  | { kind: 'events'; from?: string; to?: string; types?: string[]; streamPrefix?: string };

export interface ExportRun {
  id: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  source: ExportSource;
  format: Format;
  compression: 'none' | 'gzip';
  requestedBy: string;
  requestedAt: string;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  rows?: number;
  bytes?: number;
  sha256?: string;
  fileName?: string;
  warnings?: string[];
  error?: string;
  download?: { url: string; manifestUrl: string; expiresAt: string };
}

export interface ExportSources {
  items: { kind: 'view' | 'events'; name: string; permission: string; allowed: boolean }[];
  formats: Format[];
}

export interface StoredEvent {
  id: string;
  type: string;
  version: number;
  streamVersion: number;
  occurredAt: string;
  actor: { id: string; email?: string; role: string };
  data: Record<string, unknown>;
}

export interface RecordAt {
  streamId: string;
  at: string;
  recordType: string;
  exists: boolean;
  version: number;
  eventCount: number;
  totalEvents: number;
  createdAt?: string;
  updatedAt?: string;
  state: Record<string, unknown> | null;
  events: StoredEvent[];
}
