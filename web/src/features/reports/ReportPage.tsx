import { Badge, Card, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useParams } from 'react-router';
import { useRecord, useRecordEvents } from '../../api/queries';
import { useSession } from '../../app/session';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/ProblemAlert';
import { RecordTimeline } from '../../components/RecordTimeline';
import { Time } from '../../components/Time';
import { type ReportDefinition, useSavedResults } from './api';
import { describeDefinition } from './describe';
import { ReportActions } from './ReportActions';
import { ReportVisual } from './visual/ReportVisual';

const VERSION_EVENTS = new Set(['ReportDrafted', 'ReportEdited']);

/** Each saved version of the report, from its events: what it showed, who saved it and when. */
const Versions = ({ id, version }: { id: string; version: number }) => {
  const { can } = useSession();
  const events = useRecordEvents('reports/saved', id, can('events:read'));
  if (!can('events:read')) return null;
  const versions = (events.data?.items ?? []).filter((e) => VERSION_EVENTS.has(e.type));
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="versions-heading">
      <Title order={2} size="h4" id="versions-heading" mb="sm">
        Versions
      </Title>
      {events.isPending ? (
        <Skeleton height={60} aria-label="Loading versions" />
      ) : events.isError ? (
        <LoadError error={events.error} onRetry={() => void events.refetch()} what="the versions" />
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table aria-label="Versions" verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Version</Table.Th>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">What it shows</Table.Th>
                <Table.Th scope="col">Saved by</Table.Th>
                <Table.Th scope="col">When</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {versions.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    {e.streamVersion}
                    {e.streamVersion === version ? (
                      <Badge ml="xs" size="xs" variant="light">
                        current
                      </Badge>
                    ) : e.type === 'ReportDrafted' ? (
                      <Badge ml="xs" size="xs" variant="outline" color="gray">
                        first
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{String(e.data.name ?? '')}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{describeDefinition(e.data.definition as ReportDefinition)}</Text>
                  </Table.Td>
                  <Table.Td>{e.actor.email ?? e.actor.id}</Table.Td>
                  <Table.Td>
                    <Time iso={e.occurredAt} withAbsolute />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
};

/** The report's result as its result is drawn, its actions, its versions and its history. */
const Report = ({ id }: { id: string }) => {
  const report = useRecord('reports/saved', id);
  useDocumentTitle(`${report.data?.name ?? 'Report'} · Reports · Firefly`);
  const r = report.data;
  const results = useSavedResults(id, r?.version ?? 0);
  if (report.isPending)
    return (
      <Stack aria-busy="true" aria-label="Loading the report">
        <Skeleton height={32} width="40%" />
        <Skeleton height={320} />
      </Stack>
    );
  if (report.isError || !r)
    return (
      <>
        <PageHeader title="Report" trail={[{ label: 'Reports', to: '/reports' }]} />
        <LoadError error={report.error} onRetry={() => void report.refetch()} what="the report" />
      </>
    );
  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            {r.name}
            {r.status === 'archived' && <Badge color="gray">Archived</Badge>}
          </Group>
        }
        description={`${r.description ? `${r.description} · ` : ''}Owner ${r.owner.email ?? r.owner.id} · version ${r.version}${r.templateId ? ' · from a template' : ''}`}
        trail={[{ label: 'Reports', to: '/reports' }]}
        actions={<ReportActions report={r} onReload={() => void report.refetch()} />}
      />
      <Stack gap="lg">
        <Card withBorder padding="lg" component="section" aria-label="Result">
          <Text size="sm" c="dimmed" mb="sm">
            {describeDefinition(r.definition)}
          </Text>
          {results.isError ? (
            <LoadError error={results.error} onRetry={() => void results.refetch()} what="the result" />
          ) : (
            <ReportVisual definition={r.definition} result={results} title={r.name} />
          )}
        </Card>
        <Versions id={id} version={r.version} />
        <RecordTimeline resource="reports/saved" id={id} version={r.version} />
      </Stack>
    </>
  );
};

export default function ReportPage() {
  const id = useParams().id ?? '';
  return <Report key={id} id={id} />;
}
