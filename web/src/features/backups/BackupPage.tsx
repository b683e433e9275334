import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  List,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconAlertTriangle, IconCircleCheck, IconRestore, IconShieldCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/problem';
import { useSession } from '../../app/session';
import { PageHeader } from '../../components/PageHeader';
import { FormProblem, LoadError } from '../../components/ProblemAlert';
import { Time } from '../../components/Time';
import { bytes, count, DrillBadge, duration, Facts, RunBadge, toInstant, VerifiedBadge } from './components';
import { useBackup, useStartDrill, useStartRestore, useVerifyBackup } from './hooks';
import type { BackupDetail } from './types';

const Verification = ({ backup }: { backup: BackupDetail }) => {
  const v = backup.verification;
  if (!v) return null;
  return v.ok ? (
    <Alert color="green" variant="light" icon={<IconShieldCheck aria-hidden />} title="Verified" mb="lg">
      Every part re-read <Time iso={v.checkedAt} />: {count(v.checked.parts)} parts,{' '}
      {count(v.checked.commits)} commits and {count(v.checked.events)} events; hashes, counts and every
      event's schema check out.
    </Alert>
  ) : (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle aria-hidden />}
      title="Verification failed"
      mb="lg"
      role="alert"
    >
      <Text size="sm" mb="xs">
        Checked <Time iso={v.checkedAt} />. This backup cannot be trusted for a restore:
      </Text>
      <List size="sm" spacing={4}>
        {v.problems.map((problem) => (
          <List.Item key={problem} style={{ overflowWrap: 'anywhere' }}>
            {problem}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
};

/** Restore this backup's chain, up to its restore point or an earlier instant, into new tables. */
const RestoreForm = ({ backup }: { backup: BackupDetail }) => {
  const navigate = useNavigate();
  const restore = useStartRestore();
  const [at, setAt] = useState('');
  const [target, setTarget] = useState('');
  return (
    <Card
      withBorder
      mb="lg"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        restore.mutate(
          { backupId: backup.id, at: toInstant(at), target: target || undefined },
          { onSuccess: (run) => navigate(`/backups/restores/${run.id}`) },
        );
      }}
    >
      <Title order={2} size="h4" mb={4}>
        Point-in-time restore
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Restores the commits up to an instant (at most this backup's restore point,{' '}
        {backup.until ? <Time iso={backup.until} withAbsolute /> : '—'}) into new, empty tables and rebuilds
        the views. Every part is verified first; a corrupt one restores nothing. On this machine,{' '}
        <code>npm run restore -- --to &lt;instant&gt; --into &lt;dir&gt;</code> restores into a new data dir.
      </Text>
      <Group align="flex-end">
        <TextInput
          type="datetime-local"
          label="Restore up to"
          description="Your local time; empty for the restore point"
          step={1}
          value={at}
          onChange={(e) => setAt(e.currentTarget.value)}
        />
        <TextInput
          label="New tables named"
          description="Lowercase letters, digits, dashes"
          placeholder="e.g. before-import"
          value={target}
          onChange={(e) => setTarget(e.currentTarget.value)}
        />
        <Button type="submit" leftSection={<IconRestore size={16} aria-hidden />} loading={restore.isPending}>
          Restore
        </Button>
      </Group>
      <FormProblem error={restore.error instanceof ApiError ? restore.error : undefined} />
    </Card>
  );
};

export default function BackupPage() {
  const { id = '' } = useParams();
  useDocumentTitle(`Backup ${id} · Firefly admin`);
  const query = useBackup(id);
  const { can } = useSession();
  const verify = useVerifyBackup();
  const drill = useStartDrill();
  const backup = query.data;
  const trail = [{ label: 'Backups', to: '/backups' }];
  if (query.isError)
    return (
      <>
        <PageHeader title="Backup" trail={trail} />
        <LoadError error={query.error} onRetry={() => void query.refetch()} what="this backup" />
      </>
    );
  if (!backup) return <Skeleton height={300} />;
  const complete = backup.status === 'completed' && !!backup.manifest;
  return (
    <>
      <PageHeader
        title={`${backup.kind === 'full' ? 'Full' : backup.kind === 'incremental' ? 'Incremental' : ''} backup`}
        description={backup.id}
        trail={trail}
        actions={
          complete &&
          can('backups:run') && (
            <>
              <Button variant="default" loading={drill.isPending} onClick={() => drill.mutate(backup.id)}>
                Run restore drill
              </Button>
              <Button
                leftSection={<IconCircleCheck size={16} aria-hidden />}
                loading={verify.isPending}
                onClick={() => verify.mutate(backup.id)}
              >
                Verify
              </Button>
            </>
          )
        }
      />
      <Verification backup={backup} />
      {backup.error && (
        <Alert color="red" variant="light" title="The backup failed" mb="lg" role="alert">
          {backup.error}
        </Alert>
      )}
      <Card withBorder mb="lg">
        <Facts
          caption="The run"
          values={[
            [
              'Result',
              <Group gap={4} key="r">
                <RunBadge status={backup.status} />
                <VerifiedBadge verification={backup.verification} />
              </Group>,
            ],
            ['Started', backup.startedAt ? <Time key="t1" iso={backup.startedAt} withAbsolute /> : '—'],
            ['Duration', duration(backup.durationMs)],
            [
              'Triggered',
              backup.trigger === 'manual' ? `by ${backup.requestedBy ?? 'someone'}` : backup.trigger,
            ],
            ['Restore point', backup.until ? <Time key="t2" iso={backup.until} withAbsolute /> : '—'],
            ['Commits · events', `${count(backup.commits)} · ${count(backup.events)}`],
            [
              'Size',
              `${bytes(backup.bytes)} stored, ${bytes(backup.uncompressedBytes)} raw${backup.compressionRatio ? ` (${backup.compressionRatio}×)` : ''}`,
            ],
            [
              'Builds on',
              backup.previousId ? (
                <Anchor component={Link} to={`/backups/${backup.previousId}`} key="p">
                  {backup.previousId}
                </Anchor>
              ) : (
                'nothing: the first backup'
              ),
            ],
            ['High-water mark', backup.highWaterMark ?? '—'],
            ['Manifest SHA-256', backup.manifestSha256 ?? '—'],
            ['Restore drill', <DrillBadge drill={backup.drill} key="d" />],
            ['Note', backup.note ?? '—'],
          ]}
        />
      </Card>
      {backup.drill?.finishedAt && (
        <Card withBorder mb="lg">
          <Facts
            caption="Latest restore drill"
            values={[
              ['Restored to', <Time iso={backup.drill.at} withAbsolute key="a" />],
              ['Records', count(backup.drill.rows)],
              ['Restored views digest', backup.drill.digest ?? '—'],
              ["Source's views digest", backup.drill.sourceDigest ?? '—'],
              ['Error', backup.drill.error ?? '—'],
              [
                'Details',
                <Anchor component={Link} to={`/backups/restores/${backup.drill.restoreId}`} key="l">
                  the drill
                </Anchor>,
              ],
            ]}
          />
        </Card>
      )}
      {complete && can('backups:restore') && <RestoreForm backup={backup} />}
      {backup.manifest && (
        <Stack gap="sm">
          <Title order={2} size="h4">
            Parts
          </Title>
          <Card withBorder padding={0}>
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="xs">
                <Table.Caption>
                  zstd-compressed NDJSON, one commit a line, each with its SHA-256
                </Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>#</Table.Th>
                    <Table.Th ta="right">Commits</Table.Th>
                    <Table.Th ta="right">Size</Table.Th>
                    <Table.Th>Commit times</Table.Th>
                    <Table.Th>SHA-256</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {backup.manifest.parts.map((part) => (
                    <Table.Tr key={part.seq}>
                      <Table.Td>{part.seq}</Table.Td>
                      <Table.Td ta="right">{count(part.commits)}</Table.Td>
                      <Table.Td ta="right">{bytes(part.bytes)}</Table.Td>
                      <Table.Td>
                        <Text size="xs">
                          <Time iso={part.firstAt} /> – <Time iso={part.lastAt} />
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" ff="monospace" title={part.sha256}>
                          {part.sha256.slice(0, 16)}…
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        </Stack>
      )}
    </>
  );
}
