import '@mantine/core/styles/Code.css';
import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconHistory } from '@tabler/icons-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/ProblemAlert';
import { Time } from '../../components/Time';
import { showValue, toInstant } from './components';
import { useRecordAt } from './hooks';

/** `2026-01-05T09:00:00.000Z` as a datetime-local value in the browser's time zone. */
const toLocal = (iso: string) => {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
};

const Result = ({ stream, at }: { stream: string; at?: string }) => {
  const query = useRecordAt(stream, at);
  if (query.isError)
    return <LoadError error={query.error} onRetry={() => void query.refetch()} what={`record ${stream}`} />;
  const record = query.data;
  if (!record) return <Skeleton height={200} />;
  const { exists: _, ...fields } = (record.state ?? {}) as Record<string, unknown>;
  return (
    <Stack gap="lg">
      <Alert color={record.exists ? 'blue' : 'gray'} variant="light" aria-live="polite">
        {record.exists ? (
          <>
            As it was at <Time iso={record.at} withAbsolute />: version {record.version}, {record.eventCount}{' '}
            of {record.totalEvents} events.
          </>
        ) : (
          <>
            At <Time iso={record.at} withAbsolute /> this record did not exist yet ({record.totalEvents}{' '}
            events since).
          </>
        )}
      </Alert>
      {record.state && record.exists && (
        <Card withBorder>
          <Table captionSide="top" withRowBorders={false} verticalSpacing={4}>
            <Table.Caption style={{ textAlign: 'left' }}>Its fields then</Table.Caption>
            <Table.Tbody>
              {Object.entries(fields).map(([key, value]) => (
                <Table.Tr key={key}>
                  <Table.Th scope="row" w={200} style={{ verticalAlign: 'top' }}>
                    <Text size="sm" c="dimmed">
                      {key}
                    </Text>
                  </Table.Th>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{showValue(value)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      {record.events.length > 0 && (
        <div>
          <Title order={2} size="h4" mb="sm">
            The events up to then
          </Title>
          <Timeline bulletSize={14} lineWidth={2}>
            {record.events.map((event) => (
              <Timeline.Item
                key={event.id}
                title={
                  <Group gap="xs">
                    <Text fw={500} size="sm">
                      {event.type}
                    </Text>
                    <Badge size="xs" variant="outline">
                      #{event.streamVersion}
                    </Badge>
                  </Group>
                }
              >
                <Text size="xs" c="dimmed">
                  <Time iso={event.occurredAt} withAbsolute /> · {event.actor.email ?? event.actor.id} (
                  {event.actor.role})
                </Text>
                <Code block mt={4}>
                  {JSON.stringify(event.data, null, 2)}
                </Code>
              </Timeline.Item>
            ))}
          </Timeline>
        </div>
      )}
    </Stack>
  );
};

/** Time travel: any record as it was at any past instant, folded from its events. */
export default function HistoryPage() {
  useDocumentTitle('Time travel · Firefly admin');
  const [params, setParams] = useSearchParams();
  const stream = params.get('stream') ?? '';
  const at = params.get('at') ?? undefined;
  const [streamInput, setStreamInput] = useState(stream);
  const [atInput, setAtInput] = useState(at ? toLocal(at) : '');
  return (
    <>
      <PageHeader
        title="Time travel"
        description="See any record as it was at any past instant: its events up to then, folded into its state."
      />
      <Card
        withBorder
        mb="lg"
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          const next = new URLSearchParams();
          if (streamInput.trim()) next.set('stream', streamInput.trim());
          const instant = toInstant(atInput);
          if (instant) next.set('at', instant);
          setParams(next);
        }}
      >
        <Group align="flex-end">
          <TextInput
            label="Record"
            description="Its stream: type and id, e.g. order-01J… or customer-01J…"
            required
            value={streamInput}
            onChange={(e) => setStreamInput(e.currentTarget.value)}
            w={{ base: '100%', sm: 380 }}
          />
          <TextInput
            type="datetime-local"
            step={1}
            label="As it was at"
            description="Your local time; empty for now"
            value={atInput}
            onChange={(e) => setAtInput(e.currentTarget.value)}
          />
          <Button type="submit" leftSection={<IconHistory size={16} aria-hidden />}>
            Show
          </Button>
        </Group>
      </Card>
      {stream && <Result stream={stream} at={at} />}
    </>
  );
}
