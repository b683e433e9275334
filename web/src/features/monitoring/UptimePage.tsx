import {
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useSession } from '../../app/session';
import { PageHeader } from '../../components/PageHeader';
import { FormProblem, LoadError } from '../../components/ProblemAlert';
import { Section } from '../../components/Section';
import { Time } from '../../components/Time';
import { useAction } from '../security/hooks';
import { monitoringKeys, REFRESH_MS } from './api';
import { LoadingRows } from './components';
import {
  type SloReport,
  type UptimeCheck,
  type UptimeIncident,
  uptimeApi,
  useSlo,
  useUptime,
  useUptimeIncidents,
} from './uptime-api';

const pct = (share: number | null | undefined, digits = 3) =>
  share === null || share === undefined ? '–' : `${Number((share * 100).toFixed(digits))}%`;

const STATUS: Record<UptimeCheck['status'], { label: string; color: string }> = {
  up: { label: 'Up', color: 'green' },
  down: { label: 'Down', color: 'red' },
  unknown: { label: 'No runs yet', color: 'gray' },
};

/** A day's bar: green when every run passed, amber when some failed, red below 99%, grey without runs. */
const dayColor = (availability: number | null) =>
  availability === null
    ? 'var(--mantine-color-gray-3)'
    : availability >= 1
      ? 'var(--mantine-color-green-6)'
      : availability >= 0.99
        ? 'var(--mantine-color-yellow-6)'
        : 'var(--mantine-color-red-6)';

const DayStrip = ({ check }: { check: UptimeCheck }) => (
  <ul
    aria-label={`${check.name}: availability per day`}
    style={{ display: 'flex', gap: 3, listStyle: 'none', margin: 0, padding: 0 }}
  >
    {check.daily.map((d) => (
      <Tooltip
        key={d.day}
        label={d.runs ? `${d.day}: ${pct(d.availability)} of ${d.runs} runs` : `${d.day}: no runs`}
      >
        <li
          aria-label={`${d.day} ${d.runs ? pct(d.availability) : 'no runs'}`}
          data-testid="uptime-day"
          style={{ width: 14, height: 28, borderRadius: 2, background: dayColor(d.availability) }}
        />
      </Tooltip>
    ))}
  </ul>
);

const Checks = ({ checks }: { checks: UptimeCheck[] }) => (
  <Stack gap="sm">
    {checks.map((c) => (
      <Card
        key={c.check}
        withBorder
        padding="sm"
        data-testid="uptime-check"
        data-check={c.check}
        data-status={c.status}
      >
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Stack gap={2}>
            <Group gap="xs">
              <Text fw={600}>{c.name}</Text>
              <Badge
                color={STATUS[c.status].color}
                variant={c.status === 'down' ? 'filled' : 'light'}
                radius="sm"
              >
                {STATUS[c.status].label}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed">
              {pct(c.availability)} over the period
              {c.latest && (
                <>
                  {' · last run '}
                  <Time iso={c.latest.at} /> {c.latest.ok ? 'passed' : 'failed'} in {c.latest.latencyMs} ms
                  {!c.latest.ok && `: ${c.latest.detail}`}
                </>
              )}
            </Text>
          </Stack>
          <DayStrip check={c} />
        </Group>
      </Card>
    ))}
  </Stack>
);

const duration = (seconds: number) =>
  seconds < 60
    ? `${seconds} s`
    : seconds < 3600
      ? `${Math.round(seconds / 60)} min`
      : `${(seconds / 3600).toFixed(1)} h`;

const Incidents = ({ items }: { items: UptimeIncident[] }) =>
  items.length === 0 ? (
    <Text c="dimmed" size="sm">
      No incidents in the period.
    </Text>
  ) : (
    <Table.ScrollContainer minWidth={520}>
      <Table aria-label="Incidents" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Check</Table.Th>
            <Table.Th>Started</Table.Th>
            <Table.Th>Ended</Table.Th>
            <Table.Th ta="right">Duration</Table.Th>
            <Table.Th ta="right">Failed runs</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={`${i.check}-${i.start}`} data-testid="uptime-incident" data-open={i.open}>
              <Table.Td>{i.name}</Table.Td>
              <Table.Td>
                <Time iso={i.start} withAbsolute />
              </Table.Td>
              <Table.Td>
                {i.end ? <Time iso={i.end} withAbsolute /> : <Badge color="red">Ongoing</Badge>}
              </Table.Td>
              <Table.Td ta="right">{duration(i.durationSeconds)}</Table.Td>
              <Table.Td ta="right">{i.failures}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );

