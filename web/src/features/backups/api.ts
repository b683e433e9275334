import { api, request } from '../../api/client';
import type { Page } from '../../api/types';
import type {
  BackupDetail,
  BackupRun,
  BackupSettings,
  ExportRun,
  ExportSource,
  ExportSources,
  Format,
  RecordAt,
  RestoreRun,
  Retention,
} from './types';

const path = (id: string) => encodeURIComponent(id);

export const backupsApi = {
  list: (cursor?: string, signal?: AbortSignal) =>
    api.get<Page<BackupRun>>('/api/backups', { limit: 25, cursor }, signal),
  get: (id: string, signal?: AbortSignal) =>
    api.get<BackupDetail>(`/api/backups/${path(id)}`, undefined, signal),
  start: (kind: 'full' | 'incremental') => api.post<BackupRun>('/api/backups', { body: { kind } }),
  verify: (id: string) => api.post<{ id: string; executionArn: string }>(`/api/backups/${path(id)}/verify`),
  settings: (signal?: AbortSignal) => api.get<BackupSettings>('/api/backup-settings', undefined, signal),
  saveSettings: (body: { retention: Retention; fullEvery: number }, version: number) =>
    request<BackupSettings>('PUT', '/api/backup-settings', { body, ifMatch: version }),
  restores: (cursor?: string, signal?: AbortSignal) =>
    api.get<Page<RestoreRun>>('/api/restores', { limit: 25, cursor }, signal),
  restore: (id: string, signal?: AbortSignal) =>
    api.get<RestoreRun>(`/api/restores/${path(id)}`, undefined, signal),
  startRestore: (body: { at?: string; backupId?: string; target?: string }) =>
    api.post<RestoreRun>('/api/restores', { body }),
  drill: (backupId?: string) =>
    api.post<RestoreRun>('/api/restore-drills', { body: backupId ? { backupId } : {} }),
};

export const exportsApi = {
  sources: (signal?: AbortSignal) => api.get<ExportSources>('/api/exports/sources', undefined, signal),
  list: (cursor?: string, signal?: AbortSignal) =>
    api.get<Page<ExportRun>>('/api/exports', { limit: 25, cursor }, signal),
  get: (id: string, signal?: AbortSignal) =>
    api.get<ExportRun>(`/api/exports/${path(id)}`, undefined, signal),
  start: (
    body: { source: ExportSource; format: Format; compression: 'none' | 'gzip' },
    idempotencyKey: string,
  ) => api.post<ExportRun>('/api/exports', { body, idempotencyKey }),
};

export const historyApi = {
  at: (streamId: string, at: string | undefined, signal?: AbortSignal) =>
    api.get<RecordAt>(`/api/history/${path(streamId)}`, { at }, signal),
};
