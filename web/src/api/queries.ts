import {
  type QueryClient,
  type QueryKey,
  queryOptions,
  useInfiniteQuery,
  useQuery,
} from '@tanstack/react-query';
import { api, type Query } from './client';
import type { Customer, EventHistory, Me, Model, Order, Page, RecordMeta } from './types';

/**
 * Every record kind the console reads, by its API path (`/api/<resource>`), and its shape. Features add
 * theirs by augmenting this interface from their own `types.ts`, so the generic list, detail, timeline
 * and command hooks serve them without this module knowing every feature.
 */
export interface ResourceTypes {
  models: Model;
  customers: Customer;
  orders: Order;
}

export type Resource = keyof ResourceTypes;

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
  queryFn: ({ signal }) => api.get<Me>('/api/me', undefined, signal),
  staleTime: 5 * 60_000,
});

export const PAGE_SIZE = 25;

/** One list, page by page (cursor-based "Load more"). Filters with no value are left out of the key. */
export const useRecordList = <R extends Resource>(resource: R, filters: Query, enabled = true) => {
  const clean = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== ''));
  return useInfiniteQuery({
    queryKey: keys.list(resource, clean),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<ResourceTypes[R]>>(
        `/api/${resource}`,
        { ...clean, limit: PAGE_SIZE, cursor: pageParam },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
};

export const useRecord = <R extends Resource>(resource: R, id: string, enabled = true) =>
  useQuery({
    queryKey: keys.detail(resource, id),
    queryFn: ({ signal }) =>
      api.get<ResourceTypes[R]>(`/api/${resource}/${encodeURIComponent(id)}`, undefined, signal),
    enabled: enabled && id !== '',
  });

export const useRecordEvents = (resource: Resource, id: string, enabled = true) =>
  useQuery({
    queryKey: keys.events(resource, id),
    queryFn: ({ signal }) =>
      api.get<EventHistory>(`/api/${resource}/${encodeURIComponent(id)}/events`, undefined, signal),
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
