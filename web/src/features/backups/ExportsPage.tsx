import '@mantine/core/styles/SegmentedControl.css';
import {
  Alert,
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconFileExport } from '@tabler/icons-react';
import { useState } from 'react';
import { ApiError } from '../../api/problem';
import { PageHeader } from '../../components/PageHeader';
import { FormProblem, LoadError } from '../../components/ProblemAlert';
import { Time } from '../../components/Time';
import { exportsApi } from './api';
import { bytes, count, duration, RunBadge, toInstant } from './components';
import { useExport, useExportSources, useExports, useStartExport } from './hooks';
import {
  EVENT_TYPES,
  type EventType,
  EXPORT_VIEWS,
  type ExportRun,
  type ExportSource,
  type ExportView,
  FORMATS,
  type Format,
} from './types';

const isEventType = (name: string): name is EventType => (EVENT_TYPES as readonly string[]).includes(name);
const isExportView = (name: string): name is ExportView => (EXPORT_VIEWS as readonly string[]).includes(name);

const FORMAT_LABELS: Record<Format, string> = { json: 'JSON', csv: 'CSV', xlsx: 'Excel (XLSX)', sql: 'SQL' };

const describe = (source: ExportSource) =>
  source.kind === 'view'
    ? `${source.view}${source.search ? ` matching “${source.search}”` : ''}`
    : `events${source.types?.length ? ` of type ${source.types.join(', ')}` : ''}${source.streamPrefix ? ` in ${source.streamPrefix}…` : ''}`;

/** Fetches fresh links (they expire) and starts the download. */
const downloadExport = async (id: string) => {
  try {
    const run = await exportsApi.get(id);
    if (run.download) window.location.assign(run.download.url);
  } catch (error) {
    notifications.show({
      color: 'red',
      title: 'No download link',
      message: error instanceof ApiError ? (error.problem.detail ?? error.problem.title) : String(error),
    });
  }
};

/** The export just started: progress, then the download link and its provenance. */
const Progress = ({ id }: { id: string }) => {
  const query = useExport(id);
  const run = query.data;
  if (query.isError)
    return <LoadError error={query.error} onRetry={() => void query.refetch()} what="the export" />;
  if (!run) return <Skeleton height={80} />;
  if (run.status === 'failed')
    return (
      <Alert color="red" variant="light" role="alert" title="The export failed">
        {run.error}
      </Alert>
    );
  if (run.status !== 'completed')
    return (
      <Alert
        color="blue"
        variant="light"
        aria-live="polite"
        title={run.status === 'queued' ? 'Queued' : 'Exporting…'}
      >
        {count(run.rows ?? 0)} rows written so far.
      </Alert>
    );
  return (
    <Alert color="green" variant="light" title="Ready to download" aria-live="polite">
      <Text size="sm" mb="xs">
        {count(run.rows)} rows, {bytes(run.bytes)}, in {duration(run.durationMs)}. SHA-256{' '}
        <Text span ff="monospace" size="xs">
          {run.sha256}
        </Text>
        .
      </Text>
      {run.warnings?.map((w) => (
        <Text size="sm" c="orange" key={w}>
          {w}
        </Text>
      ))}
      {run.download && (
        <Group gap="sm" mt="xs">
          <Button component="a" href={run.download.url} leftSection={<IconDownload size={16} aria-hidden />}>
            Download {run.fileName}
          </Button>
          <Anchor href={run.download.manifestUrl} target="_blank" rel="noreferrer" size="sm">
            Provenance manifest
          </Anchor>
          <Text size="xs" c="dimmed">
            Links expire <Time iso={run.download.expiresAt} />
          </Text>
        </Group>
      )}
    </Alert>
  );
};

