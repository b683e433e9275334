import {
  ActionIcon,
  Anchor,
  Button,
  Divider,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBell } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useInboxSummary, useMarkRead } from './api';
import { NoNotifications, NotificationItem } from './NotificationList';

/** The header's bell: how many notifications are unread, and the newest of them in a popover. */
export const NotificationBell = () => {
  const [opened, { toggle, close }] = useDisclosure(false);
  const summary = useInboxSummary();
  const mark = useMarkRead();
  const unread = summary.data?.unread ?? 0;
  const items = summary.data?.items ?? [];
  const label = unread === 0 ? 'Notifications' : `Notifications: ${unread} unread`;
  return (
    <Popover
      opened={opened}
      onDismiss={close}
      width={360}
      position="bottom-end"
      shadow="md"
      withArrow
      trapFocus
    >
      {/* The target is the button itself: Popover.Target gives its child aria-expanded, which a div may not carry. */}
      <Indicator
        label={unread > 99 ? '99+' : unread}
        disabled={unread === 0}
        size={16}
        color="red"
        offset={4}
        data-testid="notification-count"
        data-count={unread}
      >
        <Popover.Target>
          <ActionIcon variant="default" size="lg" onClick={toggle} aria-label={label}>
            <IconBell size={18} aria-hidden />
          </ActionIcon>
        </Popover.Target>
      </Indicator>
      <Popover.Dropdown p={0} aria-label="Notifications" data-testid="notification-drawer">
        <Group justify="space-between" px="sm" py="xs">
          <Text fw={600} size="sm">
            Notifications
          </Text>
          <Button
            size="compact-xs"
            variant="subtle"
            disabled={unread === 0}
            loading={mark.all.isPending}
            onClick={() => mark.all.mutate()}
          >
            Mark all read
          </Button>
        </Group>
        <Divider />
        <ScrollArea.Autosize mah={420} type="auto">
          {items.length === 0 ? (
            <NoNotifications />
          ) : (
            <Stack gap={0}>
              {items.map((n) => (
                <NotificationItem
                  key={n.id}
                  notification={n}
                  onRead={(id) => mark.one.mutate(id)}
                  onOpen={close}
                  reading={mark.one.isPending && mark.one.variables === n.id}
                />
              ))}
            </Stack>
          )}
        </ScrollArea.Autosize>
        <Divider />
        <Group justify="center" py="xs">
          <Anchor component={Link} to="/notifications" size="sm" onClick={close}>
            See all notifications
          </Anchor>
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
};
