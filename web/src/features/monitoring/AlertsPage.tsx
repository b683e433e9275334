import { Anchor, Badge, Table, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/ProblemAlert';
import { Time } from '../../components/Time';
import { REFRESH_MS, useAlertRules } from './api';
import { AlertStateBadge, LoadingRows, mOfN } from './components';

/** The alert rules with their state, when it last changed, and how many datapoints move it. */
export default function AlertsPage() {
  useDocumentTitle('Alerts · Monitoring · Firefly');
  const rules = useAlertRules();
  const header = (
    <PageHeader
      title="Alerts"
      description={`Rules checked every minute; each fires and recovers on M of N checks, so one bad minute does not page anyone. Refreshes every ${REFRESH_MS / 1000} s.`}
    />
  );
  if (rules.isError)
    return (
      <>
        {header}
        <LoadError error={rules.error} onRetry={() => void rules.refetch()} what="Alert rules" />
      </>
    );
  const items = rules.data?.items;
  return (
    <>
      {header}
      {!items ? (
        <LoadingRows label="Loading alert rules" />
      ) : items.length === 0 ? (
        <Text c="dimmed">No alert rules.</Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table aria-label="Alert rules" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Rule</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Last change</Table.Th>
                <Table.Th>M of N</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((rule) => (
                <Table.Tr key={rule.id} data-testid="alert-rule" data-rule={rule.id} data-state={rule.state}>
                  <Table.Td>
                    <Anchor component={Link} to={`/monitoring/alerts/${rule.id}`}>
                      {rule.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <AlertStateBadge state={rule.state} />{' '}
                    {rule.acknowledged && (
                      <Badge variant="outline" radius="sm" color="blue">
                        Acknowledged
                      </Badge>
                    )}{' '}
                    {rule.silencedUntil && Date.parse(rule.silencedUntil) > Date.now() && (
                      <Badge variant="outline" radius="sm" color="gray">
                        Silenced
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{rule.since ? <Time iso={rule.since} /> : 'Never'}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{mOfN(rule)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}
