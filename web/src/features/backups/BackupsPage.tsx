import '@mantine/core/styles/Menu.css';
import {
  Anchor,
  Button,
  Card,
  Group,
  Menu,
  NumberInput,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconChevronDown, IconDatabaseExport, IconRefreshDot } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/problem';
import { useSession } from '../../app/session';
import { PageHeader } from '../../components/PageHeader';
import { FormProblem, LoadError } from '../../components/ProblemAlert';
import { Time } from '../../components/Time';
import { bytes, count, DrillBadge, duration, RunBadge, VerifiedBadge } from './components';
import {
  useBackupSettings,
  useBackups,
  useRestores,
  useSaveSettings,
  useStartBackup,
  useStartDrill,
} from './hooks';
import type { Retention } from './types';

const Runs = () => {
  const query = useBackups();
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  if (query.isError)
    return <LoadError error={query.error} onRetry={() => void query.refetch()} what="backups" />;
  return (
    <Stack gap="sm" mb="xl">
      <Card withBorder padding={0}>
        <Table.ScrollContainer minWidth={760}>
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Caption>Backup runs, newest first</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Started</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Result</Table.Th>
                <Table.Th ta="right">Events</Table.Th>
                <Table.Th ta="right">Size</Table.Th>
                <Table.Th ta="right">Ratio</Table.Th>
                <Table.Th ta="right">Duration</Table.Th>
                <Table.Th>Restore drill</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.isPending && (
                <Table.Tr>
                  <Table.Td colSpan={8}>
                    <Skeleton height={14} />
                  </Table.Td>
                </Table.Tr>
              )}
              {!query.isPending && rows.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={8}>
                    <Text c="dimmed" size="sm" p="sm">
                      No backups yet. The nightly schedule takes one; “Back up now” takes one at once.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {rows.map((run) => (
                <Table.Tr key={run.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/backups/${run.id}`} size="sm" fw={500}>
                      {run.startedAt ? <Time iso={run.startedAt} /> : run.id}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {run.trigger === 'manual' ? `by ${run.requestedBy ?? 'someone'}` : 'scheduled'}
                    </Text>
                  </Table.Td>
                  <Table.Td>{run.kind ?? '—'}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <RunBadge status={run.status} />
                      <VerifiedBadge verification={run.verification} />
                    </Group>
                    {run.error && (
                      <Text size="xs" c="red" lineClamp={2} title={run.error}>
                        {run.error}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{count(run.events)}</Table.Td>
                  <Table.Td ta="right">{bytes(run.bytes)}</Table.Td>
                  <Table.Td ta="right">{run.compressionRatio ? `${run.compressionRatio}×` : '—'}</Table.Td>
                  <Table.Td ta="right">{duration(run.durationMs)}</Table.Td>
                  <Table.Td>{run.status === 'completed' ? <DrillBadge drill={run.drill} /> : null}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      {query.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            loading={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
          >
            Older backups
          </Button>
        </Group>
      )}
    </Stack>
  );
};

const Restores = () => {
  const query = useRestores();
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  if (query.isError)
    return <LoadError error={query.error} onRetry={() => void query.refetch()} what="restores" />;
  if (!query.isPending && rows.length === 0) return null;
  return (
    <Stack gap="sm" mb="xl">
      <Title order={2} size="h4">
        Restores and drills
      </Title>
      <Card withBorder padding={0}>
        <Table.ScrollContainer minWidth={640}>
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Caption>Point-in-time restores and restore drills, newest first</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Started</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>Result</Table.Th>
                <Table.Th>Restored to</Table.Th>
                <Table.Th ta="right">Records</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((run) => (
                <Table.Tr key={run.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/backups/restores/${run.id}`} size="sm" fw={500}>
                      {run.startedAt ? <Time iso={run.startedAt} /> : run.id}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{run.mode === 'drill' ? 'Restore drill' : 'Restore'}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <RunBadge status={run.status} />
                      {run.matches !== undefined && (
                        <Text size="xs" c={run.matches ? 'green' : 'red'}>
                          {run.matches ? 'views match the source' : 'views differ from the source'}
                        </Text>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{run.at ? <Time iso={run.at} withAbsolute /> : '—'}</Table.Td>
                  <Table.Td ta="right">{count(run.rows)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
    </Stack>
  );
};

const FIELDS: [keyof Retention, string, string][] = [
  ['daily', 'Daily', 'Keep the latest backup of this many days'],
  ['weekly', 'Weekly', '…of this many weeks'],
  ['monthly', 'Monthly', '…of this many months'],
];

/** The retention policy: grandfather-father-son counts and how often a full backup is taken. */
const RetentionSettings = ({ canChange }: { canChange: boolean }) => {
  const settings = useBackupSettings();
  const save = useSaveSettings();
  const [form, setForm] = useState<{ retention: Retention; fullEvery: number }>();
  useEffect(() => {
    if (settings.data) setForm({ retention: settings.data.retention, fullEvery: settings.data.fullEvery });
  }, [settings.data]);
  if (settings.isError)
    return (
      <LoadError error={settings.error} onRetry={() => void settings.refetch()} what="retention settings" />
    );
  if (!form || !settings.data) return <Skeleton height={120} mb="xl" />;
  const dirty =
    JSON.stringify(form) !==
    JSON.stringify({ retention: settings.data.retention, fullEvery: settings.data.fullEvery });
  return (
    <Card
      withBorder
      mb="xl"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ body: form, version: settings.data!.version });
      }}
    >
      <Title order={2} size="h4" mb={4}>
        Retention
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Backups no kept restore point needs are deleted after each backup. A kept incremental backup keeps
        every backup back to its full one. The latest backup is always kept.
        {settings.data.updatedBy && (
          <>
            {' '}
            Last changed by {settings.data.updatedBy}
            {settings.data.updatedAt && (
              <>
                {' '}
                <Time iso={settings.data.updatedAt} />
              </>
            )}
            .
          </>
        )}
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        {FIELDS.map(([key, label, description]) => (
          <NumberInput
            key={key}
            label={label}
            description={description}
            min={0}
            max={key === 'daily' ? 366 : key === 'weekly' ? 520 : 240}
            allowDecimal={false}
            disabled={!canChange}
            value={form.retention[key]}
            onChange={(value) =>
              setForm({ ...form, retention: { ...form.retention, [key]: Number(value) || 0 } })
            }
          />
        ))}
        <NumberInput
          label="Full backup every"
          description="…incremental backups"
          min={1}
          max={365}
          allowDecimal={false}
          disabled={!canChange}
          value={form.fullEvery}
          onChange={(value) => setForm({ ...form, fullEvery: Number(value) || 1 })}
        />
      </SimpleGrid>
      <FormProblem
        error={save.error instanceof ApiError ? save.error : undefined}
        onReload={() => void settings.refetch()}
        reloading={settings.isFetching}
      />
      {canChange && (
        <Group mt="md">
          <Button type="submit" disabled={!dirty} loading={save.isPending}>
            Save retention
          </Button>
        </Group>
      )}
    </Card>
  );
};

export default function BackupsPage() {
  useDocumentTitle('Backups · Firefly admin');
  const { can } = useSession();
  const canRun = can('backups:run');
  const start = useStartBackup();
  const drill = useStartDrill();
  return (
    <>
      <PageHeader
        title="Backups"
        description="Every commit of the event store, backed up in full or incrementally, verified, and restored in drills."
        actions={
          canRun && (
            <>
              <Button
                variant="default"
                leftSection={<IconRefreshDot size={16} aria-hidden />}
                loading={drill.isPending}
                onClick={() => drill.mutate(undefined)}
              >
                Run restore drill
              </Button>
              <Menu position="bottom-end">
                <Menu.Target>
                  <Button
                    leftSection={<IconDatabaseExport size={16} aria-hidden />}
                    rightSection={<IconChevronDown size={14} aria-hidden />}
                    loading={start.isPending}
                  >
                    Back up now
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item onClick={() => start.mutate('incremental')}>
                    Incremental: what came after the last backup
                  </Menu.Item>
                  <Menu.Item onClick={() => start.mutate('full')}>Full: every commit</Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </>
          )
        }
      />
      <Runs />
      <Restores />
      <RetentionSettings canChange={canRun} />
    </>
  );
}
