import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { anonymousApi, api, change } from '../../../api/client';
import type { components } from '../../../api/schema.gen';

export type SavedReport = components['schemas']['SavedReport'];
export type ReportSchedule = components['schemas']['ReportSchedule'];
export type ReportRecipient = components['schemas']['ReportRecipient'];
export type ReportRun = components['schemas']['ReportRun'];
export type ReportGrantee = components['schemas']['ReportGrantee'];

const key = (id: string) => ['reports', 'saved', id] as const;

export const useSavedReport = (id: string) =>
  useQuery({
    queryKey: key(id),
    queryFn: ({ signal }) => api.get('/api/reports/saved/{id}', { params: { path: { id } }, signal }),
  });

/** The run started from this page, until the history shows it: its execution starts a moment later. */
const awaitingKey = (id: string) => [...key(id), 'awaiting'] as const;

/** Runs refresh while one is running or one started here has not shown yet, so its end shows without a reload. */
export const useRuns = (id: string) => {
  const client = useQueryClient();
  return useQuery({
    queryKey: [...key(id), 'runs'],
    queryFn: ({ signal }) => api.get('/api/reports/saved/{id}/runs', { params: { path: { id } }, signal }),
    refetchInterval: (query) => {
      const items = query.state.data?.items ?? [];
      const awaiting = client.getQueryData<string>(awaitingKey(id));
      const unseen = awaiting !== undefined && !items.some((r) => r.runId === awaiting);
      return unseen || items.some((r) => r.status === 'running') ? 1500 : false;
    },
  });
};

export const useLinkViews = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: [...key(id), 'views'],
    enabled,
    queryFn: ({ signal }) =>
      api.get('/api/reports/saved/{id}/links/views', { params: { path: { id } }, signal }),
  });

/** Every change to the report answers with the report: it replaces what the page shows. */
export const useReportChanges = (report: SavedReport) => {
  const client = useQueryClient();
  const params = { path: { id: report.id }, header: change(report.version) };
  const done = (next: SavedReport) => client.setQueryData(key(report.id), next);
  return {
    schedule: useMutation({
      mutationFn: (schedule: ReportSchedule) =>
        api.put('/api/reports/saved/{id}/schedule', { params, body: { schedule } }),
      onSuccess: done,
    }),
    unschedule: useMutation({
      mutationFn: () => api.delete('/api/reports/saved/{id}/schedule', { params }),
      onSuccess: done,
    }),
    run: useMutation({
      mutationFn: () => api.post('/api/reports/saved/{id}/run', { params: { path: { id: report.id } } }),
      onSuccess: (started) => {
        client.setQueryData(awaitingKey(report.id), started.runId);
        return client.invalidateQueries({ queryKey: [...key(report.id), 'runs'] });
      },
    }),
    share: useMutation({
      mutationFn: (body: { grantee: ReportGrantee; access: 'view' | 'edit' }) =>
        api.post('/api/reports/saved/{id}/shares', { params, body }),
      onSuccess: done,
    }),
    unshare: useMutation({
      mutationFn: (shareId: string) =>
        api.delete('/api/reports/saved/{id}/shares/{shareId}', {
          params: { ...params, path: { id: report.id, shareId } },
        }),
      onSuccess: done,
    }),
    link: useMutation({
      mutationFn: (expiresAt: string) =>
        api.post('/api/reports/saved/{id}/links', { params, body: { expiresAt } }),
      onSuccess: () => client.invalidateQueries({ queryKey: key(report.id) }),
    }),
    revoke: useMutation({
      mutationFn: (linkId: string) =>
        api.post('/api/reports/saved/{id}/links/{linkId}/revoke', {
          params: { ...params, path: { id: report.id, linkId } },
        }),
      onSuccess: done,
    }),
  };
};

/** A share link's report, read without signing in. */
export const useSharedReport = (token: string) =>
  useQuery({
    queryKey: ['shared', token],
    retry: false,
    queryFn: ({ signal }) =>
      anonymousApi.get('/api/shared/{token}', { params: { path: { token }, query: {} }, signal }),
  });
