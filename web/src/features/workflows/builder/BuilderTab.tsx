import { Alert, Button, Group, Loader, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy, IconFlask, IconRocket } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError } from '../../../api/problem';
import { useSession } from '../../../app/session';
import { AppModal } from '../../../components/CommandForm';
import { FormProblem, LoadError } from '../../../components/ProblemAlert';
import { useBuilderMeta, workflowKeys, workflowsApi } from '../api';
import type { WorkflowDefinition } from '../definition';
import type { Workflow } from '../types';
import Builder from './Builder';
import { PublishDialog } from './PublishDialog';
import { TestRunDialog } from './TestRunDialog';
import { useValidation } from './validation';

interface Draft {
  name: string;
  description: string;
  definition: WorkflowDefinition;
}

/**
 * The builder tab: the draft on the canvas, its problems as it changes, and save (with the version it was
 * read at, so someone else's save is a conflict, not overwritten), publish and test run.
 */
export default function BuilderTab({ workflow }: { workflow: Workflow }) {
  const { can } = useSession();
  const client = useQueryClient();
  const meta = useBuilderMeta();
  const [draft, setDraft] = useState<Draft>({
    name: workflow.name,
    description: workflow.description,
    definition: workflow.definition,
  });
  const [base, setBase] = useState(workflow.version);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<ApiError | undefined>();
  const [publishing, setPublishing] = useState(false);
  const [testing, setTesting] = useState(false);
  const validation = useValidation(draft.definition);
  const editable = can('workflows:edit') && workflow.status !== 'archived';

  // Someone else's change arrives with a refetch: take it while nothing here is unsaved.
  useEffect(() => {
    if (dirty) return;
    setDraft({ name: workflow.name, description: workflow.description, definition: workflow.definition });
    setBase(workflow.version);
  }, [workflow, dirty]);

  const edit = (patch: Partial<typeof draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setDirty(true);
  };

  const save = async (): Promise<Workflow | undefined> => {
    setSaving(true);
    setProblem(undefined);
    try {
      const saved = await workflowsApi.save({ id: workflow.id, version: base, ...draft });
      client.setQueryData(workflowKeys.detail(workflow.id), saved);
      setBase(saved.version);
      setDirty(false);
      return saved;
    } catch (error) {
      setProblem(error instanceof ApiError ? error : undefined);
      return undefined;
    } finally {
      setSaving(false);
    }
  };

  const reload = async () => {
    const latest = await client.fetchQuery({
      queryKey: workflowKeys.detail(workflow.id),
      queryFn: ({ signal }) => workflowsApi.get(workflow.id, signal),
      staleTime: 0,
    });
    setDraft({ name: latest.name, description: latest.description, definition: latest.definition });
    setBase(latest.version);
    setDirty(false);
    setProblem(undefined);
  };

  if (meta.isError)
    return <LoadError error={meta.error} onRetry={() => void meta.refetch()} what="the builder's choices" />;
  if (!meta.data) return <Loader role="status" aria-label="Loading the builder" />;
  const problems = validation.data?.problems ?? [];

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" gap="sm" wrap="wrap">
        <Group gap="sm" align="flex-end" wrap="wrap" style={{ flex: 1 }}>
          <TextInput
            label="Name"
            value={draft.name}
            readOnly={!editable}
            onChange={(e) => edit({ name: e.currentTarget.value })}
            w={260}
          />
          <Textarea
            label="Description"
            value={draft.description}
            readOnly={!editable}
            autosize
            maxRows={2}
            onChange={(e) => edit({ description: e.currentTarget.value })}
            style={{ flex: 1, minWidth: 220 }}
          />
        </Group>
        <Group gap="xs">
          {validation.isFetching && (
            <Text size="xs" c="dimmed" role="status">
              Checking…
            </Text>
          )}
          {dirty && (
            <Text size="xs" c="dimmed" data-testid="unsaved">
              Unsaved changes
            </Text>
          )}
          {editable && (
            <Button
              variant="default"
              leftSection={<IconDeviceFloppy size={16} aria-hidden />}
              onClick={() => void save()}
              loading={saving}
              disabled={!dirty}
            >
              Save draft
            </Button>
          )}
          {can('workflows:run') && (
            <Button
              variant="default"
              leftSection={<IconFlask size={16} aria-hidden />}
              onClick={() => setTesting(true)}
            >
              Test run
            </Button>
          )}
          {can('workflows:publish') && workflow.status !== 'archived' && (
            <Button leftSection={<IconRocket size={16} aria-hidden />} onClick={() => setPublishing(true)}>
              Publish…
            </Button>
          )}
        </Group>
      </Group>
      <FormProblem error={problem} onReload={() => void reload()} fieldsShown={false} />
      {validation.isError && (
        <Alert color="orange" variant="light" title="Could not check the draft">
          {validation.error instanceof ApiError
            ? (validation.error.problem.detail ?? validation.error.problem.title)
            : 'Try again shortly.'}
        </Alert>
      )}
      <Builder
        definition={draft.definition}
        onChange={(definition) => (editable ? edit({ definition }) : undefined)}
        meta={meta.data}
        problems={problems}
      />
      <AppModal
        opened={publishing}
        onClose={() => setPublishing(false)}
        title="Publish this workflow"
        size="lg"
      >
        <PublishDialog
          workflow={workflow}
          definition={draft.definition}
          meta={meta.data}
          dirty={dirty}
          save={save}
          onDone={() => setPublishing(false)}
        />
      </AppModal>
      <AppModal opened={testing} onClose={() => setTesting(false)} title="Test run of the draft" size="lg">
        <TestRunDialog
          workflow={workflow}
          definition={draft.definition}
          meta={meta.data}
          dirty={dirty}
          save={save}
          onDone={() => setTesting(false)}
          onStarted={(run) =>
            notifications.show({
              color: 'blue',
              title: 'Test run started',
              message: `Run ${run.id} is under way`,
            })
          }
        />
      </AppModal>
    </Stack>
  );
}
