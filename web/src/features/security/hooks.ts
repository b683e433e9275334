import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/problem';
import { auditApi, securityApi, usersApi } from './api';
import type { AuditFilters, IncidentStatus, Severity } from './types';

/** Query keys: one namespace each, so an invalidation refreshes every view of it. */
export const securityKeys = {
  security: ['security'] as const,
  audit: ['audit'] as const,
  users: ['users'] as const,
};

export const useSecurityOverview = () =>
  useQuery({
    queryKey: [...securityKeys.security, 'overview'],
    queryFn: ({ signal }) => securityApi.overview(signal),
  });

export const useSecurityRules = (enabled: boolean) =>
  useQuery({
    queryKey: [...securityKeys.security, 'rules'],
    queryFn: ({ signal }) => securityApi.rules(signal),
    staleTime: 5 * 60_000,
    enabled,
  });

export const useSecurityEvents = (filters: { status?: IncidentStatus; severity?: Severity }) =>
  useInfiniteQuery({
    queryKey: [...securityKeys.security, 'events', filters],
    queryFn: ({ pageParam, signal }) => securityApi.events({ ...filters, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
  });

export const useSecurityEvent = (id: string) =>
  useQuery({
    queryKey: [...securityKeys.security, 'event', id],
    queryFn: ({ signal }) => securityApi.event(id, signal),
  });

export const useAuditSearch = (filters: AuditFilters) =>
  useInfiniteQuery({
    queryKey: [...securityKeys.audit, 'search', filters],
    queryFn: ({ pageParam, signal }) => auditApi.search(filters, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
    // Every search is itself audited: do not repeat it behind the person's back.
    refetchOnWindowFocus: false,
    staleTime: 60_000,
  });

export const useDigests = () =>
  useQuery({
    queryKey: [...securityKeys.audit, 'digests'],
    queryFn: ({ signal }) => auditApi.digests(signal),
  });

export const useUsers = () =>
  useQuery({ queryKey: [...securityKeys.users, 'list'], queryFn: ({ signal }) => usersApi.list(signal) });

export const useUser = (id: string) =>
  useQuery({
    queryKey: [...securityKeys.users, 'detail', id],
    queryFn: ({ signal }) => usersApi.get(id, signal),
    refetchOnWindowFocus: false,
  });

export const useUserActivity = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: [...securityKeys.users, 'activity', id],
    queryFn: ({ signal }) => usersApi.activity(id, signal),
    enabled,
    refetchOnWindowFocus: false,
  });

/**
 * An action with a success notification; afterwards the named namespaces are refetched. The problem
 * of a failure stays on the mutation for the form to show.
 */
export const useAction = <A, R>(
  run: (args: A) => Promise<R>,
  options: {
    success: (result: R) => string;
    refresh: readonly (readonly string[])[];
    onDone?: (result: R) => void;
  },
) => {
  const client = useQueryClient();
  return useMutation<R, ApiError, A>({
    mutationFn: async (args) => {
      try {
        return await run(args);
      } catch (error) {
        throw error instanceof ApiError
          ? error
          : new ApiError({
              type: 'about:blank',
              title: 'Something went wrong',
              status: 0,
              detail: String(error),
            });
      }
    },
    onSuccess: async (result) => {
      notifications.show({ color: 'green', title: 'Done', message: options.success(result) });
      options.onDone?.(result);
      await Promise.all(options.refresh.map((key) => client.invalidateQueries({ queryKey: key })));
    },
  });
};
