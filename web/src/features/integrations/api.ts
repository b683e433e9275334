import { queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, once, target } from '../../api/client';
import { keys, PAGE_SIZE } from '../../api/queries';
import type { ConnectBody, RotateBody } from './types';

/** The integration hub's calls beyond the generic record hooks (list, detail, history). */
export const integrationsApi = {
  templates: (signal?: AbortSignal) => api.get('/api/integration-templates', { signal }),
  connect: (body: ConnectBody, idempotencyKey: string) =>
    api.post('/api/integrations', { body, params: { header: once(idempotencyKey) } }),
  test: (id: string, idempotencyKey: string) =>
    api.post('/api/integrations/{id}/test', { params: { path: { id }, header: once(idempotencyKey) } }),
  rotate: (id: string, version: number, body: RotateBody, idempotencyKey: string) =>
    api.post('/api/integrations/{id}/credentials', { body, params: target(id, version, idempotencyKey) }),
  disable: (id: string, version: number, reason: string, idempotencyKey: string) =>
    api.post('/api/integrations/{id}/disable', {
      body: { reason },
      params: target(id, version, idempotencyKey),
    }),
  enable: (id: string, version: number, idempotencyKey: string) =>
    api.post('/api/integrations/{id}/enable', { params: target(id, version, idempotencyKey) }),
  checkout: (
    id: string,
    body: { orderId: string; amountCents?: number; returnUrl?: string },
    idempotencyKey: string,
  ) =>
    api.post('/api/integrations/{id}/checkouts', {
      body,
      params: { path: { id }, header: once(idempotencyKey) },
    }),
};

export const useTemplates = () =>
  useQuery({
    queryKey: ['integrations', 'templates'],
    queryFn: ({ signal }) => integrationsApi.templates(signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

/** How often the delivery log looks for new deliveries while it is open. */
const DELIVERY_POLL_MS = 5000;

/** An integration's inbound deliveries, newest first, refreshed while the page is open. */
export const useDeliveries = (id: string) =>
  useInfiniteQuery({
    queryKey: [...keys.detail('integrations', id), 'deliveries'],
    queryFn: ({ pageParam, signal }) =>
      api.get('/api/integrations/{id}/deliveries', {
        params: { path: { id }, query: { limit: PAGE_SIZE, cursor: pageParam } },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: DELIVERY_POLL_MS,
  });

/** How often the sync figures refresh while the page is open. */
export const SYNC_POLL_MS = 10_000;

/** An integration's sync over `hours`: status and reasons, deliveries per hour, checks and alert. */
export const syncQuery = (id: string) => (hours: number) =>
  queryOptions({
    queryKey: [...keys.detail('integrations', id), 'sync', hours],
    queryFn: ({ signal }) =>
      api.get('/api/integrations/{id}/sync', { params: { path: { id }, query: { hours } }, signal }),
    refetchInterval: SYNC_POLL_MS,
  });
