import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/problem';
import { backupsApi, exportsApi, historyApi } from './api';
import type { BackupKind, BackupRun, ExportRun, RestoreRun, Retention } from './types';

/** Query keys: one namespace each, so an invalidation refreshes every view of it. */
export const backupKeys = {
  backups: ['backups'] as const,
  restores: ['restores'] as const,
  exports: ['exports'] as const,
};

/** Runs change on their own while they run: poll until nothing on screen is queued or running. */
const POLL_MS = 2_000;
const active = (status: string | undefined) => status === 'queued' || status === 'running';
const anyActive = (pages: { items: { status: string }[] }[] | undefined) =>
  (pages ?? []).some((p) => p.items.some((i) => active(i.status)));

export const useBackups = () =>
  useInfiniteQuery({
    queryKey: [...backupKeys.backups, 'list'],
    queryFn: ({ pageParam, signal }) => backupsApi.list(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: (query) => (anyActive(query.state.data?.pages) ? POLL_MS : false),
  });

export const useBackup = (id: string) =>
  useQuery({
    queryKey: [...backupKeys.backups, 'one', id],
    queryFn: ({ signal }) => backupsApi.get(id, signal),
    refetchInterval: (query) => (active(query.state.data?.status) ? POLL_MS : false),
  });

export const useRestores = () =>
  useInfiniteQuery({
    queryKey: [...backupKeys.restores, 'list'],
    queryFn: ({ pageParam, signal }) => backupsApi.restores(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: (query) => (anyActive(query.state.data?.pages) ? POLL_MS : false),
  });

export const useRestore = (id: string) =>
  useQuery({
    queryKey: [...backupKeys.restores, 'one', id],
    queryFn: ({ signal }) => backupsApi.restore(id, signal),
    refetchInterval: (query) => (active(query.state.data?.status) ? POLL_MS : false),
  });

export const useBackupSettings = () =>
  useQuery({
    queryKey: [...backupKeys.backups, 'settings'],
    queryFn: ({ signal }) => backupsApi.settings(signal),
  });

const failed = (title: string) => (error: unknown) =>
  notifications.show({
    color: 'red',
    title,
    message: error instanceof ApiError ? (error.problem.detail ?? error.problem.title) : String(error),
  });

/** Starts something and refreshes the lists it shows up in. */
const useStart = <A, R>(
  run: (args: A) => Promise<R>,
  keys: readonly (readonly string[])[],
  messages: { ok: (result: R) => string; failed: string },
) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (result) => {
      for (const key of keys) void client.invalidateQueries({ queryKey: key });
      notifications.show({ color: 'green', message: messages.ok(result) });
    },
    onError: failed(messages.failed),
  });
};

export const useStartBackup = () =>
  useStart((kind: BackupKind) => backupsApi.start(kind), [backupKeys.backups], {
    ok: (run: BackupRun) => `A ${run.kind} backup started`,
    failed: 'The backup could not start',
  });

export const useVerifyBackup = () =>
  useStart((id: string) => backupsApi.verify(id), [backupKeys.backups], {
    ok: () => 'Verification started: every part is being re-read',
    failed: 'Verification could not start',
  });

export const useStartDrill = () =>
  useStart(
    (backupId: string | undefined) => backupsApi.drill(backupId),
    [backupKeys.restores, backupKeys.backups],
    {
      ok: () => 'Restore drill started',
      failed: 'The restore drill could not start',
    },
  );

export const useStartRestore = () =>
  useStart(
    (body: { at?: string; backupId?: string; target?: string }) => backupsApi.startRestore(body),
    [backupKeys.restores],
    { ok: (run: RestoreRun) => `Restore ${run.id} started`, failed: 'The restore could not start' },
  );

export const useSaveSettings = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, version }: { body: { retention: Retention; fullEvery: number }; version: number }) =>
      backupsApi.saveSettings(body, version),
    onSuccess: (settings) => {
      client.setQueryData([...backupKeys.backups, 'settings'], settings);
      notifications.show({ color: 'green', message: 'Retention settings saved' });
    },
  });
};

export const useExportSources = () =>
  useQuery({
    queryKey: [...backupKeys.exports, 'sources'],
    queryFn: ({ signal }) => exportsApi.sources(signal),
    staleTime: 5 * 60_000,
  });

export const useExports = () =>
  useInfiniteQuery({
    queryKey: [...backupKeys.exports, 'list'],
    queryFn: ({ pageParam, signal }) => exportsApi.list(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: (query) => (anyActive(query.state.data?.pages) ? POLL_MS : false),
  });

export const useExport = (id: string | undefined) =>
  useQuery({
    queryKey: [...backupKeys.exports, 'one', id],
    queryFn: ({ signal }) => exportsApi.get(id!, signal),
    enabled: !!id,
    refetchInterval: (query) => (active(query.state.data?.status) ? 1_000 : false),
  });

export const useStartExport = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (args: Parameters<typeof exportsApi.start>[0]) => exportsApi.start(args, crypto.randomUUID()),
    onSuccess: (run: ExportRun) => {
      void client.invalidateQueries({ queryKey: backupKeys.exports });
      client.setQueryData([...backupKeys.exports, 'one', run.id], run);
    },
  });
};

export const useRecordAt = (streamId: string, at: string | undefined) =>
  useQuery({
    queryKey: ['history', streamId, at],
    queryFn: ({ signal }) => historyApi.at(streamId, at, signal),
    enabled: streamId.length > 0,
    retry: false,
  });
