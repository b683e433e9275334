import { Alert, Anchor, Card, Group, List, Skeleton, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/ProblemAlert';
import { Time } from '../../components/Time';
import { count, duration, Facts, RunBadge } from './components';
import { useRestore } from './hooks';

const STEPS: Record<string, string> = {
  queued: 'Waiting to start',
  prepare: 'Choosing the backups and creating new tables',
  verify: 'Verifying every part before anything is written',
  load: 'Writing the commits and rebuilding the views',
  compare: "Comparing the views with the source's at the same instant",
  finish: 'Recording the result',
  done: 'Done',
};

export default function RestorePage() {
  const { id = '' } = useParams();
  useDocumentTitle(`Restore ${id} · Firefly admin`);
  const query = useRestore(id);
  const run = query.data;
  const trail = [{ label: 'Backups', to: '/backups' }];
  if (query.isError)
    return (
      <>
        <PageHeader title="Restore" trail={trail} />
        <LoadError error={query.error} onRetry={() => void query.refetch()} what="this restore" />
      </>
    );
  if (!run) return <Skeleton height={300} />;
  return (
    <>
      <PageHeader
        title={run.mode === 'drill' ? 'Restore drill' : 'Point-in-time restore'}
        description={run.id}
        trail={trail}
      />
      {run.status === 'running' && (
        <Alert color="blue" variant="light" mb="lg" aria-live="polite">
          {STEPS[run.step ?? 'queued'] ?? run.step}
          {run.commits ? ` (${count(run.commits)} commits so far)` : '…'}
        </Alert>
      )}
      {run.status === 'completed' && run.mode === 'drill' && (
        <Alert
          color={run.matches ? 'green' : 'red'}
          variant="light"
          mb="lg"
          icon={run.matches ? <IconCircleCheck aria-hidden /> : <IconAlertTriangle aria-hidden />}
          title={
            run.matches
              ? 'The backup restores to exactly the source’s views'
              : 'The restored views differ from the source’s'
          }
        >
          The views rebuilt from the backup and the source's own views at the same instant have{' '}
          {run.matches ? 'the same' : 'different'} digests; the scratch tables were dropped.
        </Alert>
      )}
      {run.status === 'completed' && run.mode === 'restore' && run.target && (
        <Alert color="green" variant="light" mb="lg" icon={<IconCircleCheck aria-hidden />} title="Restored">
          The store as it was at {run.at && <Time iso={run.at} withAbsolute />} is in the tables{' '}
          <code>{run.target.eventsTable}</code> and <code>{run.target.viewsTable}</code>.
        </Alert>
      )}
      {run.status === 'failed' && (
        <Alert
          color="red"
          variant="light"
          mb="lg"
          role="alert"
          icon={<IconAlertTriangle aria-hidden />}
          title="Nothing was restored"
        >
          <Text size="sm">{run.error}</Text>
          {run.problems && run.problems.length > 0 && (
            <List size="sm" mt="xs" spacing={4}>
              {run.problems.map((p) => (
                <List.Item key={p} style={{ overflowWrap: 'anywhere' }}>
                  {p}
                </List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
      <Card withBorder>
        <Facts
          caption="The run"
          values={[
            [
              'Result',
              <Group gap={4} key="r">
                <RunBadge status={run.status} />
              </Group>,
            ],
            [
              'From backup',
              run.backupId ? (
                <Anchor component={Link} to={`/backups/${run.backupId}`} key="b">
                  {run.backupId}
                </Anchor>
              ) : (
                '—'
              ),
            ],
            ['Restored to', run.at ? <Time key="t1" iso={run.at} withAbsolute /> : '—'],
            ['Started', run.startedAt ? <Time key="t2" iso={run.startedAt} withAbsolute /> : '—'],
            ['Duration', duration(run.durationMs)],
            ['Requested by', run.trigger === 'manual' ? (run.requestedBy ?? '—') : run.trigger],
            [
              'Commits · events · records',
              `${count(run.commits)} · ${count(run.events)} · ${count(run.rows)}`,
            ],
            ['Views digest', run.digest ?? '—'],
            ["Source's views digest", run.sourceDigest ?? '—'],
          ]}
        />
      </Card>
    </>
  );
}
