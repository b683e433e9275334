import { Button, Group } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconPlus, IconRoute, IconTemplate } from '@tabler/icons-react';
import { useState } from 'react';
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
import { Time } from '../../components/Time';
import { useWorkflows } from './api';
import { triggerSummary, WorkflowStatusBadge } from './components';
import { NewWorkflowForm } from './NewWorkflowForm';
import { WORKFLOW_STATUSES, type Workflow } from './types';

const columns: Column<Workflow>[] = [
  { header: 'Workflow', cell: (w) => w.name },
  { header: 'Status', cell: (w) => <WorkflowStatusBadge status={w.status} /> },
  { header: 'Trigger', cell: (w) => triggerSummary(w.definition?.trigger), visibleFrom: 'sm' },
  {
    header: 'Version',
    cell: (w) => (w.publishedVersion ? `v${w.publishedVersion}` : 'Not published'),
    visibleFrom: 'md',
  },
  {
    header: 'Last run',
    cell: (w) => (w.lastRunAt ? <Time iso={w.lastRunAt} /> : 'Never'),
    visibleFrom: 'md',
  },
  { header: 'Runs today', cell: (w) => w.runsToday ?? 0, align: 'right', visibleFrom: 'lg' },
];

export default function WorkflowsPage() {
  useDocumentTitle('Workflows · Firefly');
  const [search] = useParam('search');
  const status = useEnumParam('status', WORKFLOW_STATUSES);
  const query = useWorkflows(Object.fromEntries(Object.entries({ search, status }).filter(([, v]) => v)));
  const [creating, creation] = useDisclosure();
  const [fromTemplate, setFromTemplate] = useState(false);
  const navigate = useNavigate();
  const open = (template: boolean) => {
    setFromTemplate(template);
    creation.open();
  };
  const actions = (
    <Can permission="workflows:edit">
      <Group gap="xs">
        <Button
          variant="default"
          leftSection={<IconTemplate size={16} aria-hidden />}
          onClick={() => open(true)}
        >
          Start from a template
        </Button>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => open(false)}>
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
            'Say "when X happens, if Y, do Z" without a developer: start from a template such as a deposit reminder, or from a blank canvas.',
          icon: <IconRoute size={28} aria-hidden />,
          action: (
            <Can permission="workflows:edit">
              <Button leftSection={<IconTemplate size={16} aria-hidden />} onClick={() => open(true)}>
                Start from a template
              </Button>
            </Can>
          ),
        }}
      />
      <AppModal
        opened={creating}
        onClose={creation.close}
        title={fromTemplate ? 'Start from a template' : 'New workflow'}
      >
        <NewWorkflowForm onCancel={creation.close} templateId={fromTemplate ? undefined : ''} />
      </AppModal>
    </>
  );
}
