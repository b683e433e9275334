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
import { lazy, Suspense, useState } from 'react';
import { LoadError } from '../../components/ProblemAlert';
import { Section } from '../../components/Section';
import { Time } from '../../components/Time';
import { percent } from '../../lib/format';
import { useSync } from './api';
import type { IntegrationSync } from './types';

// recharts loads on demand, after the figures.
const SyncChart = lazy(() => import('./SyncChart'));

const STATUS: Record<IntegrationSync['status'], { label: string; color: string }> = {
  healthy: { label: 'Healthy', color: 'green' },
  degraded: { label: 'Degraded', color: 'yellow' },
  failing: { label: 'Failing', color: 'red' },
  disabled: { label: 'Disabled', color: 'gray' },
};

export const SyncBadge = ({ status }: { status: IntegrationSync['status'] }) => (
  <Badge color={STATUS[status].color} variant="light" radius="sm" data-testid="sync-status">
    {STATUS[status].label}
  </Badge>
);

const seconds = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/** One figure with its label, as the sync section's summary row shows them. */
const Figure = ({ label, value }: { label: string; value: React.ReactNode }) => (
  <Stack gap={0}>
    <Text size="xs" c="dimmed">
      {label}
    </Text>
    <Text fw={600}>{value}</Text>
  </Stack>
);

/** The scheduled checks of the window as a strip of marks, newest last. */
const CheckRuns = ({ sync }: { sync: IntegrationSync }) => {
  const { runs, rule } = sync.checks;
  if (runs.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No scheduled checks in this window: they run every 15 minutes for integrations whose provider the
        platform calls (inbound-only ones are judged by their deliveries).
      </Text>
    );
  return (
    <Stack gap={4}>
      <Group
        gap={3}
        aria-label={`${runs.filter((r) => r.failed.length).length} of ${runs.length} scheduled checks failed`}
        role="img"
      >
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

/** The integration's sync: status and why, figures, deliveries per hour, errors, checks; refreshed while open. */
export const SyncSection = ({ id }: { id: string }) => {
  const [hours, setHours] = useState('24');
  const sync = useSync(id, Number(hours));
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
      {sync.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label="Loading sync">
          <Skeleton height={20} width="30%" />
          <Skeleton height={160} />
        </Stack>
      ) : sync.isError ? (
        <LoadError error={sync.error} onRetry={() => void sync.refetch()} what="the sync figures" />
      ) : (
        <SyncBody sync={sync.data} />
      )}
    </Section>
  );
};

const SyncBody = ({ sync }: { sync: IntegrationSync }) => {
  const { stats } = sync;
  const arrived = stats.totals.received + stats.totals.rejected;
  return (
    <Stack gap="md">
      <Group gap="sm">
        <SyncBadge status={sync.status} />
        {sync.reasons.length === 0 && (
          <Text size="sm" c="dimmed">
            Deliveries are arriving and processing normally.
          </Text>
        )}
      </Group>
      {sync.checks.alert && (
        <Alert
          color="red"
          icon={<IconAlertTriangle size={18} aria-hidden />}
          title="Alert raised"
          data-testid="sync-alert"
        >
          Since <Time iso={sync.checks.alert.since} withAbsolute />: {sync.checks.alert.reason}
        </Alert>
      )}
      {sync.reasons.length > 0 && (
        <List size="sm" data-testid="sync-reasons">
          {sync.reasons.map((r) => (
            <List.Item key={r}>{r}</List.Item>
          ))}
        </List>
      )}
      <Group gap="xl">
        <Figure label="Deliveries" value={arrived} />
        <Figure label="Error rate" value={percent(stats.errorRate)} />
        <Figure
          label="Lag p50 / p95"
          value={stats.lagMs ? `${seconds(stats.lagMs.p50)} / ${seconds(stats.lagMs.p95)}` : '—'}
        />
        <Figure
          label="Last success"
          value={stats.lastSuccessAt ? <Time iso={stats.lastSuccessAt} /> : 'None in window'}
        />
      </Group>
      {sync.capped && (
        <Text size="xs" c="dimmed">
          More deliveries arrived than are counted here: the figures are a lower bound.
        </Text>
      )}
      {arrived > 0 ? (
        <Suspense fallback={<Skeleton height={200} />}>
          <SyncChart hours={stats.hours} />
        </Suspense>
      ) : (
        <Text size="sm" c="dimmed">
          Nothing arrived in this window.
        </Text>
      )}
      {stats.errors.length > 0 && (
        <Table verticalSpacing={4} aria-label="Errors by reason" data-testid="sync-errors">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Error</Table.Th>
              <Table.Th ta="right">Count</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {stats.errors.map((e) => (
              <Table.Tr key={e.reason}>
                <Table.Td>{e.reason}</Table.Td>
                <Table.Td ta="right">{e.count}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <CheckRuns sync={sync} />
    </Stack>
  );
};
