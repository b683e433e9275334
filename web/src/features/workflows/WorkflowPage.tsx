import { Button, Group, Skeleton, Stack, Tabs } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/problem';
import { useSession } from '../../app/session';
import { PageHeader } from '../../components/PageHeader';
import { FormProblem, LoadError } from '../../components/ProblemAlert';
import { offers } from '../../lib/actions';
import { useWorkflow, workflowKeys, workflowsApi } from './api';
import { WorkflowStatusBadge } from './components';
import { RunsTab } from './RunsTab';
import { StatsTab } from './StatsTab';
import { VersionsTab } from './VersionsTab';

/** The builder and its canvas library load only when the builder tab opens. */
const BuilderTab = lazy(() => import('./builder/BuilderTab'));

const TABS = ['builder', 'runs', 'versions', 'stats'] as const;
type Tab = (typeof TABS)[number];

const SWITCHES = [
  { action: 'pause', label: 'Pause', icon: IconPlayerPause, done: 'Paused: it starts no new runs' },
  { action: 'resume', label: 'Resume', icon: IconPlayerPlay, done: 'Resumed: its trigger starts runs again' },
  { action: 'archive', label: 'Archive', icon: IconArchive, done: 'Archived' },
] as const;

export default function WorkflowPage() {
  const id = useParams().id ?? '';
  const workflow = useWorkflow(id);
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as Tab)
    : 'builder';
  const { can } = useSession();
  const client = useQueryClient();
  const [pending, setPending] = useState<string | undefined>();
  const [problem, setProblem] = useState<ApiError | undefined>();
  useDocumentTitle(`${workflow.data?.name ?? 'Workflow'} · Firefly`);

  if (workflow.isPending)
    return (
      <Stack aria-busy="true" aria-label="Loading workflow">
        <Skeleton height={32} width="40%" />
        <Skeleton height={400} />
      </Stack>
    );
  if (workflow.isError)
    return (
      <>
        <PageHeader title="Workflow" trail={[{ label: 'Workflows', to: '/workflows' }]} />
        <LoadError error={workflow.error} onRetry={() => void workflow.refetch()} what="the workflow" />
      </>
    );
  const w = workflow.data;
  const flip = async (action: (typeof SWITCHES)[number]['action'], done: string) => {
    setPending(action);
    setProblem(undefined);
    try {
      const next = await workflowsApi[action](w.id, w.version, crypto.randomUUID());
      client.setQueryData(workflowKeys.detail(w.id), next);
      await client.invalidateQueries({ queryKey: workflowKeys.all });
      notifications.show({ color: 'green', title: 'Saved', message: done });
    } catch (error) {
      setProblem(error instanceof ApiError ? error : undefined);
    } finally {
      setPending(undefined);
    }
  };

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            {w.name} <WorkflowStatusBadge status={w.status} />
          </Group>
        }
        description={`${w.description ? `${w.description} · ` : ''}${w.published ? `Version ${w.published.version} is what runs${w.draftChanged ? '; the draft has changes' : ''}` : 'Not published yet'}`}
        trail={[{ label: 'Workflows', to: '/workflows' }]}
        actions={
          can('workflows:edit') || can('workflows:publish') ? (
            <Group gap="xs">
              {SWITCHES.filter((s) => offers(w, s.action)).map((s) => (
                <Button
                  key={s.action}
                  variant="default"
                  color={s.action === 'archive' ? 'red' : undefined}
                  leftSection={<s.icon size={16} aria-hidden />}
                  loading={pending === s.action}
                  onClick={() => void flip(s.action, s.done)}
                >
                  {s.label}
                </Button>
              ))}
            </Group>
          ) : null
        }
      />
      <FormProblem error={problem} fieldsShown={false} />
      <Tabs
        value={tab}
        onChange={(t) => setParams(t && t !== 'builder' ? { tab: t } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="builder">Builder</Tabs.Tab>
          <Tabs.Tab value="runs">Runs</Tabs.Tab>
          <Tabs.Tab value="versions">Versions</Tabs.Tab>
          <Tabs.Tab value="stats">Figures</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="builder">
          <Suspense fallback={<Skeleton height={500} role="status" aria-label="Loading the builder" />}>
            <BuilderTab workflow={w} />
          </Suspense>
        </Tabs.Panel>
        <Tabs.Panel value="runs">
          <RunsTab workflowId={w.id} />
        </Tabs.Panel>
        <Tabs.Panel value="versions">
          <VersionsTab workflowId={w.id} draft={w.definition} />
        </Tabs.Panel>
        <Tabs.Panel value="stats">
          <StatsTab workflowId={w.id} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
