import {
  type InfiniteData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
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

/** An inbox with one notification read, where it stands: `unread` counts it once if it was unread. */
const markedRead = (inbox: Inbox, id: string, wasUnread: boolean): Inbox => ({
  ...inbox,
  unread: wasUnread ? Math.max(0, inbox.unread - 1) : inbox.unread,
  items: inbox.items.map((n) => (n.id === id ? { ...n, status: 'read' as const } : n)),
});

/**
 * Mark one read, or all. One is marked in place, so the list a person is reading keeps its order (unread
 * first would move it away, out of a short popover) until its next refresh; all read reads the inbox again.
 */
export const useMarkRead = () => {
  const client = useQueryClient();
  const settled = () => client.invalidateQueries({ queryKey: KEY });
  return {
    one: useMutation({
      mutationFn: (id: string) => api.post('/api/notifications/{id}/read', { params: { path: { id } } }),
      onSuccess: (_, id) => {
        const cached = [
          ...client.getQueriesData<Inbox>({ queryKey: [...KEY, 'summary'] }).map(([, d]) => d?.items ?? []),
          ...client
            .getQueriesData<InfiniteData<Inbox>>({ queryKey: [...KEY, 'all'] })
            .flatMap(([, d]) => d?.pages.map((p) => p.items) ?? []),
        ].flat();
        const wasUnread = cached.some((n) => n.id === id && n.status === 'unread');
        client.setQueriesData<Inbox>({ queryKey: [...KEY, 'summary'] }, (old) =>
          old ? markedRead(old, id, wasUnread) : old,
        );
        client.setQueriesData<InfiniteData<Inbox>>({ queryKey: [...KEY, 'all'] }, (old) =>
          old ? { ...old, pages: old.pages.map((p) => markedRead(p, id, wasUnread)) } : old,
        );
      },
      // A refusal (already gone, signed out) reads the inbox again rather than guess.
      onError: settled,
    }),
    all: useMutation({
      mutationFn: () => api.post('/api/notifications/read-all', {}),
      onSettled: settled,
    }),
  };
};
