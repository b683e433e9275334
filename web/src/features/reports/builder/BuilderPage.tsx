import { Button, Group, Skeleton, Stack, TextInput } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../../api/problem';
import { afterChange, useRecord } from '../../../api/queries';
import { PageHeader } from '../../../components/PageHeader';
import { FormProblem, LoadError } from '../../../components/ProblemAlert';
import { type ReportDefinition, reportKeys, reportsApi, type SavedReport, useDatasets } from '../api';
import { Builder } from './Builder';
import { problemsByPath } from './fields';

const EMPTY: ReportDefinition = { dataset: '', visual: { type: 'table' } };

/**
 * The builder's page: a new report, or a saved one's next version. Saving an edit sends the version it
 * was opened at (If-Match): if someone saved in between, the conflict says so and offers a reload, and
 * the draft on screen is kept.
 */
const BuilderForm = ({ report, onReload }: { report: SavedReport | undefined; onReload: () => void }) => {
  const datasets = useDatasets();
  const client = useQueryClient();
  const navigate = useNavigate();
  const key = useRef(crypto.randomUUID());
  const [definition, setDefinition] = useState<ReportDefinition>(report?.definition ?? EMPTY);
  const [name, setName] = useState(report?.name ?? '');
  const [description, setDescription] = useState(report?.description ?? '');
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<ApiError | undefined>();
  useDocumentTitle(`${report ? `Edit ${report.name}` : 'New report'} · Reports · Firefly`);

  const save = async () => {
    setSaving(true);
    setProblem(undefined);
    try {
      const body = { name: name.trim(), description, definition };
      const saved = report
        ? await reportsApi.save(report.id, report.version, body)
        : await reportsApi.create(body, key.current);
      await afterChange(client, 'reports/saved', saved);
      await client.invalidateQueries({ queryKey: reportKeys.all });
      notifications.show({
        color: 'green',
        title: 'Saved',
        message: report ? `Version ${saved.version} of ${saved.name}` : `${saved.name} is saved`,
      });
      navigate(`/reports/${saved.id}`);
    } catch (error) {
      setProblem(error instanceof ApiError ? error : undefined);
    } finally {
      setSaving(false);
    }
  };

  if (datasets.isPending) return <Skeleton height={500} aria-label="Loading the datasets" />;
  if (datasets.isError)
    return <LoadError error={datasets.error} onRetry={() => void datasets.refetch()} what="the datasets" />;
  const nameError = problemsByPath(problem).get('name');
  return (
    <>
      <PageHeader
        title={report ? `Edit ${report.name}` : 'New report'}
        description={
          report
            ? `Saving makes version ${report.version + 1}; the versions before stay in its history.`
            : 'Pick a dataset, then drag its fields into rows, columns, values and filters.'
        }
        trail={[
          { label: 'Reports', to: '/reports' },
          ...(report ? [{ label: report.name, to: `/reports/${report.id}` }] : []),
        ]}
      />
      <Stack gap="md">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label="Report name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            w={280}
            error={nameError}
          />
          <TextInput
            label="Description"
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            w={360}
          />
          <Button
            leftSection={<IconDeviceFloppy size={16} aria-hidden />}
            onClick={() => void save()}
            loading={saving}
            disabled={!name.trim() || !definition.dataset}
          >
            {report ? 'Save new version' : 'Save report'}
          </Button>
        </Group>
        <FormProblem error={problem} onReload={onReload} />
        <Builder
          datasets={datasets.data.items}
          definition={definition}
          onChange={setDefinition}
          title={name}
        />
      </Stack>
    </>
  );
};

export default function BuilderPage() {
  const id = useParams().id ?? '';
  const report = useRecord('reports/saved', id, id !== '');
  if (id && report.isPending) return <Skeleton height={500} aria-label="Loading the report" />;
  if (id && report.isError)
    return <LoadError error={report.error} onRetry={() => void report.refetch()} what="the report" />;
  // Keyed by the report only: a reload after a conflict keeps the draft and saves against the new version.
  return (
    <BuilderForm key={id} report={id ? report.data : undefined} onReload={() => void report.refetch()} />
  );
}
