import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { paths } from '../../api/schema.gen';
import { monitoringKeys } from './api';

export type MetricAnswer =
  paths['/api/monitoring/metrics']['get']['responses'][200]['content']['application/json'];
export type MetricQuery = NonNullable<paths['/api/monitoring/metrics']['get']['parameters']['query']>;
export type LogQuery = NonNullable<paths['/api/monitoring/logs']['get']['parameters']['query']>;
export type LogPage = paths['/api/monitoring/logs']['get']['responses'][200]['content']['application/json'];
export type Trace =
  paths['/api/monitoring/traces/{correlationId}']['get']['responses'][200]['content']['application/json'];

/** Charts refresh this often while the page is open. */
export const METRICS_REFRESH_MS = 30_000;

/**
 * Time ranges a person picks, each with the step its charts use: a few hundred points a line at most,
 * about what a chart's width can show. The minutes are kept at one-minute resolution either way; a
 * coarser step folds them (counts summed, percentiles from the minutes' histograms). Measured: a day at
 * one-minute steps is 16 answers of 1–2 MB and ~300,000 points to draw, seconds on a loaded laptop.
 */
export const RANGES = {
  '1h': { label: 'Last hour', minutes: 60, step: '1m' },
  '6h': { label: 'Last 6 hours', minutes: 360, step: '1m' },
  '24h': { label: 'Last 24 hours', minutes: 1440, step: '5m' },
  '7d': { label: 'Last 7 days', minutes: 10_080, step: '1h' },
  '30d': { label: 'Last 30 days', minutes: 43_200, step: '1h' },
} as const;
export type RangeKey = keyof typeof RANGES;

export const useMetric = (
  metric: string,
  range: RangeKey,
  filter: Pick<MetricQuery, 'route' | 'function'> = {},
) =>
  useQuery({
    queryKey: [...monitoringKeys.all, 'metrics', metric, range, filter],
    queryFn: ({ signal }) => {
      const { minutes, step } = RANGES[range];
      const to = new Date();
      const from = new Date(to.getTime() - minutes * 60_000);
      return api.get('/api/monitoring/metrics', {
        params: { query: { metric, from: from.toISOString(), to: to.toISOString(), step, ...filter } },
        signal,
      });
    },
    refetchInterval: METRICS_REFRESH_MS,
    placeholderData: keepPreviousData,
  });

export const useResources = () =>
  useQuery({
    queryKey: [...monitoringKeys.all, 'resources'],
    queryFn: ({ signal }) => api.get('/api/monitoring/resources', { signal }),
    refetchInterval: METRICS_REFRESH_MS,
  });

export const useLogs = (query: LogQuery) =>
  useQuery({
    queryKey: [...monitoringKeys.all, 'logs', query],
    queryFn: ({ signal }) => api.get('/api/monitoring/logs', { params: { query }, signal }),
    placeholderData: keepPreviousData,
  });

export const useTrace = (correlationId: string) =>
  useQuery({
    queryKey: [...monitoringKeys.all, 'trace', correlationId],
    queryFn: ({ signal }) =>
      api.get('/api/monitoring/traces/{correlationId}', { params: { path: { correlationId } }, signal }),
  });
