import { Badge } from '@mantine/core';
import { IconWebhook } from '@tabler/icons-react';
import { type Column, FilterSelect, updatedColumn, useEnumParam } from '../../components/ListView';
import { RecordListPage } from '../../components/RecordListPage';
import { Time } from '../../components/Time';
import { StatusBadge } from './components';
import { EndpointForm } from './EndpointForm';
import { ENDPOINT_STATUSES, type WebhookEndpoint } from './types';

const columns: Column<WebhookEndpoint>[] = [
  { header: 'URL', cell: (e) => <span style={{ overflowWrap: 'anywhere' }}>{e.url}</span> },
  { header: 'Status', cell: (e) => <StatusBadge status={e.status} /> },
  {
    header: 'Health',
    cell: (e) =>
      e.failingSince ? (
        <Badge color="red" variant="light" radius="sm">
          Failing since <Time iso={e.failingSince} />
        </Badge>
      ) : (
        'Healthy'
      ),
    visibleFrom: 'sm',
  },
  { header: 'Events', cell: (e) => e.eventTypes.join(', '), visibleFrom: 'md' },
  updatedColumn(),
];

export default function EndpointsPage() {
  const status = useEnumParam('status', ENDPOINT_STATUSES);
  return (
    <RecordListPage
      resource="webhook-endpoints"
      path="/webhook-endpoints"
      title="Webhook endpoints"
      description="Third parties the platform sends its events to, signed (Standard Webhooks) or as Slack messages."
      noun="endpoints"
      search={{ label: 'Search endpoints', placeholder: 'URL or description' }}
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
      caption="Webhook endpoints"
      empty={{
        title: 'No endpoints yet',
        description:
          'Add an endpoint to send events such as CustomerRegistered or OrderPlaced to another system.',
        icon: <IconWebhook size={28} aria-hidden />,
      }}
      create={{
        label: 'Add endpoint',
        permission: 'integrations:manage',
        title: 'Add a webhook endpoint',
        size: 'lg',
        form: (props) => <EndpointForm {...props} />,
      }}
    />
  );
}
