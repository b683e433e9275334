import {
  Card,
  Group,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { lazy, Suspense, useState } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/ProblemAlert';
import type { Stat } from './MetricChart';
import { METRICS_REFRESH_MS, RANGES, type RangeKey, useMetric, useResources } from './telemetry-api';

const MetricChart = lazy(() => import('./MetricChart'));

const UNITS: Record<string, string> = { ms: 'ms', percent: '%', MB: 'MB', cents: '¢', count: '' };

/** One chart: its loading, empty and error states, and the lines once they come. */
function MetricCard({
  metric,
  stat = 'value',
  range,
  title,
}: {
  metric: string;
  stat?: Stat;
  range: RangeKey;
  title: string;
}) {
  const answer = useMetric(metric, range);
  const unit = answer.data ? UNITS[answer.data.definition.unit] : '';
  return (
    <Card withBorder padding="sm" data-testid="metric-card" data-metric={metric}>
      <Text fw={600} size="sm" mb="xs">
        {title}
        {unit ? ` (${unit})` : ''}
      </Text>
      {answer.isError ? (
        <LoadError error={answer.error} onRetry={() => void answer.refetch()} what={title} />
      ) : !answer.data ? (
        <Skeleton height={220} aria-label={`Loading ${title}`} />
      ) : answer.data.series.length === 0 ? (
        <Text size="sm" c="dimmed" h={220} data-testid="metric-empty">
          No data in this range.
        </Text>
      ) : (
        <Suspense fallback={<Skeleton height={220} />}>
          <MetricChart answer={answer.data} stat={stat} />
        </Suspense>
      )}
    </Card>
  );
}

const CHARTS: { group: string; charts: { metric: string; stat?: Stat; title: string }[] }[] = [
  {
    group: 'API',
    charts: [
      { metric: 'api.requests', title: 'Requests per route' },
      { metric: 'api.latency', stat: 'p99', title: 'Latency p99 per route' },
      { metric: 'api.latency', stat: 'p50', title: 'Latency p50 per route' },
      { metric: 'api.5xxRate', title: '5xx rate per route' },
      { metric: 'api.4xxRate', title: '4xx rate per route' },
    ],
  },
  {
    group: 'Functions',
    charts: [
      { metric: 'function.invocations', title: 'Invocations per function' },
      { metric: 'function.duration', stat: 'p95', title: 'Duration p95 per function' },
      { metric: 'function.errors', title: 'Errors per function' },
      { metric: 'function.coldStarts', title: 'Cold starts per function' },
    ],
  },
  {
    group: 'Pipeline',
    charts: [
      { metric: 'stateMachine.runs', title: 'State machine runs by outcome' },
      { metric: 'stateMachine.duration', stat: 'p95', title: 'State machine run duration p95' },
      { metric: 'bus.deliveries', title: 'Bus deliveries per target' },
      { metric: 'bus.deadLetters', title: 'Dead letters per target' },
    ],
  },
  {
    group: 'Business',
    charts: [
      { metric: 'business.orders', title: 'Orders placed' },
      { metric: 'business.revenue', title: 'Revenue received' },
      { metric: 'business.leads', title: 'Leads captured' },
    ],
  },
];

function Resources() {
  const resources = useResources();
  if (resources.isError)
    return <LoadError error={resources.error} onRetry={() => void resources.refetch()} what="Resources" />;
  if (!resources.data) return <Skeleton height={120} aria-label="Loading resources" />;
  if (resources.data.items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No resource readings yet.
      </Text>
    );
  return (
    <Table aria-label="Resources" verticalSpacing="xs" data-testid="resources">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Resource</Table.Th>
          <Table.Th>Of</Table.Th>
          <Table.Th ta="right">Now</Table.Th>
          <Table.Th ta="right">Limit</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {resources.data.items.map((r) => (
          <Table.Tr key={`${r.resource}:${r.of ?? ''}`}>
            <Table.Td>{r.title}</Table.Td>
            <Table.Td>{r.of ?? 'this process'}</Table.Td>
            <Table.Td ta="right">
              {r.value.toFixed(1)} {r.unit}
            </Table.Td>
            <Table.Td ta="right">{r.limit === undefined ? '—' : `${r.limit} ${r.unit}`}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const STEP_WORDS: Record<string, string> = { '1m': 'minute', '5m': '5 minutes', '1h': 'hour' };

/** Metrics with history: API, functions, pipeline and business figures on one time axis; refreshed while open. */
export default function MetricsPage() {
  useDocumentTitle('Metrics · Monitoring · Firefly');
  const [range, setRange] = useState<RangeKey>('1h');
  return (
    <>
      <PageHeader
        title="Metrics"
        description={`Requests, latency and errors per route, functions, the pipeline and business figures. One point per ${STEP_WORDS[RANGES[range].step]}; refreshes every ${METRICS_REFRESH_MS / 1000} s.`}
        actions={
          <SegmentedControl
            aria-label="Time range"
            value={range}
            onChange={(value) => setRange(value as RangeKey)}
            data={Object.entries(RANGES).map(([value, r]) => ({ value, label: r.label }))}
          />
        }
      />
      <Stack gap="lg">
        {CHARTS.map((section) => (
          <Stack key={section.group} gap="xs">
            <Title order={2} size="h4">
              {section.group}
            </Title>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {section.charts.map((c) => (
                <MetricCard key={`${c.metric}:${c.stat ?? ''}`} {...c} range={range} />
              ))}
            </SimpleGrid>
          </Stack>
        ))}
        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={2} size="h4">
              Resources
            </Title>
          </Group>
          <Resources />
        </Stack>
      </Stack>
    </>
  );
}
