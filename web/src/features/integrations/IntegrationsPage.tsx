import { Badge } from '@mantine/core';
import { IconPlugConnected } from '@tabler/icons-react';
import { type Column, FilterSelect, updatedColumn, useEnumParam } from '../../components/ListView';
import { RecordListPage } from '../../components/RecordListPage';
import { Time } from '../../components/Time';
import { useTemplates } from './api';
import { ConnectForm } from './ConnectForm';
import { StatusBadge } from './components';
import { INTEGRATION_STATUSES, type Integration } from './types';

const TemplateName = ({ id }: { id: Integration['template'] }) => {
  const templates = useTemplates();
  return <>{templates.data?.items.find((t) => t.id === id)?.name ?? id}</>;
};

const columns: Column<Integration>[] = [
  { header: 'Connection', cell: (i) => i.name },
  {
    header: 'Status',
    cell: (i) => (
      <>
        <StatusBadge status={i.status} />{' '}
        {i.alert && (
          <Badge color="red" variant="filled" radius="sm" title={i.alert.reason}>
            Alert
          </Badge>
        )}
      </>
    ),
  },
  { header: 'Template', cell: (i) => <TemplateName id={i.template} />, visibleFrom: 'sm' },
  {
    header: 'Last test',
    cell: (i) =>
      i.lastTest ? (
        <Badge variant="light" radius="sm" color={i.lastTest.failed ? 'red' : 'green'}>
          {i.lastTest.failed ? `${i.lastTest.failed} failed` : 'Passed'} · <Time iso={i.lastTest.at} />
        </Badge>
      ) : (
        'Never'
      ),
    visibleFrom: 'md',
  },
  updatedColumn(),
];

export default function IntegrationsPage() {
  const status = useEnumParam('status', INTEGRATION_STATUSES);
  return (
    <RecordListPage
      resource="integrations"
      path="/integrations"
      title="Integrations"
      description="Payments, carriers and forms that send the platform signed webhooks."
      noun="integrations"
      search={{ label: 'Search integrations', placeholder: 'Name or template' }}
      filters={{ status }}
      controls={
        <FilterSelect
          param="status"
          label="Status"
          placeholder="All statuses"
          options={[
            { value: 'active', label: 'Active' },
            { value: 'disabled', label: 'Disabled' },
          ]}
        />
      }
      columns={columns}
      caption="Integrations"
      empty={{
        title: 'Nothing connected yet',
        description: 'Connect a payments provider, a carrier or a forms service from the catalogue.',
        icon: <IconPlugConnected size={28} aria-hidden />,
      }}
      create={{
        label: 'Connect',
        permission: 'integrations:manage',
        title: 'Connect an integration',
        size: 'lg',
        form: (props) => <ConnectForm {...props} />,
      }}
    />
  );
}
