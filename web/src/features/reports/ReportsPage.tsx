import { Badge, Button, Group, SegmentedControl, Tabs } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconPlus, IconReportAnalytics } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { useRecordList } from '../../api/queries';
import { Can, useSession } from '../../app/session';
import { type Column, ListView, SearchBox, updatedColumn, useParam } from '../../components/ListView';
import { PageHeader } from '../../components/PageHeader';
import type { SavedReport } from './api';
import { TemplateGallery } from './TemplateGallery';
import { VISUAL_LABELS } from './visual/model';

const columnsFor = (me: string | undefined): Column<SavedReport>[] => [
  {
    header: 'Report',
    // The list links the first column to the report's page itself.
    cell: (r) => r.name,
  },
  { header: 'Dataset', cell: (r) => r.definition.dataset.replaceAll('_', ' '), visibleFrom: 'sm' },
  {
    header: 'Shown as',
    cell: (r) => <Badge variant="light">{VISUAL_LABELS[r.definition.visual?.type ?? 'table']}</Badge>,
    visibleFrom: 'md',
  },
  {
    header: 'Owner',
    cell: (r) => (r.owner.id === me ? 'You' : (r.owner.email ?? r.owner.id)),
    visibleFrom: 'md',
  },
  { header: 'Version', cell: (r) => r.version, visibleFrom: 'lg', align: 'right' },
  updatedColumn('sm'),
];

const TABS = ['saved', 'templates'] as const;
const ACCESS = [
  { value: 'all', label: 'All' },
  { value: 'mine', label: 'Mine' },
  { value: 'shared', label: 'Shared with me' },
];

/** Saved reports (search, archived ones on request) and the templates gallery. */
export default function ReportsPage() {
  useDocumentTitle('Reports · Firefly');
  const [search] = useParam('search');
  const [tab, setTab] = useParam('tab');
  const [status, setStatus] = useParam('status');
  const [accessParam, setAccess] = useParam('access');
  const access = accessParam === 'mine' || accessParam === 'shared' ? accessParam : 'all';
  const { me } = useSession();
  const navigate = useNavigate();
  const query = useRecordList('reports/saved', {
    search,
    status: status === 'archived' ? 'archived' : 'active',
    ...(access === 'all' ? {} : { access }),
  });
  const newReport = (
    <Can permission="reports:edit">
      <Button component={Link} to="/reports/new" leftSection={<IconPlus size={16} aria-hidden />}>
        New report
      </Button>
    </Can>
  );
  const current = (TABS as readonly string[]).includes(tab) ? tab : 'saved';
  return (
    <>
      <PageHeader
        title="Reports"
        description="Reports built on the analytics dataset: drag fields into a report, chart it, drill into any mark, save it for the team."
        actions={newReport}
      />
      <Tabs
        value={current}
        onChange={(t) => setTab(t === 'templates' ? 'templates' : '')}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="saved">Saved reports</Tabs.Tab>
          <Tabs.Tab value="templates">Templates</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="saved">
          <Group mb="md" align="flex-end" gap="md" wrap="wrap">
            <SearchBox label="Search reports" placeholder="Name or description" />
            <SegmentedControl
              aria-label="Whose reports"
              data={ACCESS}
              value={access}
              onChange={(v) => setAccess(v === 'all' ? '' : v)}
            />
            <Button variant="subtle" onClick={() => setStatus(status === 'archived' ? '' : 'archived')}>
              {status === 'archived' ? 'Show active reports' : 'Show archived reports'}
            </Button>
          </Group>
          <ListView
            query={query}
            columns={columnsFor(me?.id)}
            rowLink={(r) => `/reports/${r.id}`}
            noun="reports"
            caption={status === 'archived' ? 'Archived reports' : 'Saved reports'}
            filtered={!!search || access !== 'all'}
            onClearFilters={() => navigate('/reports', { replace: true })}
            empty={{
              title: status === 'archived' ? 'No archived reports' : 'No saved reports yet',
              description: 'Build one from scratch, or start from a template.',
              icon: <IconReportAnalytics size={28} aria-hidden />,
              action: newReport,
            }}
          />
        </Tabs.Panel>
        <Tabs.Panel value="templates">
          <TemplateGallery />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
