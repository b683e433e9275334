import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, once, target } from '../../api/client';
import type { Cell, ReportDefinition, ReportResult } from './types.ts';

export type * from './types.ts';

export const reportKeys = {
  all: ['reports/saved'] as const,
  results: (id: string, version: number) => ['reports/saved', 'results', id, version] as const,
  datasets: ['reports', 'datasets'] as const,
  templates: ['reports', 'templates'] as const,
  query: (definition: ReportDefinition, period: string) => ['reports', 'query', definition, period] as const,
  drill: (definition: ReportDefinition, point: object, value?: string) =>
    ['reports', 'drill', definition, point, value] as const,
};

/** Rows a preview or a drill-down asks for per page. */
export const PREVIEW_PAGE = 100;

export const reportsApi = {
  datasets: (signal?: AbortSignal) => api.get('/api/reports/datasets', { signal }),
  templates: (signal?: AbortSignal) => api.get('/api/reports/templates', { signal }),
  query: (
    definition: ReportDefinition,
    options: { cursor?: string; period?: 'current' | 'previous' },
    signal?: AbortSignal,
  ) =>
    api.post('/api/reports/query', {
      body: { definition, pageSize: PREVIEW_PAGE, ...options },
      signal,
    }),
  drill: (
    body: { definition: ReportDefinition; point: Record<string, Cell>; value?: string; cursor?: string },
    signal?: AbortSignal,
  ) => api.post('/api/reports/drill', { body: { ...body, pageSize: PREVIEW_PAGE }, signal }),
  create: (
    body: { name: string; description?: string; definition?: ReportDefinition; templateId?: string },
    key: string,
  ) => api.post('/api/reports/saved', { body, params: { header: once(key) } }),
  save: (
    id: string,
    version: number,
    body: { name: string; description?: string; definition: ReportDefinition },
  ) => api.put('/api/reports/saved/{id}', { body, params: target(id, version) }),
  archive: (id: string, version: number, key: string) =>
    api.post('/api/reports/saved/{id}/archive', { params: target(id, version, key) }),
  // JSON asked for: the route's CSV alternative (a string) is what the download link gets instead.
  results: (id: string, cursor: string | undefined, signal?: AbortSignal) =>
    api.get('/api/reports/saved/{id}/results', {
      params: {
        path: { id },
        query: { pageSize: PREVIEW_PAGE, format: 'json', ...(cursor ? { cursor } : {}) },
      },
      signal,
    }) as Promise<ReportResult>,
};

/** The datasets the role may read: fixed for a release, so read once per session. */
export const useDatasets = () =>
  useQuery({
    queryKey: reportKeys.datasets,
    queryFn: ({ signal }) => reportsApi.datasets(signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const useReportTemplates = () =>
  useQuery({
    queryKey: reportKeys.templates,
    queryFn: ({ signal }) => reportsApi.templates(signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

/** A result's pages: the first, then "Load more" via the cursor. */
export const usePages = <K extends readonly unknown[], R extends ReportResult = ReportResult>(
  queryKey: K,
  fetch: (cursor: string | undefined, signal: AbortSignal) => Promise<R>,
  enabled: boolean,
) =>
  useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => fetch(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    retry: false,
    enabled,
  });

/** A definition's preview, paged; while a new one loads the last result stays on screen. */
export const usePreview = (definition: ReportDefinition | undefined) =>
  usePages(
    reportKeys.query(definition ?? { dataset: '' }, 'current'),
    (cursor, signal) => reportsApi.query(definition!, cursor ? { cursor } : {}, signal),
    definition !== undefined,
  );

/** The same report over the previous period (a KPI's comparison): only the first page matters. */
export const usePreviousPeriod = (definition: ReportDefinition, enabled: boolean) =>
  useQuery({
    queryKey: reportKeys.query(definition, 'previous'),
    queryFn: ({ signal }) => reportsApi.query(definition, { period: 'previous' }, signal),
    retry: false,
    enabled,
  });

/** A saved report's result as it is stored (its current version), paged. */
export const useSavedResults = (id: string, version: number) =>
  usePages(reportKeys.results(id, version), (cursor, signal) => reportsApi.results(id, cursor, signal), true);

/** The records behind a mark, paged. */
export const useDrill = (
  request: { definition: ReportDefinition; point: Record<string, Cell>; value?: string } | undefined,
) =>
  usePages(
    reportKeys.drill(request?.definition ?? { dataset: '' }, request?.point ?? {}, request?.value),
    (cursor, signal) => reportsApi.drill({ ...request!, ...(cursor ? { cursor } : {}) }, signal),
    request !== undefined,
  );
