import { activateAccount, api, client, freshSession } from '../../api/client';
import type { paths } from '../../api/schema.gen';
import type { Role } from '../../api/types';
import type { AuditFilters, Resolution } from './types';

export const securityApi = {
  overview: (signal?: AbortSignal) => api.get('/api/security/overview', { signal }),
  rules: (signal?: AbortSignal) => api.get('/api/security/rules', { signal }),
  events: (
    query: { status?: IncidentQuery['status']; severity?: IncidentQuery['severity']; cursor?: string },
    signal?: AbortSignal,
  ) => api.get('/api/security/events', { params: { query: { ...query, limit: 25 } }, signal }),
  event: (id: string, signal?: AbortSignal) =>
    api.get('/api/security/events/{id}', { params: { path: { id } }, signal }),
  acknowledge: (id: string, note: string) =>
    api.post('/api/security/events/{id}/acknowledge', { params: { path: { id } }, body: { note } }),
  resolve: (id: string, resolution: Resolution, note: string) =>
    api.post('/api/security/events/{id}/resolve', { params: { path: { id } }, body: { resolution, note } }),
};

type IncidentQuery = NonNullable<paths['/api/security/events']['get']['parameters']['query']>;

export const auditApi = {
  search: (filters: AuditFilters, cursor?: string, signal?: AbortSignal) =>
    api.get('/api/audit/entries', { params: { query: { ...filters, cursor, limit: 50 } }, signal }),
  verify: () => api.get('/api/audit/verify'),
  digests: (signal?: AbortSignal) => api.get('/api/audit/digests', { signal }),
  seal: () => api.post('/api/audit/digests'),
};

export const usersApi = {
  list: (signal?: AbortSignal) => api.get('/api/users', { signal }),
  get: (id: string, signal?: AbortSignal) => api.get('/api/users/{id}', { params: { path: { id } }, signal }),
  activity: (id: string, signal?: AbortSignal) =>
    api.get('/api/users/{id}/activity', { params: { path: { id } }, signal }),
  invite: (email: string, role: Role) => api.post('/api/users', { body: { email, role } }),
  assign: (id: string, role: Role) =>
    api.put('/api/users/{id}/role', { params: { path: { id } }, body: { role } }),
  revoke: (id: string) => api.delete('/api/users/{id}/role', { params: { path: { id } } }),
  disable: (id: string, reason: string) =>
    api.post('/api/users/{id}/disable', { params: { path: { id } }, body: { reason } }),
  enable: (id: string) => api.post('/api/users/{id}/enable', { params: { path: { id } } }),
  unlock: (id: string) => api.post('/api/users/{id}/unlock', { params: { path: { id } } }),
  resetMfa: (id: string, reason: string) =>
    api.post('/api/users/{id}/mfa/reset', { params: { path: { id } }, body: { reason } }),
  activate: (email: string, temporaryPassword: string, newPassword: string) =>
    activateAccount({ email, temporaryPassword, newPassword }),
};

/** Cognito's enrolment acts on the access token's own user: sent beside the bearer ID token. */
const accessToken = async () => {
  const session = await freshSession();
  if (!session) throw new Error('Sign in first');
  return session.accessToken;
};

/** My own account: MFA with an authenticator app. */
export const accountApi = {
  mfa: (signal?: AbortSignal) => api.get('/api/me/mfa', { signal }),
  startMfaSetup: async () => api.post('/api/me/mfa/setup', { body: { accessToken: await accessToken() } }),
  confirmMfaSetup: async (code: string) =>
    api.post('/api/me/mfa/confirm', { body: { accessToken: await accessToken(), code } }),
};

/** The routes that answer with a file (exports, evidence packs, access reviews), and their filters. */
type Download = '/api/audit/export' | '/api/audit/evidence' | '/api/access-review';
type DownloadQuery<P extends Download> = NonNullable<paths[P]['get']['parameters']['query']>;
export type AccessReviewFormat = NonNullable<DownloadQuery<'/api/access-review'>['format']>;

/**
 * Downloads a file the API serves as an attachment (exports, evidence packs, access reviews). A plain
 * link cannot carry the bearer token, so the file is fetched and handed to the browser as a blob.
 */
export const download = async <P extends Download>(path: P, query: DownloadQuery<P>): Promise<string> => {
  const get = client.GET as (path: P, init: object) => Promise<{ data?: Blob; response: Response }>;
  const { data, response } = await get(path, { params: { query }, parseAs: 'blob' });
  const name =
    /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'download';
  const url = URL.createObjectURL(data ?? new Blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
};
