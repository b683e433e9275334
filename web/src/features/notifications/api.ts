import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { paths } from '../../api/schema.gen';

export type Inbox = paths['/api/notifications']['get']['responses'][200]['content']['application/json'];
export type Notification = Inbox['items'][number];

/** The bell looks for new notifications this often while the console is open (and on focus). */
const POLL_MS = 30_000;
const KEY = ['notifications'] as const;

const inbox = (limit: number, cursor?: string, signal?: AbortSignal) =>
  api.get('/api/notifications', { params: { query: { limit, cursor } }, signal });

/** The newest of my notifications (unread first) and how many are unread: the bell's. */
export const useInboxSummary = (limit = 8) =>
  useQuery({
    queryKey: [...KEY, 'summary', limit],
    queryFn: ({ signal }) => inbox(limit, undefined, signal),
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
  });

/** All my notifications, page by page: the notifications page's. */
export const useInbox = () =>
  useInfiniteQuery({
    queryKey: [...KEY, 'all'],
    queryFn: ({ pageParam, signal }) => inbox(25, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
  });

/** Mark one read, or all; either way every view of the inbox is read again. */
export const useMarkRead = () => {
  const client = useQueryClient();
  const settled = () => client.invalidateQueries({ queryKey: KEY });
  return {
    one: useMutation({
      mutationFn: (id: string) => api.post('/api/notifications/{id}/read', { params: { path: { id } } }),
      onSettled: settled,
    }),
    all: useMutation({
      mutationFn: () => api.post('/api/notifications/read-all', {}),
      onSettled: settled,
    }),
  };
};
