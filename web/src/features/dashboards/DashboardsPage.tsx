import { Badge, Button, Group } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconLayoutDashboard, IconPlus } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { useRecordList } from '../../api/queries';
import { Can } from '../../app/session';
import { type Column, ListView, SearchBox, updatedColumn, useParam } from '../../components/ListView';
import { PageHeader } from '../../components/PageHeader';
import type { Dashboard } from './api';

const columns: Column<Dashboard>[] = [
  { header: 'Dashboard', cell: (d) => d.name },
  { header: 'Tiles', cell: (d) => <Badge variant="light">{d.tiles.length}</Badge>, visibleFrom: 'sm' },
  { header: 'Owner', cell: (d) => d.owner.email ?? d.owner.id, visibleFrom: 'md' },
  { header: 'Version', cell: (d) => d.version, visibleFrom: 'lg', align: 'right' },
  updatedColumn('sm'),
];

/** Dashboards: saved reports and templates arranged as tiles with shared filters. */
export default function DashboardsPage() {
  useDocumentTitle('Dashboards · Reports · Firefly');
  const [search] = useParam('search');
  const [status, setStatus] = useParam('status');
  const navigate = useNavigate();
  const query = useRecordList('dashboards', {
    search,
    status: status === 'archived' ? 'archived' : 'active',
  });
  const newDashboard = (
    <Can permission="reports:edit">
      <Button component={Link} to="/reports/dashboards/new" leftSection={<IconPlus size={16} aria-hidden />}>
        New dashboard
      </Button>
    </Can>
  );
  return (
    <>
      <PageHeader
        title="Dashboards"
        description="Reports arranged as tiles, with filters every tile shares. The Overview is one too."
        trail={[{ label: 'Reports', to: '/reports' }]}
        actions={
          <Group gap="xs">
            <Button component={Link} to="/reports/dashboards/overview" variant="default">
              The Overview
            </Button>
            {newDashboard}
          </Group>
        }
      />
      <Group mb="md" align="flex-end" gap="md" wrap="wrap">
        <SearchBox label="Search dashboards" placeholder="Name or description" />
        <Button variant="subtle" onClick={() => setStatus(status === 'archived' ? '' : 'archived')}>
          {status === 'archived' ? 'Show active dashboards' : 'Show archived dashboards'}
        </Button>
      </Group>
      <ListView
        query={query}
        columns={columns}
        rowLink={(d) => `/reports/dashboards/${d.id}`}
        noun="dashboards"
        caption={status === 'archived' ? 'Archived dashboards' : 'Dashboards'}
        filtered={!!search}
        onClearFilters={() => navigate('/reports/dashboards', { replace: true })}
        empty={{
          title: status === 'archived' ? 'No archived dashboards' : 'No dashboards yet',
          description: 'Make one from your saved reports and the templates.',
          icon: <IconLayoutDashboard size={28} aria-hidden />,
          action: newDashboard,
        }}
      />
    </>
  );
}
