import { Anchor, Table } from '@mantine/core';
import { Link } from 'react-router';
import { PagedRows } from '../../components/PagedRows';
import { Time } from '../../components/Time';
import { useRuns } from './api';
import { duration, RunStatusBadge, runTriggerSummary } from './components';

/** A workflow's runs, newest first: status, trigger, version, started, duration; refreshed while any runs. */
export const RunsTab = ({ workflowId }: { workflowId: string }) => {
  const runs = useRuns(workflowId);
  return (
    <PagedRows
      query={runs}
      what="runs"
      empty="No runs yet. A run appears here as soon as its trigger happens."
    >
      {(rows) => (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" aria-label="Runs" data-testid="workflow-runs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Started</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Trigger</Table.Th>
                <Table.Th>Version</Table.Th>
                <Table.Th>Duration</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id} data-testid="run-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/workflow-runs/${r.id}`}>
                      <Time iso={r.createdAt} />
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <RunStatusBadge status={r.status} />
                  </Table.Td>
                  <Table.Td>{runTriggerSummary(r.trigger)}</Table.Td>
                  <Table.Td>{r.workflowVersion === 0 ? 'Draft' : `v${r.workflowVersion}`}</Table.Td>
                  <Table.Td>{duration(r.durationMs)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </PagedRows>
  );
};
