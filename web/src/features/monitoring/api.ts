import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { paths } from '../../api/schema.gen';

export type DeepHealth = paths['/api/health/deep']['get']['responses'][200]['content']['application/json'];
export type HealthCheck = DeepHealth['checks'][number];
export type AlertRule =
  paths['/api/monitoring/alerts']['get']['responses'][200]['content']['application/json']['items'][number];
export type AlertDetail =
  paths['/api/monitoring/alerts/{id}']['get']['responses'][200]['content']['application/json'];

/** The Monitoring pages refresh this often while they are open. */
export const REFRESH_MS = 10_000;

export const monitoringKeys = { all: ['monitoring'] as const };

export const useDeepHealth = () =>
  useQuery({
    queryKey: [...monitoringKeys.all, 'health'],
    queryFn: ({ signal }) => api.get('/api/health/deep', { signal }),
    refetchInterval: REFRESH_MS,
  });

export const useAlertRules = () =>
  useQuery({
    queryKey: [...monitoringKeys.all, 'alerts'],
    queryFn: ({ signal }) => api.get('/api/monitoring/alerts', { params: { query: {} }, signal }),
    refetchInterval: REFRESH_MS,
  });

export const useAlertRule = (id: string) =>
  useQuery({
    queryKey: [...monitoringKeys.all, 'alerts', id],
    queryFn: ({ signal }) => api.get('/api/monitoring/alerts/{id}', { params: { path: { id } }, signal }),
    refetchInterval: REFRESH_MS,
  });

export const monitoringApi = {
  acknowledge: (id: string, note?: string) =>
    api.post('/api/monitoring/alerts/{id}/acknowledge', {
      params: { path: { id } },
      body: note ? { note } : {},
    }),
  silence: (id: string, until: string) =>
    api.post('/api/monitoring/alerts/{id}/silence', { params: { path: { id } }, body: { until } }),
  unsilence: (id: string) => api.post('/api/monitoring/alerts/{id}/unsilence', { params: { path: { id } } }),
};
