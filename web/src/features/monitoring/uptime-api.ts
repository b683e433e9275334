import { useQuery } from '@tanstack/react-query';
import { api, change } from '../../api/client';
import type { paths } from '../../api/schema.gen';
import { monitoringKeys, REFRESH_MS } from './api';

export type UptimeReport =
  paths['/api/monitoring/uptime']['get']['responses'][200]['content']['application/json'];
export type UptimeCheck = UptimeReport['checks'][number];
export type UptimeIncident =
  paths['/api/monitoring/uptime/incidents']['get']['responses'][200]['content']['application/json']['items'][number];
export type SloReport = paths['/api/monitoring/slo']['get']['responses'][200]['content']['application/json'];

/** Days of availability the page shows per check. */
export const UPTIME_DAYS = 14;

export const useUptime = () =>
  useQuery({
    queryKey: [...monitoringKeys.all, 'uptime'],
    queryFn: ({ signal }) =>
      api.get('/api/monitoring/uptime', { params: { query: { days: UPTIME_DAYS } }, signal }),
    refetchInterval: REFRESH_MS,
  });

export const useUptimeIncidents = () =>
  useQuery({
    queryKey: [...monitoringKeys.all, 'uptime', 'incidents'],
    queryFn: ({ signal }) =>
      api.get('/api/monitoring/uptime/incidents', { params: { query: { days: UPTIME_DAYS } }, signal }),
    refetchInterval: REFRESH_MS,
  });

export const useSlo = () =>
  useQuery({
    queryKey: [...monitoringKeys.all, 'slo'],
    queryFn: ({ signal }) => api.get('/api/monitoring/slo', { signal }),
    refetchInterval: REFRESH_MS,
  });

export const uptimeApi = {
  setTarget: (target: number, version: number) =>
    api.put('/api/monitoring/slo', { body: { target }, params: { header: change(version) } }),
};
