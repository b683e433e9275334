import { Button, Card, Group, Select, Stack, Text, Textarea, Timeline, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useSession } from '../../app/session';
import { PageHeader } from '../../components/PageHeader';
import { FormProblem, LoadError } from '../../components/ProblemAlert';
import { Time } from '../../components/Time';
import { securityApi } from './api';
import { KeyValues, Line, SeverityBadge, StatusBadge } from './components';
import { securityKeys, useAction, useSecurityEvent } from './hooks';
import type { Resolution, SecurityEvent } from './types';

const RESOLUTIONS: { value: Resolution; label: string }[] = [
  { value: 'fixed', label: 'Fixed: the cause is dealt with' },
  { value: 'false-positive', label: 'False positive: nothing was wrong' },
  { value: 'accepted-risk', label: 'Accepted risk: known and tolerated' },
];

const Actions = ({ event }: { event: SecurityEvent }) => {
  const [note, setNote] = useState('');
  const [resolution, setResolution] = useState<Resolution>('fixed');
  const refresh = [securityKeys.security];
  const acknowledge = useAction(() => securityApi.acknowledge(event.id, note), {
    success: () => 'Acknowledged: others can see you are on it',
    refresh,
    onDone: () => setNote(''),
  });
  const resolve = useAction(() => securityApi.resolve(event.id, resolution, note), {
    success: () => 'Resolved',
    refresh,
    onDone: () => setNote(''),
  });
  if (event.status === 'resolved') return null;
  return (
    <Card withBorder mb="lg">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Handle this event
        </Title>
        <Textarea
          label="Note"
          description="What you checked or found; it is kept with the event and in the audit log."
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={2000}
          required
        />
        <Select
          label="Resolution"
          data={RESOLUTIONS}
          value={resolution}
          onChange={(v) => setResolution((v as Resolution) ?? 'fixed')}
          allowDeselect={false}
          w={{ base: '100%', sm: 360 }}
        />
        <FormProblem error={acknowledge.error ?? resolve.error ?? undefined} />
        <Group>
          {event.status === 'open' && (
            <Button
              variant="default"
              disabled={!note.trim()}
              loading={acknowledge.isPending}
              onClick={() => acknowledge.mutate(undefined)}
            >
              Acknowledge
            </Button>
          )}
          <Button
            disabled={!note.trim()}
            loading={resolve.isPending}
            onClick={() => resolve.mutate(undefined)}
          >
            Resolve
          </Button>
        </Group>
      </Stack>
    </Card>
  );
};

export default function SecurityEventPage() {
  const { id = '' } = useParams();
  const query = useSecurityEvent(id);
  const { can } = useSession();
  useDocumentTitle(query.data ? `${query.data.title} · Security · Firefly` : 'Security event · Firefly');
  const trail = [{ label: 'Security', to: '/security' }];
  if (query.isError) {
    return (
      <>
        <PageHeader title="Security event" trail={trail} />
        <LoadError error={query.error} onRetry={() => void query.refetch()} what="Security event" />
      </>
    );
  }
  const event = query.data;
  if (!event) return <PageHeader title="Security event" trail={trail} />;
  return (
    <>
      <PageHeader
        title={event.title}
        trail={trail}
        description={
          <Line>
            <SeverityBadge severity={event.severity} />
            <StatusBadge status={event.status} />
            <span>
              Raised <Time iso={event.raisedAt} withAbsolute /> by the rule {event.rule}
            </span>
          </Line>
        }
      />
      <Card withBorder mb="lg">
        <Title order={2} size="h4" mb="xs">
          What the rule watches
        </Title>
        <Text size="sm">{event.explanation}</Text>
      </Card>
      {can('security:manage') && <Actions event={event} />}
      <Card withBorder mb="lg">
        <KeyValues
          caption="Evidence"
          values={{
            subject: `${event.subject.kind} ${event.subject.id}`,
            window: `${event.windowStart} – ${event.windowEnd}`,
            ...event.evidence,
          }}
        />
      </Card>
      {event.notes.length > 0 && (
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            Notes
          </Title>
          <Timeline bulletSize={14} lineWidth={2}>
            {event.notes.map((note) => (
              <Timeline.Item key={`${note.at}-${note.kind}`} title={`${note.kind} by ${note.by}`}>
                <Text size="sm">{note.text}</Text>
                <Text size="xs" c="dimmed">
                  <Time iso={note.at} withAbsolute />
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        </Card>
      )}
    </>
  );
}
