import { Button, Checkbox, Group, List, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { ApiError } from '../../../api/problem';
import type { Permission } from '../../../api/types';
import { useSession } from '../../../app/session';
import { FormProblem } from '../../../components/ProblemAlert';
import { workflowKeys, workflowsApi } from '../api';
import type { WorkflowDefinition } from '../definition';
import type { Workflow, WorkflowPermission } from '../types';
import type { BuilderMeta } from './fields';
import { stepById } from './graph';
import { useValidation } from './validation';

/** The permissions the draft's command steps need, by the operations they run. */
export const neededPermissions = (definition: WorkflowDefinition, meta: BuilderMeta): string[] => [
  ...new Set(
    definition.steps.flatMap((s) =>
      s.kind === 'command' ? (meta.operations.find((o) => o.id === s.operation)?.permission ?? []) : [],
    ),
  ),
];

/**
 * Publishing: which permissions the workflow's command steps run with (at first exactly those they need;
 * never more than the publisher holds), and why publishing is not possible yet while problems remain.
 */
export const PublishDialog = ({
  workflow,
  definition,
  meta,
  dirty,
  save,
  onDone,
}: {
  workflow: Workflow;
  definition: WorkflowDefinition;
  meta: BuilderMeta;
  dirty: boolean;
  save: () => Promise<Workflow | undefined>;
  onDone: () => void;
}) => {
  const { can } = useSession();
  const client = useQueryClient();
  const needed = neededPermissions(definition, meta);
  // Only what the publisher holds can be given (the API refuses more).
  const offered = meta.permissions.filter((p): p is WorkflowPermission => can(p as Permission));
  const [chosen, setChosen] = useState<WorkflowPermission[]>(offered.filter((p) => needed.includes(p)));
  const validation = useValidation(definition, chosen);
  const problems = validation.data?.problems ?? [];
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<ApiError | undefined>();
  const key = useRef(crypto.randomUUID());
  const notHeld = needed.filter((p) => !offered.some((o) => o === p));
  const reasons = [
    ...problems.map((p) => {
      const step = p.stepId ? stepById(definition, p.stepId) : undefined;
      return `${step?.name ?? p.stepId ?? 'Trigger'}${p.field ? ` · ${p.field}` : ''}: ${p.message}`;
    }),
    ...notHeld.map((p) => `A command step needs ${p}, which your role does not hold`),
  ];
  const checking = validation.isPending || validation.isFetching;

  const publish = async () => {
    setPending(true);
    setProblem(undefined);
    try {
      const saved = dirty ? await save() : workflow;
      if (!saved) return;
      const published = await workflowsApi.publish(workflow.id, saved.version, chosen, key.current);
      client.setQueryData(workflowKeys.detail(workflow.id), published);
      await client.invalidateQueries({ queryKey: workflowKeys.all });
      notifications.show({
        color: 'green',
        title: 'Published',
        message: `Version ${published.published?.version ?? ''} starts the runs from now on`,
      });
      onDone();
    } catch (error) {
      setProblem(error instanceof ApiError ? error : undefined);
    } finally {
      setPending(false);
    }
  };

  return (
    <Stack gap="md">
      <Text size="sm">
        Publishing makes the draft a new version: new runs start it, runs under way keep theirs.
        {dirty ? ' Your unsaved changes are saved first.' : ''}
      </Text>
      <Checkbox.Group
        label="Its command steps may"
        description={
          needed.length
            ? 'Those the command steps need are chosen; the workflow acts as its own identity with these and no more.'
            : 'It runs no commands, so it needs no permissions.'
        }
        value={chosen}
        onChange={(values) => setChosen(offered.filter((p) => values.includes(p)))}
      >
        <Stack gap={4} mt="xs">
          {offered.length === 0 && (
            <Text size="xs" c="dimmed">
              None to choose.
            </Text>
          )}
          {offered.map((p) => (
            <Checkbox key={p} value={p} label={needed.includes(p) ? `${p} (needed)` : p} />
          ))}
        </Stack>
      </Checkbox.Group>
      {reasons.length > 0 && (
        <Stack gap={4} data-testid="publish-blockers">
          <Text size="sm" fw={600} c="red.8">
            Not yet: fix these first
          </Text>
          <List size="sm">
            {reasons.map((r) => (
              <List.Item key={r}>{r}</List.Item>
            ))}
          </List>
        </Stack>
      )}
      <FormProblem error={problem} fieldsShown={false} />
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button onClick={() => void publish()} loading={pending} disabled={checking || reasons.length > 0}>
          {checking ? 'Checking…' : 'Publish'}
        </Button>
      </Group>
    </Stack>
  );
};
