import { Badge, Card, Group, Skeleton, Stack, Text, Timeline, Title } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { type Resource, useRecordEvents } from '../api/queries';
import { useSession } from '../app/session';
import { eventDetails, humaniseType } from '../lib/events';
import { roleLabel } from '../lib/format';
import { LoadError } from './ProblemAlert';
import { Time } from './Time';

interface Props {
  resource: Resource;
  id: string;
  /** Changes whenever the record does, so the history is refetched with it. */
  version: number | undefined;
}

/** Who did what, when: the record's event history, oldest first. Needs `events:read`; absent otherwise. */
export const RecordTimeline = ({ resource, id, version }: Props) => {
  const { can } = useSession();
  const allowed = can('events:read');
  const events = useRecordEvents(resource, id, allowed && version !== undefined);
  if (!allowed) return null;

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="history-heading">
      <Group gap="xs" mb="md">
        <IconHistory size={20} aria-hidden />
        <Title order={2} size="h4" id="history-heading">
          History
        </Title>
      </Group>
      {events.isPending ? (
        <Stack gap="sm" aria-busy="true" aria-label="Loading history">
          <Skeleton height={14} width="60%" />
          <Skeleton height={14} width="40%" />
          <Skeleton height={14} width="50%" />
        </Stack>
      ) : events.isError ? (
        <LoadError error={events.error} onRetry={() => void events.refetch()} what="the history" />
      ) : events.data.items.length === 0 ? (
        <Text c="dimmed">No events yet.</Text>
      ) : (
        <Timeline
          active={events.data.items.length - 1}
          bulletSize={14}
          lineWidth={2}
          role="list"
          aria-label="Events"
        >
          {events.data.items.map((event) => {
            const details = eventDetails(event);
            return (
              <Timeline.Item
                key={event.id}
                role="listitem"
                data-event-type={event.type}
                title={
                  <Text fw={600} size="sm" component="span">
                    {humaniseType(event.type)}
                  </Text>
                }
              >
                {details.length > 0 && (
                  <Text size="sm" data-testid="event-details">
                    {details.join(' · ')}
                  </Text>
                )}
                <Group gap={6} mt={4} wrap="wrap">
                  <Text size="xs" c="dimmed" component="span">
                    by {event.actor.email ?? event.actor.id}
                  </Text>
                  <Badge size="xs" variant="outline" color="gray">
                    {roleLabel(event.actor.role)}
                  </Badge>
                  <Text size="xs" c="dimmed" component="span">
                    <Time iso={event.occurredAt} withAbsolute />
                  </Text>
                </Group>
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
    </Card>
  );
};
