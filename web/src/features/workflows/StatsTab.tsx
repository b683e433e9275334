import { Card, Group, SegmentedControl, SimpleGrid, Skeleton, Stack, Table, Text } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { LoadError } from '../../components/ProblemAlert';
import { useStats } from './api';
import { duration } from './components';

const RunsChart = lazy(() => import('./RunsChart'));

const Figure = ({ label, value }: { label: string; value: string }) => (
  <Card withBorder padding="sm">
    <Text size="xs" c="dimmed">
      {label}
    </Text>
    <Text size="xl" fw={700}>
      {value}
    </Text>
  </Card>
);

/** How a workflow does: runs per day, success rate, p50 / p95 duration and which steps fail. */
export const StatsTab = ({ workflowId }: { workflowId: string }) => {
  const [days, setDays] = useState('30');
  const stats = useStats(workflowId, Number(days));
  return (
    <Stack gap="md">
      <Group justify="flex-end">
        <SegmentedControl
          aria-label="Period"
          data={[
            { value: '7', label: '7 days' },
            { value: '30', label: '30 days' },
            { value: '90', label: '90 days' },
          ]}
          value={days}
          onChange={setDays}
        />
      </Group>
      {stats.isPending ? (
        <Skeleton height={200} role="status" aria-label="Loading figures" />
      ) : stats.isError ? (
        <LoadError error={stats.error} onRetry={() => void stats.refetch()} what="the figures" />
      ) : (
        <>
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
            <Figure label="Runs" value={String(stats.data.runs)} />
            <Figure
              label="Success rate"
              value={
                stats.data.successRate === undefined
                  ? '—'
                  : `${Math.round(stats.data.successRate * 1000) / 10}%`
              }
            />
            <Figure label="p50 duration" value={duration(stats.data.p50Ms)} />
            <Figure label="p95 duration" value={duration(stats.data.p95Ms)} />
          </SimpleGrid>
          <Suspense fallback={<Skeleton height={240} />}>
            <RunsChart days={stats.data.days} />
          </Suspense>
          <Table aria-label="Failures by step">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Step</Table.Th>
                <Table.Th style={{ textAlign: 'right' }}>Failures</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {stats.data.failuresByStep.length === 0 ? (
                <Table.Tr>
                  <Table.Td colSpan={2}>
                    <Text size="sm" c="dimmed">
                      No step failed in this period.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ) : (
                stats.data.failuresByStep.map((f) => (
                  <Table.Tr key={f.step}>
                    <Table.Td>{f.step}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>{f.failures}</Table.Td>
                  </Table.Tr>
                ))
              )}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
};
