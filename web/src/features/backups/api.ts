import { api, change, once } from '../../api/client';
import type { BackupKind, ChangeBackupSettingsBody, StartExportBody, StartRestoreBody } from './types';

const LIMIT = 25;

export const backupsApi = {
  list: (cursor?: string, signal?: AbortSignal) =>
    api.get('/api/backups', { params: { query: { limit: LIMIT, cursor } }, signal }),
  get: (id: string, signal?: AbortSignal) =>
    api.get('/api/backups/{id}', { params: { path: { id } }, signal }),
  start: (kind: BackupKind) => api.post('/api/backups', { body: { kind } }),
  verify: (id: string) => api.post('/api/backups/{id}/verify', { params: { path: { id } } }),
  settings: (signal?: AbortSignal) => api.get('/api/backup-settings', { signal }),
  // The route takes If-Match without requiring it, and its description does not declare the optional
  // header, so it goes as a plain header.
  saveSettings: (body: ChangeBackupSettingsBody, version: number) =>
    api.put('/api/backup-settings', { body, headers: change(version) }),
  restores: (cursor?: string, signal?: AbortSignal) =>
    api.get('/api/restores', { params: { query: { limit: LIMIT, cursor } }, signal }),
  restore: (id: string, signal?: AbortSignal) =>
    api.get('/api/restores/{id}', { params: { path: { id } }, signal }),
  startRestore: (body: StartRestoreBody) => api.post('/api/restores', { body }),
  drill: (backupId?: string) => api.post('/api/restore-drills', { body: backupId ? { backupId } : {} }),
};

export const exportsApi = {
  sources: (signal?: AbortSignal) => api.get('/api/exports/sources', { signal }),
  list: (cursor?: string, signal?: AbortSignal) =>
    api.get('/api/exports', { params: { query: { limit: LIMIT, cursor } }, signal }),
  get: (id: string, signal?: AbortSignal) =>
    api.get('/api/exports/{id}', { params: { path: { id } }, signal }),
  start: (body: StartExportBody, idempotencyKey: string) =>
    api.post('/api/exports', { body, params: { header: once(idempotencyKey) } }),
};

export const historyApi = {
  at: (streamId: string, at: string | undefined, signal?: AbortSignal) =>
    api.get('/api/history/{streamId}', { params: { path: { streamId }, query: { at } }, signal }),
};
