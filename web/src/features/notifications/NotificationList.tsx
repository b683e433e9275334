import { Anchor, Badge, Button, Group, Stack, Text, ThemeIcon, VisuallyHidden } from '@mantine/core';
import { IconBellOff } from '@tabler/icons-react';
import { Link } from 'react-router';
import { Time } from '../../components/Time';
import type { Notification } from './api';

const SEVERITY_COLOR: Record<Notification['severity'], string> = {
  info: 'blue',
  warning: 'orange',
  critical: 'red',
};

/** Nothing to show: said plainly, so an empty list is not mistaken for one still loading. */
export const NoNotifications = () => (
  <Stack align="center" gap={4} py="lg" data-testid="notifications-empty">
    <ThemeIcon variant="light" color="gray" radius="xl" size="lg" aria-hidden>
      <IconBellOff size={18} />
    </ThemeIcon>
    <Text size="sm" fw={500}>
      No notifications
    </Text>
    <Text size="xs" c="dimmed">
      Security events and disabled webhook endpoints will appear here.
    </Text>
  </Stack>
);

/** One notification: what happened, when, how serious, where to see it, and marking it read. */
export const NotificationItem = ({
  notification: n,
  onRead,
  onOpen,
  reading,
}: {
  notification: Notification;
  onRead: (id: string) => void;
  onOpen?: () => void;
  reading?: boolean;
}) => {
  const unread = n.status === 'unread';
  return (
    <Stack
      gap={4}
      p="sm"
      data-testid="notification"
      data-status={n.status}
      style={{
        borderInlineStart: `3px solid var(--mantine-color-${unread ? SEVERITY_COLOR[n.severity] : 'gray'}-5)`,
        background: unread ? 'var(--mantine-color-default-hover)' : undefined,
      }}
    >
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <Text size="sm" fw={unread ? 700 : 500} style={{ overflowWrap: 'anywhere' }}>
          {unread && <VisuallyHidden>Unread: </VisuallyHidden>}
          {n.title}
        </Text>
        <Badge size="xs" variant="light" color={SEVERITY_COLOR[n.severity]}>
          {n.severity}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }} lineClamp={4}>
        {n.body}
      </Text>
      <Group justify="space-between" gap="xs">
        <Group gap="xs">
          <Text size="xs" c="dimmed">
            <Time iso={n.raisedAt} />
          </Text>
          {n.link && (
            <Anchor
              component={Link}
              to={n.link}
              size="xs"
              onClick={() => {
                if (unread) onRead(n.id);
                onOpen?.();
              }}
            >
              Open
            </Anchor>
          )}
        </Group>
        {unread && (
          <Button
            size="compact-xs"
            variant="subtle"
            loading={reading}
            onClick={() => onRead(n.id)}
            aria-label={`Mark read: ${n.title}`}
          >
            Mark read
          </Button>
        )}
      </Group>
    </Stack>
  );
};