const TargetForm = ({ slo }: { slo: SloReport }) => {
  const [target, setTarget] = useState<number | string>(slo.target * 100);
  useEffect(() => setTarget(slo.target * 100), [slo.target]);
  const save = useAction(() => uptimeApi.setTarget(Number(target) / 100, slo.version), {
    success: (r) => `The SLO's target is now ${pct(r.target)}`,
    refresh: [monitoringKeys.all],
  });
  return (
    <Stack gap="xs">
      <Group align="flex-end">
        <NumberInput
          label="Target (%)"
          value={target}
          onChange={setTarget}
          min={90}
          max={99.999}
          step={0.01}
          decimalScale={3}
          w={160}
        />
        <Button
          loading={save.isPending}
          onClick={() => save.mutate(undefined)}
          disabled={Number(target) / 100 === slo.target}
        >
          Save target
        </Button>
      </Group>
      {save.error && <FormProblem error={save.error} />}
    </Stack>
  );
};

const Slo = ({ slo, canManage }: { slo: SloReport; canManage: boolean }) => {
  const remaining = slo.errorBudget.remaining;
  return (
    <Stack gap="sm" data-testid="slo">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Card withBorder padding="sm">
          <Text size="sm" c="dimmed">
            Availability, last {slo.windowDays} days
          </Text>
          <Text fw={700} size="xl">
            {pct(slo.availability)}
          </Text>
          <Text size="sm">
            target {pct(slo.target)} · {slo.good} of {slo.total} runs good
          </Text>
        </Card>
        <Card withBorder padding="sm">
          <Text size="sm" c="dimmed">
            Error budget left
          </Text>
          <Text
            fw={700}
            size="xl"
            c={remaining < 0 ? 'red' : remaining < 0.25 ? 'yellow.8' : undefined}
            data-testid="error-budget"
          >
            {pct(remaining, 1)}
          </Text>
          <Text size="sm">
            {slo.errorBudget.spent} bad of {Math.floor(slo.errorBudget.allowed)} allowed
          </Text>
        </Card>
        <Card withBorder padding="sm">
          <Text size="sm" c="dimmed">
            Burn rate
          </Text>
          <Stack gap={0}>
            {slo.burnRates.map((b) => (
              <Text size="sm" key={b.minutes}>
                {b.minutes < 60 ? `${b.minutes} min` : `${b.minutes / 60} h`}:{' '}
                {b.rate === null ? '–' : `${b.rate.toFixed(1)}×`}
              </Text>
            ))}
          </Stack>
        </Card>
      </SimpleGrid>
      <Group gap="xs">
        {slo.alerts.map((a) => (
          <Badge
            key={a.name}
            color={a.burning ? 'red' : 'green'}
            variant={a.burning ? 'filled' : 'light'}
            radius="sm"
          >
            {a.name === 'fast' ? 'Fast' : 'Slow'} burn ({a.longMinutes / 60} h and {a.shortMinutes} min over{' '}
            {a.factor}×): {a.burning ? 'burning' : 'ok'}
          </Badge>
        ))}
      </Group>
      {canManage && <TargetForm slo={slo} />}
    </Stack>
  );
};

/** Uptime: the synthetic checks per day, their incidents and the SLO; refreshed while open. */
export default function UptimePage() {
  useDocumentTitle('Uptime · Monitoring · Firefly');
  const { can } = useSession();
  const uptime = useUptime();
  const incidents = useUptimeIncidents();
  const slo = useSlo();
  const header = (
    <PageHeader
      title="Uptime"
      description={`The console, the API health and a sign-in, checked every 60 s as a person would meet them. Refreshes every ${REFRESH_MS / 1000} s.`}
    />
  );
  const failed = [uptime, incidents, slo].find((q) => q.isError);
  if (failed)
    return (
      <>
        {header}
        <LoadError error={failed.error} onRetry={() => void failed.refetch()} what="Uptime" />
      </>
    );
  return (
    <>
      {header}
      <Stack gap="lg">
        <Section id="uptime-checks" title="Checks">
          {!uptime.data ? (
            <LoadingRows label="Loading uptime" />
          ) : uptime.data.checks.every((c) => c.status === 'unknown') ? (
            <Text c="dimmed" size="sm">
              No runs yet: the first check runs within a minute of the platform starting.
            </Text>
          ) : (
            <Checks checks={uptime.data.checks} />
          )}
        </Section>
        <Section id="uptime-slo" title="Service level objective">
          {!slo.data ? (
            <LoadingRows label="Loading the SLO" />
          ) : (
            <Slo slo={slo.data} canManage={can('monitoring:manage')} />
          )}
        </Section>
        <Section id="uptime-incidents" title="Incidents">
          {!incidents.data ? (
            <LoadingRows label="Loading incidents" />
          ) : (
            <Incidents items={incidents.data.items} />
          )}
        </Section>
      </Stack>
    </>
  );
}
