import { Button, Card, Group, Select, Stack, Text, Textarea, Timeline, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useSession } from '../../app/session';
import { PageHeader } from '../../components/PageHeader';
import { FormProblem, LoadError } from '../../components/ProblemAlert';
import { Section } from '../../components/Section';
import { Time } from '../../components/Time';
import { useAction } from '../security/hooks';
import { type AlertDetail, type AlertRule, monitoringApi, monitoringKeys, useAlertRule } from './api';
import { AlertStateBadge, mOfN } from './components';
import { RuleSettingsForm } from './RuleSettingsForm';

const SILENCES = [
  { value: '1', label: '1 hour' },
  { value: '4', label: '4 hours' },
  { value: '24', label: '1 day' },
  { value: '168', label: '1 week' },
];

const Actions = ({ rule }: { rule: AlertRule }) => {
  const [note, setNote] = useState('');
  const [hours, setHours] = useState('1');
  const refresh = [monitoringKeys.all];
  const acknowledge = useAction(() => monitoringApi.acknowledge(rule.id, note.trim() || undefined), {
    success: () => 'Acknowledged: others can see you are on it',
    refresh,
    onDone: () => setNote(''),
  });
  const silence = useAction(
    () => monitoringApi.silence(rule.id, new Date(Date.now() + Number(hours) * 3_600_000).toISOString()),
    { success: () => 'Silenced: its changes notify nobody until it ends', refresh },
  );
  const unsilence = useAction(() => monitoringApi.unsilence(rule.id), {
    success: () => 'Silence lifted',
    refresh,
  });
  const silenced = rule.silencedUntil !== undefined && Date.parse(rule.silencedUntil) > Date.now();
  return (
    <Section id="alert-actions" title="Handle this alert">
      <Stack gap="sm">
        {rule.state === 'ALARM' && !rule.acknowledged && (
          <Group align="flex-end">
            <Textarea
              label="Note (optional)"
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              autosize
              maxLength={500}
              w={{ base: '100%', sm: 360 }}
            />
            <Button loading={acknowledge.isPending} onClick={() => acknowledge.mutate(undefined)}>
              Acknowledge
            </Button>
          </Group>
        )}
        {silenced ? (
          <Group>
            <Text size="sm">
              Silenced until <Time iso={rule.silencedUntil!} withAbsolute />
            </Text>
            <Button
              variant="default"
              loading={unsilence.isPending}
              onClick={() => unsilence.mutate(undefined)}
            >
              Lift the silence
            </Button>
          </Group>
        ) : (
          <Group align="flex-end">
            <Select
              label="Silence for"
              data={SILENCES}
              value={hours}
              onChange={(v) => setHours(v ?? '1')}
              allowDeselect={false}
              w={160}
            />
            <Button variant="default" loading={silence.isPending} onClick={() => silence.mutate(undefined)}>
              Silence
            </Button>
          </Group>
        )}
        <FormProblem error={acknowledge.error ?? silence.error ?? unsilence.error ?? undefined} />
      </Stack>
    </Section>
  );
};

const HISTORY_LABEL = (entry: AlertDetail['history'][number]) => {
  switch (entry.kind) {
    case 'changed':
      return `${entry.from} → ${entry.to}`;
    case 'acknowledged':
      return `Acknowledged by ${entry.by}`;
    case 'silenced':
      return `Silenced by ${entry.by}`;
    default:
      return `Silence lifted by ${entry.by}`;
  }
};

/** One rule: its state and why, the latest datapoints, what people did, and its history. */
export default function AlertPage() {
  const { id = '' } = useParams();
  const query = useAlertRule(id);
  const { can } = useSession();
  useDocumentTitle(query.data ? `${query.data.rule.name} · Alerts · Firefly` : 'Alert · Firefly');
  const trail = [{ label: 'Alerts', to: '/monitoring/alerts' }];
  if (query.isError)
    return (
      <>
        <PageHeader title="Alert" trail={trail} />
        <LoadError error={query.error} onRetry={() => void query.refetch()} what="Alert rule" />
      </>
    );
  if (!query.data) return <PageHeader title="Alert" trail={trail} />;
  const { rule, history } = query.data;
  return (
    <>
      <PageHeader
        title={rule.name}
        trail={trail}
        description={
          <Group gap="xs" component="span" data-testid="alert-state" data-state={rule.state}>
            <AlertStateBadge state={rule.state} />
            <span>
              {rule.since ? (
                <>
                  since <Time iso={rule.since} withAbsolute />
                </>
              ) : (
                'no datapoints yet'
              )}
            </span>
          </Group>
        }
      />
      <Stack gap="lg">
        <Card withBorder>
          <Text size="sm">{rule.description}.</Text>
          <Text size="sm" c="dimmed" mt={4}>
            Checked every minute; {mOfN(rule)}.
          </Text>
          {rule.reason && (
            <Text size="sm" mt="xs" data-testid="alert-reason">
              {rule.reason}
            </Text>
          )}
          {rule.acknowledged && (
            <Text size="sm" mt="xs" data-testid="alert-acknowledged">
              Acknowledged by {rule.acknowledged.by} <Time iso={rule.acknowledged.at} />
              {rule.acknowledged.note ? `: ${rule.acknowledged.note}` : ''}
            </Text>
          )}
          <Title order={3} size="h5" mt="md" mb={4}>
            Latest checks
          </Title>
          <Group gap={4} aria-label="Latest checks, oldest first">
            {rule.recent.length === 0 && <Text size="sm">None yet.</Text>}
            {rule.recent.map((p) => (
              <Text
                key={p.at}
                span
                size="sm"
                fw={700}
                c={p.breaching ? 'red.8' : 'green.8'}
                title={`${p.at}: ${p.breaching ? 'breaching' : 'passing'}`}
              >
                {p.breaching ? '✕' : '✓'}
              </Text>
            ))}
          </Group>
        </Card>
        {can('monitoring:manage') && <Actions rule={rule} />}
        {can('monitoring:manage') && (
          // The page refetches every few seconds: the form keeps what is being typed and sends the
          // rule's latest version when saved.
          <RuleSettingsForm key={rule.id} rule={rule} canListEndpoints={can('integrations:read')} />
        )}
        <Section id="alert-history" title="History">
          {history.length === 0 ? (
            <Text size="sm" c="dimmed">
              Nothing has happened to this rule yet.
            </Text>
          ) : (
            <Timeline bulletSize={14} lineWidth={2}>
              {history.map((entry) => (
                <Timeline.Item key={`${entry.at}-${entry.kind}`} title={HISTORY_LABEL(entry)}>
                  <Text size="xs" c="dimmed">
                    <Time iso={entry.at} withAbsolute />
                  </Text>
                  {(entry.reason ?? entry.note) && <Text size="sm">{entry.reason ?? entry.note}</Text>}
                  {entry.until && (
                    <Text size="sm">
                      until <Time iso={entry.until} withAbsolute />
                    </Text>
                  )}
                </Timeline.Item>
              ))}
            </Timeline>
          )}
        </Section>
      </Stack>
    </>
  );
}
