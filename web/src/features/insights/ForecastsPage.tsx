import { Anchor, Table, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/ProblemAlert';
import { enumLabel } from '../../lib/format';
import { CoverageBadge, maseText } from './accuracy';
import { useForecasts } from './api';
import { Loading, NoRunYet } from './components';

/** Every forecast series of the latest run, with how accurate its backtests were. */
export default function ForecastsPage() {
  useDocumentTitle('Forecasts · Insights · Firefly');
  const forecasts = useForecasts();
  return (
    <>
      <PageHeader
        title="Forecasts"
        description="Monthly forecasts from the insights runs, each chosen by rolling-origin backtests. MASE below 1 beats repeating last year; coverage is how often the bands held on months the model had not seen, beside what they claim."
      />
      {forecasts.isError ? (
        <LoadError error={forecasts.error} onRetry={() => void forecasts.refetch()} what="Forecasts" />
      ) : !forecasts.data ? (
        <Loading label="Loading forecasts" />
      ) : forecasts.data.items.length === 0 ? (
        <NoRunYet />
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table aria-label="Forecast series" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Series</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Next month</Table.Th>
                <Table.Th>Model</Table.Th>
                <Table.Th>MASE</Table.Th>
                <Table.Th>80% band held</Table.Th>
                <Table.Th>95% band held</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {forecasts.data.items.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/insights/forecasts/${s.id}`}>
                      {s.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{enumLabel(s.kind)}</Table.Td>
                  <Table.Td>
                    {s.next === null ? '–' : s.next.toLocaleString('en-US', { maximumFractionDigits: 1 })}{' '}
                    <Text span size="xs" c="dimmed">
                      {s.unit}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {s.model}
                    </Text>
                  </Table.Td>
                  <Table.Td>{maseText(s.accuracy)}</Table.Td>
                  <Table.Td>
                    <CoverageBadge claimed={0.8} measured={s.accuracy.coverage80} />
                  </Table.Td>
                  <Table.Td>
                    <CoverageBadge claimed={0.95} measured={s.accuracy.coverage95} />
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
