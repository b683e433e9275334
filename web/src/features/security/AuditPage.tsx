import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconDownload, IconShieldCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, Fragment, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../api/problem';
import { Can } from '../../app/session';
import { PageHeader } from '../../components/PageHeader';
import { FormProblem, LoadError } from '../../components/ProblemAlert';
import { Time } from '../../components/Time';
import { auditApi, download } from './api';
import { KeyValues, Mono } from './components';
import { securityKeys, useAction, useAuditSearch, useDigests } from './hooks';
import type { AuditEntry, AuditFilters, Verification } from './types';

const FIELDS = ['who', 'record', 'type', 'from', 'to'] as const;

/** Dates typed in the filter are whole UTC days. */
const toInstant = (day: string | undefined, end: boolean) =>
  day ? `${day}T${end ? '23:59:59.999' : '00:00:00.000'}Z` : undefined;

const useFilters = (): [Record<(typeof FIELDS)[number], string>, (next: Record<string, string>) => void] => {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? ''])) as Record<
    (typeof FIELDS)[number],
    string
  >;
  const set = (next: Record<string, string>) =>
    setParams(new URLSearchParams(Object.entries(next).filter(([, v]) => v.trim() !== '')), {
      replace: true,
    });
  return [values, set];
};

const VerifyResult = ({ result }: { result: Verification }) =>
  result.ok ? (
    <Alert
      color="green"
      variant="light"
      icon={<IconShieldCheck aria-hidden />}
      title="The audit log is intact"
    >
      <Text size="sm">
        Entries {result.fromSeq}–{result.toSeq} ({result.checked}) and {result.digests.count} digests verify,
        in {result.durationMs} ms. Last hash <Mono>{result.lastHash}</Mono>
      </Text>
    </Alert>
  ) : (
    <Alert
      color="red"
      variant="light"
      role="alert"
      icon={<IconAlertTriangle aria-hidden />}
      title="The audit log has been tampered with"
    >
      <Text size="sm" fw={600}>
        First broken link: entry {result.firstBroken?.seq} ({result.firstBroken?.kind})
      </Text>
      <Text size="sm">{result.firstBroken?.message}</Text>
    </Alert>
  );

const EntryDetail = ({ entry }: { entry: AuditEntry }) => (
  <KeyValues
    caption={`Entry ${entry.seq}`}
    values={{
      event: `${entry.eventType} (${entry.eventId})`,
      record: entry.streamId,
      occurredAt: entry.occurredAt,
      chainedAt: entry.chainedAt,
      actor: `${entry.actor.email ?? entry.actor.id} (${entry.actor.role})`,
      address: entry.actor.ip,
      userAgent: entry.actor.userAgent,
      correlationId: entry.correlationId,
      changes: entry.changes,
      prevHash: entry.prevHash,
      hash: entry.hash,
    }}
  />
);

