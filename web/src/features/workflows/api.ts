import { keepPreviousData, queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, once, target } from '../../api/client';
import { PAGE_SIZE, useRecordList } from '../../api/queries';
import type { paths } from '../../api/schema.gen';
import type { FieldType } from './builder/condition';
import type { BuilderMeta, FieldInfo } from './builder/fields';
import type { WorkflowDefinition } from './definition';
import type { Workflow, WorkflowMeta, WorkflowPermission } from './types';

/** How often lists and runs look again while something may be running. */
export const LIVE_POLL_MS = 4000;
/** How often a list with nothing running looks for a new run. */
const IDLE_POLL_MS = 15_000;

export const workflowKeys = {
  all: ['workflows'] as const,
  list: (filters: object) => ['workflows', 'list', filters] as const,
  detail: (id: string) => ['workflows', 'detail', id] as const,
  versions: (id: string) => ['workflows', 'detail', id, 'versions'] as const,
  runs: (id: string) => ['workflows', 'detail', id, 'runs'] as const,
  stats: (id: string, days: number) => ['workflows', 'detail', id, 'stats', days] as const,
  run: (id: string) => ['workflow-runs', id] as const,
  meta: ['workflows', 'meta'] as const,
  templates: ['workflows', 'templates'] as const,
  tasks: (status: string) => ['tasks', status] as const,
};

const byId = (id: string) => ({ path: { id } });

export const workflowsApi = {
  list: (query: WorkflowListQuery, signal?: AbortSignal) =>
    api.get('/api/workflows', { params: { query }, signal }),
  get: (id: string, signal?: AbortSignal) => api.get('/api/workflows/{id}', { params: byId(id), signal }),
  meta: (signal?: AbortSignal) => api.get('/api/workflows/meta', { signal }),
  templates: (signal?: AbortSignal) => api.get('/api/workflows/templates', { signal }),
  create: (body: { name?: string; description?: string; templateId?: string }, key: string) =>
    api.post('/api/workflows', { body, params: { header: once(key) } }),
  save: (w: Pick<Workflow, 'id' | 'version' | 'name' | 'description'> & { definition: WorkflowDefinition }) =>
    api.put('/api/workflows/{id}', {
      body: { name: w.name, description: w.description, definition: w.definition },
      params: target(w.id, w.version),
    }),
  validate: (definition: WorkflowDefinition, permissions?: WorkflowPermission[], signal?: AbortSignal) =>
    api.post('/api/workflows/validate', {
      body: { definition, ...(permissions ? { permissions } : {}) },
      signal,
    }),
  publish: (id: string, version: number, permissions: WorkflowPermission[], key: string) =>
    api.post('/api/workflows/{id}/publish', { body: { permissions }, params: target(id, version, key) }),
  pause: (id: string, version: number, key: string) =>
    api.post('/api/workflows/{id}/pause', { body: {}, params: target(id, version, key) }),
  resume: (id: string, version: number, key: string) =>
    api.post('/api/workflows/{id}/resume', { params: target(id, version, key) }),
  archive: (id: string, version: number, key: string) =>
    api.post('/api/workflows/{id}/archive', { params: target(id, version, key) }),
  versions: (id: string, signal?: AbortSignal) =>
    api.get('/api/workflows/{id}/versions', { params: byId(id), signal }),
  version: (id: string, version: number, signal?: AbortSignal) =>
    api.get('/api/workflows/{id}/versions/{version}', { params: { path: { id, version } }, signal }),
  latestRun: (id: string, signal?: AbortSignal) =>
    api.get('/api/workflows/{id}/runs', { params: { ...byId(id), query: { limit: 1 } }, signal }),
  runs: (id: string, cursor: string | undefined, signal?: AbortSignal) =>
    api.get('/api/workflows/{id}/runs', {
      params: { ...byId(id), query: { limit: PAGE_SIZE, cursor } },
      signal,
    }),
  stats: (id: string, days: number, signal?: AbortSignal) =>
    api.get('/api/workflows/{id}/stats', { params: { ...byId(id), query: { days } }, signal }),
  run: (id: string, signal?: AbortSignal) => api.get('/api/workflow-runs/{id}', { params: byId(id), signal }),
  cancel: (id: string, key: string) =>
    api.post('/api/workflow-runs/{id}/cancel', { params: { ...byId(id), header: once(key) } }),
  rerun: (id: string, key: string) =>
    api.post('/api/workflow-runs/{id}/rerun', { params: { ...byId(id), header: once(key) } }),
  start: (id: string, input: Record<string, unknown>, key: string) =>
    api.post('/api/workflows/{id}/runs', { body: { input }, params: { ...byId(id), header: once(key) } }),
  testRun: (id: string, body: { input: Record<string, unknown>; failStep?: string }, key: string) =>
    api.post('/api/workflows/{id}/test-runs', { body, params: { ...byId(id), header: once(key) } }),
  tasks: (status: 'open' | 'done', cursor: string | undefined, signal?: AbortSignal) =>
    api.get('/api/tasks', { params: { query: { status, limit: PAGE_SIZE, cursor } }, signal }),
  completeTask: (id: string, note: string | undefined, key: string) =>
    api.post('/api/tasks/{id}/complete', {
      body: note ? { note } : {},
      params: { ...byId(id), header: once(key) },
    }),
};

