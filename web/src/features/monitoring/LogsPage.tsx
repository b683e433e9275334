import { Anchor, Badge, Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/ProblemAlert';
import { LoadingRows } from './components';
import { type LogQuery, RANGES, type RangeKey, useLogs } from './telemetry-api';

const LEVEL_COLOUR: Record<string, string> = {
  DEBUG: 'gray',
  INFO: 'blue',
  WARN: 'yellow',
  ERROR: 'red',
  CRITICAL: 'red',
};

interface Form {
  range: RangeKey;
  level: string;
  function: string;
  text: string;
  correlationId: string;
  actor: string;
}
const EMPTY: Form = { range: '1h', level: '', function: '', text: '', correlationId: '', actor: '' };

const queryOf = (form: Form, cursor?: string): LogQuery => {
  const to = new Date();
  const from = new Date(to.getTime() - RANGES[form.range].minutes * 60_000);
  const trimmed = (value: string) => value.trim() || undefined;
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    level: (form.level || undefined) as LogQuery['level'],
    function: trimmed(form.function),
    text: trimmed(form.text),
    correlationId: trimmed(form.correlationId),
    actor: trimmed(form.actor),
    limit: 50,
    cursor,
  };
};

/** Searchable logs of every function and the gateway; a correlation id opens its command's timeline. */
export default function LogsPage() {
  useDocumentTitle('Logs · Monitoring · Firefly');
  const [form, setForm] = useState<Form>(EMPTY);
  const [query, setQuery] = useState<LogQuery>(() => queryOf(EMPTY));
  const [cursors, setCursors] = useState<string[]>([]);
  const logs = useLogs(query);
  const set = (key: keyof Form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const search = () => {
    setCursors([]);
    setQuery(queryOf(form));
  };
  return (
    <>
      <PageHeader
        title="Logs"
        description="Every function's log records and the API's requests, newest first."
      />
      <Stack gap="sm">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            search();
          }}
          aria-label="Search logs"
        >
          <Group align="end" gap="xs" wrap="wrap">
            <Select
              label="Time range"
              value={form.range}
              onChange={(v) => set('range')(v ?? '1h')}
              data={Object.entries(RANGES).map(([value, r]) => ({ value, label: r.label }))}
              allowDeselect={false}
              w={160}
            />
            <Select
              label="Least level"
              value={form.level}
              onChange={(v) => set('level')(v ?? '')}
              data={[
                { value: '', label: 'Any' },
                ...['INFO', 'WARN', 'ERROR', 'CRITICAL'].map((l) => ({ value: l, label: l })),
              ]}
              allowDeselect={false}
              w={120}
            />
            <TextInput
              label="Function"
              value={form.function}
              onChange={(e) => set('function')(e.currentTarget.value)}
              w={160}
            />
            <TextInput
              label="Text"
              value={form.text}
              onChange={(e) => set('text')(e.currentTarget.value)}
              w={200}
            />
            <TextInput
              label="Correlation id"
              value={form.correlationId}
              onChange={(e) => set('correlationId')(e.currentTarget.value)}
              w={200}
            />
            <TextInput
              label="Actor"
              value={form.actor}
              onChange={(e) => set('actor')(e.currentTarget.value)}
              w={160}
            />
            <Button type="submit" loading={logs.isFetching}>
              Search
            </Button>
          </Group>
        </form>
        {logs.isError ? (
          <LoadError error={logs.error} onRetry={() => void logs.refetch()} what="Logs" />
        ) : !logs.data ? (
          <LoadingRows label="Loading logs" />
        ) : logs.data.items.length === 0 ? (
          <Text c="dimmed" data-testid="logs-empty">
            No log records match.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table aria-label="Log records" verticalSpacing="xs" fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Time</Table.Th>
                  <Table.Th>Level</Table.Th>
                  <Table.Th>Function</Table.Th>
                  <Table.Th>Message</Table.Th>
                  <Table.Th>Correlation id</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {logs.data.items.map((r) => (
                  <Table.Tr
                    key={`${r.at}|${r.function}|${r.requestId ?? ''}|${r.message}`}
                    data-testid="log-record"
                  >
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {new Date(r.at).toLocaleTimeString()}
                    </Table.Td>
                    <Table.Td>
                      <Badge size="sm" variant="light" color={LEVEL_COLOUR[r.level] ?? 'gray'}>
                        {r.level}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{r.function}</Table.Td>
                    <Table.Td>{r.message}</Table.Td>
                    <Table.Td>
                      {r.correlationId ? (
                        <Anchor
                          component={Link}
                          to={`/monitoring/traces/${encodeURIComponent(r.correlationId)}`}
                          size="sm"
                        >
                          {r.correlationId}
                        </Anchor>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <Group justify="flex-end">
          <Button
            variant="default"
            disabled={cursors.length === 0}
            onClick={() => {
              const previous = cursors.slice(0, -1);
              setCursors(previous);
              setQuery((q) => ({ ...q, cursor: previous.at(-1) }));
            }}
          >
            Newer
          </Button>
          <Button
            variant="default"
            disabled={!logs.data?.nextCursor}
            onClick={() => {
              const next = logs.data?.nextCursor;
              if (!next) return;
              setCursors((c) => [...c, next]);
              setQuery((q) => ({ ...q, cursor: next }));
            }}
          >
            Older
          </Button>
        </Group>
      </Stack>
    </>
  );
}
