import { Anchor, Group, List, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { lazy, Suspense, useState } from 'react';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/ProblemAlert';
import { CoverageBadge, maseText } from './accuracy';
import { type ForecastSeries, useForecast } from './api';
import { Loading } from './components';

const ForecastChart = lazy(() => import('./ForecastChart'));

const n = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 1 });

const AccuracyTable = ({ series }: { series: ForecastSeries }) => (
  <Table aria-label="Backtest accuracy" verticalSpacing="xs" maw={640}>
    <Table.Thead>
      <Table.Tr>
        <Table.Th>Measure</Table.Th>
        <Table.Th>Claimed</Table.Th>
        <Table.Th>Measured on backtests</Table.Th>
      </Table.Tr>
    </Table.Thead>
    <Table.Tbody>
      <Table.Tr>
        <Table.Td>MASE (below 1 beats repeating the last season)</Table.Td>
        <Table.Td>–</Table.Td>
        <Table.Td>{maseText(series.accuracy)}</Table.Td>
      </Table.Tr>
      <Table.Tr>
        <Table.Td>80% band holds what happens</Table.Td>
        <Table.Td>80%</Table.Td>
        <Table.Td>
          <CoverageBadge claimed={0.8} measured={series.accuracy.coverage80} />
        </Table.Td>
      </Table.Tr>
      <Table.Tr>
        <Table.Td>95% band holds what happens</Table.Td>
        <Table.Td>95%</Table.Td>
        <Table.Td>
          <CoverageBadge claimed={0.95} measured={series.accuracy.coverage95} />
        </Table.Td>
      </Table.Tr>
      <Table.Tr>
        <Table.Td>Backtest origins</Table.Td>
        <Table.Td>–</Table.Td>
        <Table.Td>{series.accuracy.origins}</Table.Td>
      </Table.Tr>
    </Table.Tbody>
  </Table>
);

const ValuesTable = ({ series }: { series: ForecastSeries }) => (
  <Table.ScrollContainer minWidth={640}>
    <Table aria-label={`${series.name} by month`} verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Month</Table.Th>
          <Table.Th>Actual</Table.Th>
          <Table.Th>Forecast</Table.Th>
          <Table.Th>80% band</Table.Th>
          <Table.Th>95% band</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {series.history.map((h) => (
          <Table.Tr key={h.month}>
            <Table.Td>{h.month}</Table.Td>
            <Table.Td>{n(h.value)}</Table.Td>
            <Table.Td />
            <Table.Td />
            <Table.Td />
          </Table.Tr>
        ))}
        {series.forecast.map((f) => (
          <Table.Tr key={f.month}>
            <Table.Td>{f.month}</Table.Td>
            <Table.Td />
            <Table.Td>{n(f.mean)}</Table.Td>
            <Table.Td>
              {n(f.lo80)} – {n(f.hi80)}
            </Table.Td>
            <Table.Td>
              {n(f.lo95)} – {n(f.hi95)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  </Table.ScrollContainer>
);

/** One forecast series: its chart (or the same figures as a table) and its measured accuracy. */
export default function ForecastPage() {
  const { id = '' } = useParams();
  const series = useForecast(id);
  const [view, setView] = useState<'chart' | 'table'>('chart');
  useDocumentTitle(`${series.data?.name ?? 'Forecast'} · Insights · Firefly`);
  return (
    <>
      <PageHeader
        title={series.data?.name ?? 'Forecast'}
        description={
          series.data
            ? `Model: ${series.data.model}. As of ${series.data.asOf.slice(0, 10)}, in ${series.data.unit}.`
            : undefined
        }
      />
      <Anchor component={Link} to="/insights/forecasts" size="sm">
        All forecasts
      </Anchor>
      {series.isError ? (
        <LoadError error={series.error} onRetry={() => void series.refetch()} what="Forecast" />
      ) : !series.data ? (
        <Loading label="Loading the forecast" />
      ) : (
        <Stack mt="md" gap="lg">
          <Group justify="flex-end">
            <SegmentedControl
              aria-label="View as"
              value={view}
              onChange={(v) => setView(v as 'chart' | 'table')}
              data={[
                { value: 'chart', label: 'Chart' },
                { value: 'table', label: 'View as table' },
              ]}
            />
          </Group>
          {view === 'chart' ? (
            <Suspense fallback={<Loading label="Loading the chart" />}>
              <ForecastChart series={series.data} />
            </Suspense>
          ) : (
            <ValuesTable series={series.data} />
          )}
          <Stack gap="xs">
            <Title order={3}>Accuracy</Title>
            <AccuracyTable series={series.data} />
          </Stack>
          {series.data.notes.length > 0 && (
            <Stack gap={4}>
              <Text fw={500}>What the engine did with the data</Text>
              <List size="sm">
                {series.data.notes.map((note) => (
                  <List.Item key={note}>{note}</List.Item>
                ))}
              </List>
            </Stack>
          )}
        </Stack>
      )}
    </>
  );
}
