import { api, type Query, request, runtimeConfig } from '../../api/client';
import { problemFrom } from '../../api/problem';
import { getSession } from '../../api/session';
import type { Page, Role, Tokens } from '../../api/types';
import type {
  AuditEntry,
  AuditFilters,
  Digest,
  Resolution,
  SecurityEvent,
  SecurityOverview,
  SecurityRules,
  User,
  UserActivity,
  Verification,
} from './types';

const clean = (query: Record<string, string | number | undefined>): Query =>
  Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== ''));

export const securityApi = {
  overview: (signal?: AbortSignal) => api.get<SecurityOverview>('/api/security/overview', undefined, signal),
  rules: (signal?: AbortSignal) => api.get<SecurityRules>('/api/security/rules', undefined, signal),
  events: (query: { status?: string; severity?: string; cursor?: string }, signal?: AbortSignal) =>
    api.get<Page<SecurityEvent>>('/api/security/events', clean({ ...query, limit: 25 }), signal),
  event: (id: string, signal?: AbortSignal) =>
    api.get<SecurityEvent>(`/api/security/events/${encodeURIComponent(id)}`, undefined, signal),
  acknowledge: (id: string, note: string) =>
    api.post<SecurityEvent>(`/api/security/events/${encodeURIComponent(id)}/acknowledge`, { body: { note } }),
  resolve: (id: string, resolution: Resolution, note: string) =>
    api.post<SecurityEvent>(`/api/security/events/${encodeURIComponent(id)}/resolve`, {
      body: { resolution, note },
    }),
};

export const auditApi = {
  search: (filters: AuditFilters, cursor?: string, signal?: AbortSignal) =>
    api.get<Page<AuditEntry>>('/api/audit/entries', clean({ ...filters, cursor, limit: 50 }), signal),
  verify: () => api.get<Verification>('/api/audit/verify'),
  digests: (signal?: AbortSignal) => api.get<{ items: Digest[] }>('/api/audit/digests', undefined, signal),
  seal: () =>
    api.post<{ written: boolean; reason?: string; fromSeq?: number; toSeq?: number }>('/api/audit/digests'),
};

export const usersApi = {
  list: (signal?: AbortSignal) => api.get<{ items: User[] }>('/api/users', undefined, signal),
  get: (id: string, signal?: AbortSignal) =>
    api.get<User>(`/api/users/${encodeURIComponent(id)}`, undefined, signal),
  activity: (id: string, signal?: AbortSignal) =>
    api.get<UserActivity>(`/api/users/${encodeURIComponent(id)}/activity`, undefined, signal),
  invite: (email: string, role: Role) => api.post<User>('/api/users', { body: { email, role } }),
  assign: (id: string, role: Role) =>
    request<User>('PUT', `/api/users/${encodeURIComponent(id)}/role`, { body: { role } }),
  revoke: (id: string) => request<User>('DELETE', `/api/users/${encodeURIComponent(id)}/role`),
  disable: (id: string, reason: string) =>
    api.post<User>(`/api/users/${encodeURIComponent(id)}/disable`, { body: { reason } }),
  enable: (id: string) => api.post<User>(`/api/users/${encodeURIComponent(id)}/enable`),
  unlock: (id: string) => api.post<User>(`/api/users/${encodeURIComponent(id)}/unlock`),
  activate: async (email: string, temporaryPassword: string, newPassword: string): Promise<Tokens> => {
    const response = await fetch(`${runtimeConfig().apiUrl}/api/users/activate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, application/problem+json' },
      body: JSON.stringify({ email, temporaryPassword, newPassword }),
    });
    if (!response.ok) throw await problemFrom(response);
    return (await response.json()) as Tokens;
  },
};

/**
 * Downloads a file the API serves as an attachment (exports, evidence packs, access reviews). A plain
 * link cannot carry the bearer token, so the file is fetched and handed to the browser as a blob.
 */
export const download = async (path: string, query: Record<string, string | undefined>): Promise<string> => {
  const params = new URLSearchParams(clean(query) as Record<string, string>);
  const session = getSession();
  const response = await fetch(`${runtimeConfig().apiUrl}${path}?${params}`, {
    headers: session ? { authorization: `Bearer ${session.idToken}` } : {},
  });
  if (!response.ok) throw await problemFrom(response);
  const name =
    /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'download';
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
};
