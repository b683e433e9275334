import { Button, Card, Center, Loader, Stack } from '@mantine/core';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/ProblemAlert';
import { useInbox, useMarkRead } from './api';
import { NoNotifications, NotificationItem } from './NotificationList';

/** Every notification of mine, unread first, with marking read one by one or all at once. */
const NotificationsPage = () => {
  const inbox = useInbox();
  const mark = useMarkRead();
  const items = inbox.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = inbox.data?.pages[0]?.unread ?? 0;
  return (
    <>
      <PageHeader
        title="Notifications"
        description={unread === 0 ? 'Nothing unread' : `${unread} unread`}
        actions={
          <Button
            variant="default"
            disabled={unread === 0}
            loading={mark.all.isPending}
            onClick={() => mark.all.mutate()}
          >
            Mark all read
          </Button>
        }
      />
      {inbox.isError ? (
        <LoadError error={inbox.error} onRetry={() => inbox.refetch()} what="your notifications" />
      ) : inbox.isPending ? (
        <Center mih={160}>
          <Loader aria-label="Loading" />
        </Center>
      ) : (
        <Card withBorder padding={0}>
          {items.length === 0 ? (
            <NoNotifications />
          ) : (
            <Stack gap={0}>
              {items.map((n) => (
                <NotificationItem
                  key={n.id}
                  notification={n}
                  onRead={(id) => mark.one.mutate(id)}
                  reading={mark.one.isPending && mark.one.variables === n.id}
                />
              ))}
            </Stack>
          )}
        </Card>
      )}
      {inbox.hasNextPage && (
        <Center mt="md">
          <Button variant="default" loading={inbox.isFetchingNextPage} onClick={() => inbox.fetchNextPage()}>
            Show more
          </Button>
        </Center>
      )}
    </>
  );
};

export default NotificationsPage;
