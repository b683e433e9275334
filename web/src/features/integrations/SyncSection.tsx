import {
  Alert,
  Badge,
  Group,
  List,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { type QueryKey, type UseQueryOptions, useQuery } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense, useState } from 'react';
import { LoadError } from '../../components/ProblemAlert';
import { Section } from '../../components/Section';
import { Time } from '../../components/Time';
import { percent } from '../../lib/format';
import { syncQuery } from './api';
import { endpointSyncQuery } from './outbound-api';
import type { SyncSeries } from './SyncChart';
import type { IntegrationSync } from './types';

// recharts loads on demand, after the figures.
const SyncChart = lazy(() => import('./SyncChart'));

type Status = IntegrationSync['status'];

const STATUS: Record<Status, { label: string; color: string }> = {
  healthy: { label: 'Healthy', color: 'green' },
  degraded: { label: 'Degraded', color: 'orange' },
  failing: { label: 'Failing', color: 'red' },
  disabled: { label: 'Disabled', color: 'gray' },
};

export const SyncBadge = ({ status }: { status: Status }) => (
  <Badge color={STATUS[status].color} variant="light" radius="sm" data-testid="sync-status">
    {STATUS[status].label}
  </Badge>
);

const duration = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);
const spread = (figures?: { p50: number; p95: number }) =>
  figures ? `${duration(figures.p50)} / ${duration(figures.p95)}` : '—';

/** What a sync view shows, whichever direction its deliveries go. */
interface SyncShown {
  status: Status;
  reasons: string[];
  figures: { label: string; value: ReactNode }[];
  hours: readonly { hour: string }[];
  series: readonly SyncSeries[];
  /** How many things the chart counts, for its label and its empty state. */
  counted: number;
  noun: string;
  errors: { reason: string; count: number }[];
  capped: boolean;
}

