import { Button, Group } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconPlus, IconRoute, IconTemplate } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { Can } from '../../app/session';
import { AppModal } from '../../components/CommandForm';
import {
  type Column,
  FilterSelect,
  ListView,
  SearchBox,
  useEnumParam,
  useParam,
} from '../../components/ListView';
import { PageHeader } from '../../components/PageHeader';
import { LastRun, RunsToday } from './activity';
import { useWorkflows } from './api';
import { triggerSummary, WorkflowStatusBadge } from './components';
import { NewWorkflowForm } from './NewWorkflowForm';
import { TemplateGallery } from './TemplateGallery';
import { WORKFLOW_STATUSES, type Workflow } from './types';

const columns: Column<Workflow>[] = [
  { header: 'Workflow', cell: (w) => w.name },
  { header: 'Status', cell: (w) => <WorkflowStatusBadge status={w.status} /> },
  { header: 'Trigger', cell: (w) => triggerSummary(w.definition?.trigger), visibleFrom: 'sm' },
  {
    header: 'Version',
    cell: (w) =>
      w.published ? `v${w.published.version}${w.draftChanged ? ' (draft changed)' : ''}` : 'Not published',
    visibleFrom: 'md',
  },
  { header: 'Last run', cell: (w) => <LastRun workflowId={w.id} />, visibleFrom: 'md' },
  { header: 'Runs today', cell: (w) => <RunsToday workflowId={w.id} />, align: 'right', visibleFrom: 'lg' },
];

export default function WorkflowsPage() {
  useDocumentTitle('Workflows · Firefly');
  const [search] = useParam('search');
  const status = useEnumParam('status', WORKFLOW_STATUSES);
  const query = useWorkflows(Object.fromEntries(Object.entries({ search, status }).filter(([, v]) => v)));
  const [creating, creation] = useDisclosure();
  const [choosing, gallery] = useDisclosure();
  const navigate = useNavigate();
  const actions = (
    <Can permission="workflows:edit">
      <Group gap="sm">
        <Button variant="default" leftSection={<IconTemplate size={16} aria-hidden />} onClick={gallery.open}>
          New from template
        </Button>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={creation.open}>
          New workflow
        </Button>
      </Group>
    </Can>
  );
  return (
    <>
      <PageHeader
        title="Workflows"
        description="When something happens, check, wait and act: built on a canvas, run on Step Functions, watched here."
        actions={actions}
      />
      <Group mb="md" align="flex-end" gap="md" wrap="wrap">
        <SearchBox label="Search workflows" placeholder="Name or description" />
        <FilterSelect
          param="status"
          label="Status"
          placeholder="All statuses"
          options={WORKFLOW_STATUSES.map((s) => ({ value: s, label: s[0]?.toUpperCase() + s.slice(1) }))}
        />
      </Group>
      <ListView
        query={query}
        columns={columns}
        rowLink={(w) => `/workflows/${w.id}`}
        noun="workflows"
        caption="Workflows"
        filtered={!!search || !!status}
        onClearFilters={() => navigate('/workflows', { replace: true })}
        empty={{
          title: 'No workflows yet',
          description:
            'Say "when X happens, if Y, do Z" without a developer: drag steps onto a canvas, test, publish, and watch it run.',
          icon: <IconRoute size={28} aria-hidden />,
          action: actions,
        }}
      />
      <AppModal opened={creating} onClose={creation.close} title="New workflow">
        <NewWorkflowForm onCancel={creation.close} />
      </AppModal>
      <AppModal opened={choosing} onClose={gallery.close} title="New from template" size="lg">
        <TemplateGallery />
      </AppModal>
    </>
  );
}
