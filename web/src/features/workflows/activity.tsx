import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Time } from '../../components/Time';
import { workflowKeys, workflowsApi } from './api';

/**
 * A workflow's latest run and today's runs, for its row in the list. The workflow record does not carry
 * them, so each row asks the runs API (one page of one run, and one day's figures), cached a little while.
 */
const ROW_STALE_MS = 20_000;

export const LastRun = ({ workflowId }: { workflowId: string }) => {
  const latest = useQuery({
    queryKey: [...workflowKeys.runs(workflowId), 'latest'],
    queryFn: ({ signal }) => workflowsApi.latestRun(workflowId, signal),
    staleTime: ROW_STALE_MS,
    refetchInterval: (q) => (q.state.data?.items[0]?.status === 'running' ? 4000 : 30_000),
  });
  const run = latest.data?.items[0];
  if (latest.isPending)
    return (
      <Text size="sm" c="dimmed">
        …
      </Text>
    );
  if (!run) return 'Never';
  return (
    <>
      <Time iso={run.createdAt} />
      {run.status === 'running'
        ? ' · running'
        : run.status === 'succeeded'
          ? ''
          : ` · ${run.status.replace('_', ' ')}`}
    </>
  );
};

export const RunsToday = ({ workflowId }: { workflowId: string }) => {
  const stats = useQuery({
    queryKey: workflowKeys.stats(workflowId, 1),
    queryFn: ({ signal }) => workflowsApi.stats(workflowId, 1, signal),
    staleTime: ROW_STALE_MS,
    refetchInterval: 30_000,
  });
  const today = new Date().toISOString().slice(0, 10);
  return stats.data ? (stats.data.days.find((d) => d.day === today)?.runs ?? 0) : '…';
};