export default function AuditPage() {
  useDocumentTitle('Audit log · Firefly');
  const [values, setValues] = useFilters();
  const [draft, setDraft] = useState(values);
  const [open, setOpen] = useState<number | undefined>();
  const filters: AuditFilters = {
    who: values.who || undefined,
    record: values.record || undefined,
    type: values.type || undefined,
    from: toInstant(values.from, false),
    to: toInstant(values.to, true),
  };
  const query = useAuditSearch(filters);
  const digests = useDigests();
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  const verify = useMutation<Verification, ApiError>({ mutationFn: auditApi.verify });
  const seal = useAction(() => auditApi.seal(), {
    success: (r) =>
      r.written ? `Sealed entries ${r.fromSeq}–${r.toSeq} in a digest` : (r.reason ?? 'Nothing to seal'),
    refresh: [securityKeys.audit],
  });
  const [downloading, setDownloading] = useState<string | undefined>();
  const [downloadError, setDownloadError] = useState<ApiError | undefined>();

  const get = async (what: string, file: () => Promise<string>) => {
    setDownloading(what);
    setDownloadError(undefined);
    try {
      const name = await file();
      notifications.show({ color: 'green', title: 'Downloaded', message: name });
    } catch (error) {
      if (error instanceof ApiError) setDownloadError(error);
    } finally {
      setDownloading(undefined);
    }
  };
  const period = {
    from: filters.from ?? new Date(Date.now() - 30 * 86_400_000).toISOString(),
    to: filters.to ?? new Date().toISOString(),
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setValues(draft);
  };

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change and sign-in, hash-chained so that any edit, deletion, insertion or reordering shows. Searches and exports are themselves recorded."
        actions={
          <>
            <Button variant="default" onClick={() => verify.mutate()} loading={verify.isPending}>
              Verify the chain
            </Button>
            <Can permission={'security:manage'}>
              <Button variant="default" onClick={() => seal.mutate(undefined)} loading={seal.isPending}>
                Seal a digest now
              </Button>
            </Can>
          </>
        }
      />
      <Stack gap="md" mb="lg">
        {verify.data && <VerifyResult result={verify.data} />}
        <FormProblem error={verify.error ?? seal.error ?? downloadError ?? undefined} />
        <Text size="sm" c="dimmed">
          {digests.data
            ? `${digests.data.items.length} digests in S3; the latest seals entries up to ${digests.data.items.at(-1)?.toSeq ?? 0}.`
            : 'Loading digests…'}
        </Text>
      </Stack>
      <Card withBorder mb="md" component="form" onSubmit={submit} aria-label="Search the audit log">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label="Person (email)"
            value={draft.who}
            onChange={(e) => setDraft({ ...draft, who: e.currentTarget.value })}
            w={220}
          />
          <TextInput
            label="Record"
            placeholder="order-01H… or user-ann@x.com"
            value={draft.record}
            onChange={(e) => setDraft({ ...draft, record: e.currentTarget.value })}
            w={220}
          />
          <TextInput
            label="Event type"
            placeholder="RoleAssigned"
            value={draft.type}
            onChange={(e) => setDraft({ ...draft, type: e.currentTarget.value })}
            w={180}
          />
          <TextInput
            label="From (UTC)"
            type="date"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
          />
          <TextInput
            label="To (UTC)"
            type="date"
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
          />
          <Button type="submit">Search</Button>
          <Button
            variant="subtle"
            onClick={() => {
              const empty = { who: '', record: '', type: '', from: '', to: '' };
              setDraft(empty);
              setValues(empty);
            }}
          >
            Clear
          </Button>
        </Group>
      </Card>
      <Can permission={'audit:export'}>
        <Group gap="xs" mb="md">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconDownload size={14} aria-hidden />}
            loading={downloading === 'csv'}
            onClick={() =>
              void get('csv', () => download('/api/audit/export', { ...filters, format: 'csv' }))
            }
          >
            Export CSV
          </Button>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconDownload size={14} aria-hidden />}
            loading={downloading === 'json'}
            onClick={() =>
              void get('json', () => download('/api/audit/export', { ...filters, format: 'json' }))
            }
          >
            Export JSON
          </Button>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconDownload size={14} aria-hidden />}
            loading={downloading === 'evidence'}
            onClick={() =>
              void get('evidence', () => download('/api/audit/evidence', { ...period, format: 'json' }))
            }
          >
            Evidence pack (JSON)
          </Button>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconDownload size={14} aria-hidden />}
            loading={downloading === 'evidence-csv'}
            onClick={() =>
              void get('evidence-csv', () => download('/api/audit/evidence', { ...period, format: 'csv' }))
            }
          >
            Evidence pack (CSV)
          </Button>
          <Text size="xs" c="dimmed">
            Evidence packs cover {values.from || values.to ? 'the dates above' : 'the last 30 days'}.
          </Text>
        </Group>
      </Can>
      {query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} what="the audit log" />
      ) : (
        <Card withBorder padding={0}>
          <Table verticalSpacing="xs" highlightOnHover>
            <Table.Caption>
              Audit entries, newest first; select a row for its details and hashes
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th visibleFrom="md">Who</Table.Th>
                <Table.Th visibleFrom="lg">#</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.isPending && (
                <Table.Tr>
                  <Table.Td colSpan={4}>
                    <Skeleton height={14} />
                  </Table.Td>
                </Table.Tr>
              )}
              {!query.isPending && rows.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={4}>
                    <Text size="sm" c="dimmed" p="sm">
                      No entries match.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {rows.map((entry) => (
                <Fragment key={entry.seq}>
                  <Table.Tr>
                    <Table.Td>
                      <Text size="sm" component="span">
                        <Time iso={entry.occurredAt} />
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Anchor
                        component="button"
                        type="button"
                        size="sm"
                        ta="left"
                        aria-expanded={open === entry.seq}
                        onClick={() => setOpen(open === entry.seq ? undefined : entry.seq)}
                      >
                        {entry.summary}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {entry.eventType} · {entry.streamId}
                      </Text>
                    </Table.Td>
                    <Table.Td visibleFrom="md">
                      <Text size="sm">{entry.actor.email ?? entry.actor.id}</Text>
                      <Text size="xs" c="dimmed">
                        {entry.actor.role}
                        {entry.actor.ip ? ` · ${entry.actor.ip}` : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td visibleFrom="lg">
                      <Text size="xs" c="dimmed">
                        {entry.seq}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                  {open === entry.seq && (
                    <Table.Tr>
                      <Table.Td colSpan={4}>
                        <EntryDetail entry={entry} />
                        {entry.actor.email && (
                          <Anchor
                            component={Link}
                            to={`/audit?who=${encodeURIComponent(entry.actor.email)}`}
                            size="sm"
                          >
                            Everything by {entry.actor.email}
                          </Anchor>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      {query.hasNextPage && (
        <Group justify="center" mt="md">
          <Button
            variant="default"
            onClick={() => void query.fetchNextPage()}
            loading={query.isFetchingNextPage}
          >
            Load more
          </Button>
        </Group>
      )}
      <Title order={2} size="h6" mt="xl" c="dimmed">
        How the chain works
      </Title>
      <Text size="xs" c="dimmed" maw={720}>
        Each entry's hash is SHA-256 over the previous entry's hash and the entry's canonical JSON. Every hour
        a digest in write-once storage records the range it seals, its last hash and the previous digest's
        hash, so even a consistent rewrite of the table is caught. Evidence packs carry the entries exactly as
        hashed, so anyone can recompute them.
      </Text>
    </>
  );
}
