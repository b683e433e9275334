import { Anchor, Button, Card, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconCheck } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/problem';
import { Can, useSession } from '../../app/session';
import { PagedRows } from '../../components/PagedRows';
import { PageHeader } from '../../components/PageHeader';
import { FormProblem } from '../../components/ProblemAlert';
import { Time } from '../../components/Time';
import { offers } from '../../lib/actions';
import { roleLabel } from '../../lib/format';
import { useTasks, workflowsApi } from './api';
import type { Task } from './types';

const overdue = (task: Task) => task.status === 'open' && !!task.dueAt && Date.parse(task.dueAt) < Date.now();

const TaskCard = ({ task }: { task: Task }) => {
  const client = useQueryClient();
  const [note, setNote] = useState('');
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<ApiError | undefined>();
  const complete = async () => {
    setPending(true);
    setProblem(undefined);
    try {
      await workflowsApi.completeTask(task.id, note.trim() || undefined, crypto.randomUUID());
      notifications.show({ color: 'green', title: 'Done', message: task.title });
      await client.invalidateQueries({ queryKey: ['tasks'] });
    } catch (error) {
      setProblem(error instanceof ApiError ? error : undefined);
    } finally {
      setPending(false);
    }
  };
  return (
    <Card withBorder padding="md" component="li" data-testid="task" data-status={task.status}>
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Text fw={600}>{task.title}</Text>
          <Text size="xs" c={overdue(task) ? 'red.8' : 'dimmed'}>
            {task.status === 'done' ? (
              <>
                Done <Time iso={task.updatedAt} />
              </>
            ) : task.dueAt ? (
              <>
                {overdue(task) ? 'Overdue: was due ' : 'Due '}
                <Time iso={task.dueAt} />
              </>
            ) : (
              <>
                Created <Time iso={task.createdAt} />
              </>
            )}
          </Text>
        </Group>
        {task.details && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {task.details}
          </Text>
        )}
        <Group gap="md" wrap="wrap">
          {task.link?.startsWith('/') && (
            <Anchor component={Link} to={task.link} size="sm">
              Open what it is about
            </Anchor>
          )}
          <Anchor component={Link} to={`/workflow-runs/${task.runId}`} size="sm">
            The run that created it
          </Anchor>
          <Text size="xs" c="dimmed">
            For {roleLabel(task.role)}
          </Text>
        </Group>
        {offers(task, 'complete') && (
          <Can permission="tasks:complete">
            <Group gap="xs" align="flex-end" wrap="wrap">
              <TextInput
                size="xs"
                label="Note (optional)"
                value={note}
                maxLength={500}
                onChange={(e) => setNote(e.currentTarget.value)}
                w={260}
              />
              <Button
                size="xs"
                leftSection={<IconCheck size={14} aria-hidden />}
                loading={pending}
                onClick={() => void complete()}
              >
                Complete
              </Button>
            </Group>
          </Can>
        )}
        <FormProblem error={problem} fieldsShown={false} />
      </Stack>
    </Card>
  );
};

/** The tasks workflows created for my role: open ones to complete, and those done. */
export default function TasksPage() {
  useDocumentTitle('Tasks · Firefly');
  const { me } = useSession();
  const [status, setStatus] = useState<'open' | 'done'>('open');
  const tasks = useTasks(status);
  return (
    <>
      <PageHeader
        title="Tasks"
        description={`What workflows asked people with your role${me ? ` (${roleLabel(me.role)})` : ''} to do.`}
        actions={
          <SegmentedControl
            aria-label="Show"
            data={[
              { value: 'open', label: 'Open' },
              { value: 'done', label: 'Done' },
            ]}
            value={status}
            onChange={(v) => setStatus(v as 'open' | 'done')}
          />
        }
      />
      <PagedRows
        query={tasks}
        what="tasks"
        empty={status === 'open' ? 'Nothing to do: no open tasks for your role.' : 'No task done yet.'}
      >
        {(rows) => (
          <Stack
            gap="sm"
            component="ul"
            style={{ listStyle: 'none', padding: 0, margin: 0 }}
            aria-label="Tasks"
          >
            {rows.map((t) => (
              <TaskCard key={t.id} task={t} />
            ))}
          </Stack>
        )}
      </PagedRows>
    </>
  );
}
