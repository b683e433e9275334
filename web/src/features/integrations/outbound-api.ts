import { queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, once, target } from '../../api/client';
import { keys, PAGE_SIZE } from '../../api/queries';
import { SYNC_POLL_MS } from './api';
import type { CreateEndpointBody } from './types';

/** Outbound webhooks' calls beyond the generic record hooks (list, detail, history). */
export const outboundApi = {
  eventTypes: (signal?: AbortSignal) => api.get('/api/webhook-event-types', { signal }),
  create: (body: CreateEndpointBody, idempotencyKey: string) =>
    api.post('/api/webhook-endpoints', { body, params: { header: once(idempotencyKey) } }),
  rotate: (id: string, version: number, idempotencyKey: string) =>
    api.post('/api/webhook-endpoints/{id}/secret', { params: target(id, version, idempotencyKey) }),
  reveal: (id: string, idempotencyKey: string) =>
    api.post('/api/webhook-endpoints/{id}/secret/reveal', {
      params: { path: { id }, header: once(idempotencyKey) },
    }),
  disable: (id: string, version: number, reason: string, idempotencyKey: string) =>
    api.post('/api/webhook-endpoints/{id}/disable', {
      body: { reason },
      params: target(id, version, idempotencyKey),
    }),
  enable: (id: string, version: number, idempotencyKey: string) =>
    api.post('/api/webhook-endpoints/{id}/enable', { params: target(id, version, idempotencyKey) }),
  replay: (id: string, range: { from: string; to: string }, idempotencyKey: string) =>
    api.post('/api/webhook-endpoints/{id}/replay', {
      body: range,
      params: { path: { id }, header: once(idempotencyKey) },
    }),
  retry: (deliveryId: string, idempotencyKey: string) =>
    api.post('/api/webhook-deliveries/{id}/retry', {
      params: { path: { id: deliveryId }, header: once(idempotencyKey) },
    }),
};

export const useEventTypes = () =>
  useQuery({
    queryKey: ['webhook-endpoints', 'event-types'],
    queryFn: ({ signal }) => outboundApi.eventTypes(signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

/** How often the delivery log looks for new attempts while it is open. */
const DELIVERY_POLL_MS = 5000;

/** An endpoint's delivery log, newest first, refreshed while the page is open. */
export const useOutboundDeliveries = (id: string) =>
  useInfiniteQuery({
    queryKey: [...keys.detail('webhook-endpoints', id), 'deliveries'],
    queryFn: ({ pageParam, signal }) =>
      api.get('/api/webhook-endpoints/{id}/deliveries', {
        params: { path: { id }, query: { limit: PAGE_SIZE, cursor: pageParam } },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: DELIVERY_POLL_MS,
  });

/** An outbound endpoint's deliveries over `hours`: status, attempts per hour, lag, errors. */
export const endpointSyncQuery = (id: string) => (hours: number) =>
  queryOptions({
    queryKey: [...keys.detail('webhook-endpoints', id), 'sync', hours],
    queryFn: ({ signal }) =>
      api.get('/api/webhook-endpoints/{id}/sync', { params: { path: { id }, query: { hours } }, signal }),
    refetchInterval: SYNC_POLL_MS,
  });