const NewExport = () => {
  const sources = useExportSources();
  const start = useStartExport();
  const [source, setSource] = useState<string | null>(null);
  const [format, setFormat] = useState<Format>('csv');
  const [gzip, setGzip] = useState(false);
  const [search, setSearch] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [types, setTypes] = useState('');
  const [typesError, setTypesError] = useState<string>();
  const [streamPrefix, setStreamPrefix] = useState('');
  const [current, setCurrent] = useState<string>();
  if (sources.isError)
    return (
      <LoadError error={sources.error} onRetry={() => void sources.refetch()} what="what can be exported" />
    );
  const options = (sources.data?.items ?? []).map((item) => ({
    value: item.kind === 'events' ? 'events' : `view:${item.name}`,
    label: item.kind === 'events' ? 'Event stream (every change, with who made it)' : item.name,
    disabled: !item.allowed,
  }));
  const isEvents = source === 'events';
  const build = (): ExportSource | undefined => {
    if (!source) return undefined;
    if (source === 'events') {
      const list = types
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      const unknown = list.filter((t) => !isEventType(t));
      setTypesError(unknown.length ? `No such event type: ${unknown.join(', ')}` : undefined);
      if (unknown.length) return undefined;
      return {
        kind: 'events',
        ...(from ? { from: toInstant(from) } : {}),
        ...(to ? { to: toInstant(to) } : {}),
        ...(list.length ? { types: list.filter(isEventType) } : {}),
        ...(streamPrefix ? { streamPrefix } : {}),
      };
    }
    // The choices are the API's own collections (GET /api/exports/sources).
    const view = source.slice('view:'.length);
    return isExportView(view) ? { kind: 'view', view, ...(search ? { search } : {}) } : undefined;
  };
  return (
    <Card
      withBorder
      mb="xl"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        const built = build();
        if (!built) return;
        start.mutate(
          { source: built, format, compression: gzip ? 'gzip' : 'none' },
          { onSuccess: (run) => setCurrent(run.id) },
        );
      }}
    >
      <Title order={2} size="h4" mb="sm">
        New export
      </Title>
      <Stack gap="sm">
        <Select
          label="What"
          placeholder="Choose a collection or the event stream"
          data={options}
          value={source}
          onChange={setSource}
          searchable
          required
          w={{ base: '100%', sm: 420 }}
        />
        {source && !isEvents && (
          <TextInput
            label="Only records containing"
            description="The same text search as the lists; empty for every record"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={{ base: '100%', sm: 420 }}
          />
        )}
        {isEvents && (
          <SimpleGrid cols={{ base: 1, sm: 2 }} maw={860}>
            <TextInput
              type="datetime-local"
              step={1}
              label="From"
              value={from}
              onChange={(e) => setFrom(e.currentTarget.value)}
            />
            <TextInput
              type="datetime-local"
              step={1}
              label="To"
              value={to}
              onChange={(e) => setTo(e.currentTarget.value)}
            />
            <TextInput
              label="Event types"
              description="Comma-separated, e.g. OrderPlaced, DepositPaid"
              value={types}
              error={typesError}
              onChange={(e) => setTypes(e.currentTarget.value)}
            />
            <TextInput
              label="Streams starting with"
              description="e.g. order- or customer-01J…"
              value={streamPrefix}
              onChange={(e) => setStreamPrefix(e.currentTarget.value)}
            />
          </SimpleGrid>
        )}
        <div>
          <Text size="sm" fw={500} mb={4} id="export-format">
            Format
          </Text>
          <SegmentedControl
            aria-labelledby="export-format"
            data={FORMATS.map((f) => ({ value: f, label: FORMAT_LABELS[f] }))}
            value={format}
            onChange={(v) => setFormat(v as Format)}
          />
        </div>
        <Checkbox label="Compress (gzip)" checked={gzip} onChange={(e) => setGzip(e.currentTarget.checked)} />
        <FormProblem error={start.error instanceof ApiError ? start.error : undefined} />
        <Group>
          <Button
            type="submit"
            leftSection={<IconFileExport size={16} aria-hidden />}
            loading={start.isPending}
            disabled={!source}
          >
            Export
          </Button>
        </Group>
        {current && <Progress id={current} />}
      </Stack>
    </Card>
  );
};

const Past = () => {
  const query = useExports();
  const rows: ExportRun[] = query.data?.pages.flatMap((p) => p.items) ?? [];
  if (query.isError)
    return <LoadError error={query.error} onRetry={() => void query.refetch()} what="exports" />;
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        Exports
      </Title>
      <Card withBorder padding={0}>
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm">
            <Table.Caption>Exports, newest first; each is recorded with who made it</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>Format</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th ta="right">Rows</Table.Th>
                <Table.Th ta="right">Size</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.isPending && (
                <Table.Tr>
                  <Table.Td colSpan={7}>
                    <Skeleton height={14} />
                  </Table.Td>
                </Table.Tr>
              )}
              {!query.isPending && rows.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={7}>
                    <Text c="dimmed" size="sm" p="sm">
                      No exports yet.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {rows.map((run) => (
                <Table.Tr key={run.id}>
                  <Table.Td>
                    <Time iso={run.requestedAt} />
                    <Text size="xs" c="dimmed">
                      {run.requestedBy}
                    </Text>
                  </Table.Td>
                  <Table.Td>{describe(run.source)}</Table.Td>
                  <Table.Td>
                    {FORMAT_LABELS[run.format]}
                    {run.compression === 'gzip' ? ', gzip' : ''}
                  </Table.Td>
                  <Table.Td>
                    <RunBadge status={run.status} />
                  </Table.Td>
                  <Table.Td ta="right">{count(run.rows)}</Table.Td>
                  <Table.Td ta="right">{bytes(run.bytes)}</Table.Td>
                  <Table.Td>
                    {run.status === 'completed' && (
                      <Button
                        size="xs"
                        variant="default"
                        leftSection={<IconDownload size={14} aria-hidden />}
                        onClick={() => void downloadExport(run.id)}
                        aria-label={`Download ${describe(run.source)}`}
                      >
                        Download
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      {query.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            loading={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
          >
            Older exports
          </Button>
        </Group>
      )}
    </Stack>
  );
};

export default function ExportsPage() {
  useDocumentTitle('Exports · Firefly admin');
  return (
    <>
      <PageHeader
        title="Exports"
        description="Any collection, or the event stream, as JSON, CSV, Excel or SQL. Each file comes with a provenance manifest, and the download link expires."
      />
      <NewExport />
      <Past />
    </>
  );
}