/** `banner` goes under the status (an alert); `children` after the figures (the checks). */
const SyncBody = ({
  shown,
  banner,
  children,
}: {
  shown: SyncShown;
  banner?: ReactNode;
  children?: ReactNode;
}) => (
  <Stack gap="md">
    <Group gap="sm">
      <SyncBadge status={shown.status} />
      {shown.reasons.length === 0 && (
        <Text size="sm" c="dimmed">
          Nothing is wrong in this window.
        </Text>
      )}
    </Group>
    {banner}
    {shown.reasons.length > 0 && (
      <List size="sm" data-testid="sync-reasons">
        {shown.reasons.map((r) => (
          <List.Item key={r}>{r}</List.Item>
        ))}
      </List>
    )}
    <Group gap="xl">
      {shown.figures.map((f) => (
        <Stack gap={0} key={f.label}>
          <Text size="xs" c="dimmed">
            {f.label}
          </Text>
          <Text fw={600}>{f.value}</Text>
        </Stack>
      ))}
    </Group>
    {shown.capped && (
      <Text size="xs" c="dimmed">
        More deliveries happened than are counted here: the figures are a lower bound.
      </Text>
    )}
    {shown.counted > 0 ? (
      <Suspense fallback={<Skeleton height={200} />}>
        <SyncChart
          hours={shown.hours}
          series={shown.series}
          label={`${shown.noun} per hour: ${shown.counted} in the window`}
        />
      </Suspense>
    ) : (
      <Text size="sm" c="dimmed">
        Nothing in this window.
      </Text>
    )}
    {shown.errors.length > 0 && (
      <Table verticalSpacing={4} aria-label="Errors by reason" data-testid="sync-errors">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Error</Table.Th>
            <Table.Th ta="right">Count</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.errors.map((e) => (
            <Table.Tr key={e.reason}>
              <Table.Td>{e.reason}</Table.Td>
              <Table.Td ta="right">{e.count}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    )}
    {children}
  </Stack>
);

/** The Sync section around either view: the window control, loading and error states, refreshed while open. */
const SyncFrame = <T, K extends QueryKey>({
  query,
  render,
}: {
  query: (hours: number) => UseQueryOptions<T, Error, T, K>;
  render: (view: T) => ReactNode;
}) => {
  const [hours, setHours] = useState('24');
  const view = useQuery(query(Number(hours)));
  return (
    <Section
      id="sync-heading"
      title="Sync"
      actions={
        <SegmentedControl
          size="xs"
          value={hours}
          onChange={setHours}
          aria-label="Window"
          data={[
            { value: '24', label: '24 h' },
            { value: '168', label: '7 days' },
          ]}
        />
      }
    >
      {view.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label="Loading sync">
          <Skeleton height={20} width="30%" />
          <Skeleton height={160} />
        </Stack>
      ) : view.isError ? (
        <LoadError error={view.error} onRetry={() => void view.refetch()} what="the sync figures" />
      ) : (
        render(view.data)
      )}
    </Section>
  );
};

const INBOUND_SERIES = [
  { key: 'applied', name: 'Applied', color: 'var(--mantine-color-green-7)' },
  { key: 'ignored', name: 'Ignored', color: 'var(--mantine-color-gray-5)' },
  { key: 'refused', name: 'Refused', color: 'var(--mantine-color-orange-6)' },
  { key: 'rejected', name: 'Rejected signature', color: 'var(--mantine-color-red-7)' },
] as const;

/** The scheduled checks of the window as a strip of marks, newest last. */
const CheckRuns = ({ checks }: { checks: IntegrationSync['checks'] }) => {
  const { runs, rule } = checks;
  if (runs.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No scheduled checks in this window: they run every 15 minutes for integrations whose provider the
        platform calls (inbound-only ones are judged by their deliveries).
      </Text>
    );
  const failed = runs.filter((r) => r.failed.length).length;
  return (
    <Stack gap={4}>
      <Group gap={3} role="img" aria-label={`${failed} of ${runs.length} scheduled checks failed`}>
        {runs.map((run) => (
          <Tooltip
            key={run.at}
            label={`${new Date(run.at).toLocaleString()}: ${run.failed.length ? `failed (${run.failed.join(', ')})` : 'passed'}`}
          >
            <span
              style={{
                display: 'inline-block',
                width: 8,
                height: 20,
                borderRadius: 2,
                background: run.failed.length ? 'var(--mantine-color-red-7)' : 'var(--mantine-color-green-7)',
              }}
            />
          </Tooltip>
        ))}
      </Group>
      <Text size="xs" c="dimmed">
        An alert is raised when {rule.fire.failed} of the last {rule.fire.of} checks fail, and cleared after{' '}
        {rule.clear.passed} pass in a row.
      </Text>
    </Stack>
  );
};

/** An integration's sync: deliveries in, their outcomes and lag, and the scheduled checks with their alert. */
export const SyncSection = ({ id }: { id: string }) => (
  <SyncFrame
    query={syncQuery(id)}
    render={(sync) => {
      const { stats } = sync;
      const arrived = stats.totals.received + stats.totals.rejected;
      return (
        <SyncBody
          shown={{
            status: sync.status,
            reasons: sync.reasons,
            figures: [
              { label: 'Deliveries', value: arrived },
              { label: 'Error rate', value: percent(stats.errorRate) },
              { label: 'Lag p50 / p95', value: spread(stats.lagMs) },
              {
                label: 'Last success',
                value: stats.lastSuccessAt ? <Time iso={stats.lastSuccessAt} /> : 'None in window',
              },
            ],
            hours: stats.hours,
            series: INBOUND_SERIES,
            counted: arrived,
            noun: 'Deliveries',
            errors: stats.errors,
            capped: sync.capped,
          }}
          banner={
            sync.checks.alert && (
              <Alert
                color="red"
                icon={<IconAlertTriangle size={18} aria-hidden />}
                title="Alert raised"
                data-testid="sync-alert"
              >
                Since <Time iso={sync.checks.alert.since} withAbsolute />: {sync.checks.alert.reason}
              </Alert>
            )
          }
        >
          <CheckRuns checks={sync.checks} />
        </SyncBody>
      );
    }}
  />
);

const OUTBOUND_SERIES = [
  { key: 'delivered', name: 'Delivered', color: 'var(--mantine-color-green-7)' },
  { key: 'failedAttempts', name: 'Failed attempts', color: 'var(--mantine-color-red-7)' },
] as const;

/** An outbound endpoint's sync: attempts per hour, lag from event to delivery, receiver latency. */
export const EndpointSyncSection = ({ id }: { id: string }) => (
  <SyncFrame
    query={endpointSyncQuery(id)}
    render={(sync) => {
      const { stats } = sync;
      return (
        <SyncBody
          shown={{
            status: sync.status,
            reasons: sync.reasons,
            figures: [
              { label: 'Deliveries', value: stats.totals.deliveries },
              { label: 'Attempts failed', value: percent(stats.errorRate) },
              { label: 'Lag p50 / p95', value: spread(stats.lagMs) },
              { label: 'Receiver p50 / p95', value: spread(stats.latencyMs) },
              {
                label: 'Last success',
                value: stats.lastSuccessAt ? <Time iso={stats.lastSuccessAt} /> : 'None in window',
              },
            ],
            hours: stats.hours,
            series: OUTBOUND_SERIES,
            counted: stats.totals.attempts,
            noun: 'Attempts',
            errors: stats.errors,
            capped: sync.capped,
          }}
        />
      );
    }}
  />
);
