import { Anchor, Badge, Card, Group, Table, Text, Title } from '@mantine/core';
import { LoadError } from '../../../components/ProblemAlert';
import { useRuns } from './api';

const COLOR = { running: 'blue', succeeded: 'green', skipped: 'gray', failed: 'red' } as const;

/** A saved report's runs, newest first: status, duration, rows and the files each wrote. */
export const RunHistory = ({ reportId }: { reportId: string }) => {
  const runs = useRuns(reportId);
  return (
    <Card withBorder>
      <Title order={3} mb="sm">
        Runs
      </Title>
      {runs.isError ? (
        <LoadError error={runs.error} onRetry={() => runs.refetch()} what="the runs" />
      ) : !runs.data?.items.length ? (
        <Text size="sm" c="dimmed">
          No runs yet
        </Text>
      ) : (
        <Table aria-label="Runs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Started</Table.Th>
              <Table.Th>Trigger</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Duration</Table.Th>
              <Table.Th>Rows</Table.Th>
              <Table.Th>Files</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {runs.data.items.map((run) => (
              <Table.Tr key={run.runId}>
                <Table.Td>{new Date(run.startedAt).toLocaleString()}</Table.Td>
                <Table.Td>{run.trigger}</Table.Td>
                <Table.Td>
                  <Badge color={COLOR[run.status]} title={run.reason ?? run.error}>
                    {run.status}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {run.durationMs === undefined ? '' : `${(run.durationMs / 1000).toFixed(1)} s`}
                </Table.Td>
                <Table.Td>{run.rows ?? ''}</Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    {run.files?.map((f) => (
                      <Anchor key={f.fileName} href={f.url} size="sm">
                        {f.format.toUpperCase()}
                      </Anchor>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
};
