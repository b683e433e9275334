import {
  type QueryClient,
  type QueryKey,
  queryOptions,
  useInfiniteQuery,
  useQuery,
} from '@tanstack/react-query';
import type { HttpMethod, PathsWithMethod } from 'openapi-typescript-helpers';
import { api, type Query } from './client';
import type { paths } from './schema.gen';
import type { EventHistory, Page, RecordMeta } from './types';

/**
 * Every record kind the console reads by the generic list, detail, timeline and command hooks, named by
 * its API path (`/api/<resource>`). Its shape is the reply of `GET /api/<resource>/{id}` in the generated
 * description, so a kind whose routes are removed or renamed fails the type check here.
 */
export type Resource =
  | 'models'
  | 'customers'
  | 'orders'
  | 'leads'
  | 'quotes'
  | 'campaigns'
  | 'builds'
  | 'shipments'
  | 'items'
  | 'suppliers'
  | 'purchase-orders'
  | 'integrations'
  | 'webhook-endpoints'
  | 'api-keys'
  | 'reports/saved'
  | 'dashboards';

type Json<P extends keyof paths, M extends HttpMethod> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

type Routes<R extends Resource, M extends HttpMethod> = {
  list: `/api/${R}` & PathsWithMethod<paths, M>;
  record: `/api/${R}/{id}` & PathsWithMethod<paths, M>;
  events: `/api/${R}/{id}/events` & PathsWithMethod<paths, M>;
};

export type ResourceTypes = { [R in Resource]: Json<Routes<R, 'get'>['record'], 'get'> & RecordMeta };

/** Each kind must have its list, record and history routes (a `never` here means one is gone). */
const routes = <R extends Resource>(resource: R): Routes<R, 'get'> =>
  ({
    list: `/api/${resource}`,
    record: `/api/${resource}/{id}`,
    events: `/api/${resource}/{id}/events`,
  }) as Routes<R, 'get'>;
type Missing = {
  [R in Resource]: {
    [K in keyof Routes<R, 'get'>]: [Routes<R, 'get'>[K]] extends [never] ? `${R}: no ${K} route` : never;
  }[keyof Routes<R, 'get'>];
}[Resource];
const complete: [Missing] extends [never] ? true : Missing = true;
void complete;

type ListQuery<R extends Resource> = NonNullable<
  NonNullable<paths[Routes<R, 'get'>['list']]['get']['parameters']>['query']
>;

/** A kind's list filters, named and typed as its list route takes them; an empty value is not sent. */
export type ListFilters<R extends Resource> = { [K in keyof ListQuery<R>]?: ListQuery<R>[K] | '' };

/**
 * One page of a kind's list. The list routes share `{ items, nextCursor }` and differ only in their
 * filters (typed per kind above); the generic call is checked against the list route above.
 */
export const listPage = <R extends Resource>(resource: R, query: ListFilters<R>, signal?: AbortSignal) =>
  (api.get as (path: string, init: object) => Promise<Page<ResourceTypes[R]>>)(routes(resource).list, {
    params: { query },
    signal,
  });

/** Query keys, namespaced by resource so one invalidation refreshes every view of it. */
export const keys = {
  me: ['me'] as const,
  resource: (resource: Resource) => [resource] as const,
  list: (resource: Resource, filters: Query) => [resource, 'list', filters] as const,
  detail: (resource: Resource, id: string) => [resource, 'detail', id] as const,
  events: (resource: Resource, id: string) => [resource, 'events', id] as const,
};

export const meQuery = queryOptions({
  queryKey: keys.me,
  queryFn: ({ signal }) => api.get('/api/me', { signal }),
  staleTime: 5 * 60_000,
});

export const PAGE_SIZE = 25;

/** One list, page by page (cursor-based "Load more"). Filters with no value are left out of the key. */
export const useRecordList = <R extends Resource>(resource: R, filters: ListFilters<R>, enabled = true) => {
  const clean = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== ''));
  return useInfiniteQuery({
    queryKey: keys.list(resource, clean),
    queryFn: ({ pageParam, signal }) =>
      listPage(resource, { ...clean, limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
};

export const useRecord = <R extends Resource>(resource: R, id: string, enabled = true) =>
  useQuery({
    queryKey: keys.detail(resource, id),
    queryFn: ({ signal }) =>
      (api.get as (path: string, init: object) => Promise<ResourceTypes[R]>)(routes(resource).record, {
        params: { path: { id } },
        signal,
      }),
    enabled: enabled && id !== '',
  });

export const useRecordEvents = (resource: Resource, id: string, enabled = true) =>
  useQuery({
    queryKey: keys.events(resource, id),
    queryFn: ({ signal }) =>
      (api.get as (path: string, init: object) => Promise<EventHistory>)(routes(resource).events, {
        params: { path: { id } },
        signal,
      }),
    enabled,
  });

/**
 * After a command: the reply is the record as it now stands, so the detail view shows it at once;
 * lists, summaries and the history are refetched (lists come from projections and may lag a moment).
 */
export const afterChange = async (client: QueryClient, resource: Resource, record: RecordMeta) => {
  client.setQueryData(keys.detail(resource, record.id), record);
  const others = (key: QueryKey) => !(key[1] === 'detail' && key[2] === record.id);
  const refresh = () =>
    client.invalidateQueries({ queryKey: keys.resource(resource), predicate: (q) => others(q.queryKey) });
  // Projections are eventually consistent: look again shortly so a new row shows up without a reload.
  setTimeout(() => void refresh(), PROJECTION_LAG_MS);
  await refresh();
};

const PROJECTION_LAG_MS = 1_500;