type WorkflowListQuery = NonNullable<paths['/api/workflows']['get']['parameters']['query']>;

const live = (rows: { status: string }[] | undefined) => rows?.some((r) => r.status === 'running');

/** Workflows, page by page (each row's last run and runs today refresh on their own, see activity.tsx). */
export const useWorkflows = (filters: Record<string, string>) =>
  useInfiniteQuery({
    queryKey: workflowKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      workflowsApi.list({ ...filters, limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
  });

export const useWorkflow = (id: string, enabled = true) =>
  useQuery({
    queryKey: workflowKeys.detail(id),
    queryFn: ({ signal }) => workflowsApi.get(id, signal),
    enabled: enabled && id !== '',
  });

/** The ready-made workflows: fixed for a release, so read once per session. */
export const useTemplates = () =>
  useQuery({
    queryKey: workflowKeys.templates,
    queryFn: ({ signal }) => workflowsApi.templates(signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const metaQuery = queryOptions({
  queryKey: workflowKeys.meta,
  queryFn: ({ signal }) => workflowsApi.meta(signal),
  staleTime: 5 * 60_000,
});

const fieldType = (type: string): FieldType =>
  type === 'string' || type === 'number' || type === 'boolean' || type === 'timestamp' ? type : 'other';

/** The API's meta and the outbound endpoints, as the builder's pickers use them. */
export const toBuilderMeta = (
  meta: WorkflowMeta,
  endpoints: { id: string; url: string; description?: string }[],
): BuilderMeta => ({
  eventTypes: meta.triggers.map((e) => ({
    type: e.type,
    summary: e.summary,
    fields: e.fields.map((f) => ({
      name: f.path,
      type: fieldType(f.type),
      ...(f.values ? { values: f.values } : {}),
    })),
  })),
  operations: meta.operations.map((o) => ({
    id: o.operationId,
    summary: `${o.summary} (${o.method} ${o.path})`,
    permission: o.permission,
    // The path's placeholders are the parameters it needs; its body's fields are the person's to name.
    params: [...o.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string),
    body: [],
  })),
  permissions: meta.permissions,
  recordKinds: meta.recordKinds,
  roles: meta.roles,
  endpoints: endpoints.map((e) => ({ id: e.id, label: e.description || e.url })),
});

/** Everything the builder's pickers need: the meta, and the endpoints a webhook step may call. */
export const useBuilderMeta = () => {
  const meta = useQuery(metaQuery);
  const endpoints = useRecordList('webhook-endpoints', {});
  const rows = endpoints.data?.pages.flatMap((p) => p.items) ?? [];
  return {
    ...meta,
    data: meta.data ? toBuilderMeta(meta.data, rows) : undefined,
  };
};

export const useVersions = (id: string) =>
  useQuery({
    queryKey: workflowKeys.versions(id),
    queryFn: ({ signal }) => workflowsApi.versions(id, signal),
  });

/** A workflow's runs, newest first: refreshed often while any is running, and now and then for new ones. */
export const useRuns = (id: string) =>
  useInfiniteQuery({
    queryKey: workflowKeys.runs(id),
    queryFn: ({ pageParam, signal }) => workflowsApi.runs(id, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: (q) => (live(q.state.data?.pages.flatMap((p) => p.items)) ? LIVE_POLL_MS : IDLE_POLL_MS),
  });

/** One run with its step history; looked at again while it runs. */
export const useRun = (id: string) =>
  useQuery({
    queryKey: workflowKeys.run(id),
    queryFn: ({ signal }) => workflowsApi.run(id, signal),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? LIVE_POLL_MS : false),
  });

export const useStats = (id: string, days: number) =>
  useQuery({
    queryKey: workflowKeys.stats(id, days),
    queryFn: ({ signal }) => workflowsApi.stats(id, days, signal),
    placeholderData: keepPreviousData,
  });

export const useTasks = (status: 'open' | 'done') =>
  useInfiniteQuery({
    queryKey: workflowKeys.tasks(status),
    queryFn: ({ pageParam, signal }) => workflowsApi.tasks(status, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 30_000,
  });

/** The fields a sample input of a trigger offers, for the test run's editor. */
export const sampleInput = (fields: FieldInfo[]): Record<string, unknown> =>
  Object.fromEntries(
    fields
      .filter((f) => f.path.startsWith('$.trigger.data.') && !f.path.slice(15).includes('.'))
      .map((f) => [
        f.path.slice(15),
        f.values?.[0] ??
          (f.type === 'number'
            ? 0
            : f.type === 'boolean'
              ? false
              : f.type === 'timestamp'
                ? new Date().toISOString()
                : ''),
      ]),
  );
