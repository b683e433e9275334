import { Group, Stack, Table, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/ProblemAlert';
import { Time } from '../../components/Time';
import { REFRESH_MS, useDeepHealth } from './api';
import { HealthBadge, LoadingRows } from './components';

/** Every dependency and the pipeline, as the deep health check sees them now; refreshed while open. */
export default function HealthPage() {
  useDocumentTitle('Health · Monitoring · Firefly');
  const health = useDeepHealth();
  const header = (
    <PageHeader
      title="Health"
      description={`Each dependency and the event pipeline, checked with its own timeout. Refreshes every ${REFRESH_MS / 1000} s.`}
    />
  );
  if (health.isError)
    return (
      <>
        {header}
        <LoadError error={health.error} onRetry={() => void health.refetch()} what="Health" />
      </>
    );
  const data = health.data;
  return (
    <>
      {header}
      {!data ? (
        <LoadingRows label="Loading health" />
      ) : (
        <Stack gap="sm">
          <Group gap="xs" data-testid="overall-health" data-status={data.status}>
            <Text fw={600}>Overall</Text>
            <HealthBadge status={data.status} />
            <Text size="sm" c="dimmed">
              checked <Time iso={data.checkedAt} withAbsolute />
            </Text>
          </Group>
          <Table.ScrollContainer minWidth={560}>
            <Table aria-label="Health checks" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Check</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th ta="right">Latency</Table.Th>
                  <Table.Th>Reason</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.checks.map((c) => (
                  <Table.Tr
                    key={c.check}
                    data-testid="health-check"
                    data-check={c.check}
                    data-status={c.status}
                  >
                    <Table.Td>{c.name}</Table.Td>
                    <Table.Td>
                      <HealthBadge status={c.status} />
                    </Table.Td>
                    <Table.Td ta="right">{c.latencyMs} ms</Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                        {c.reason}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      )}
    </>
  );
}
