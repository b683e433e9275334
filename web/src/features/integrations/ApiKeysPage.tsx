import { Badge, Code, Text } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { type Column, FilterSelect, useEnumParam } from '../../components/ListView';
import { RecordListPage } from '../../components/RecordListPage';
import { Time } from '../../components/Time';
import { ApiKeyForm } from './ApiKeyForm';
import { API_KEY_STATUSES, type ApiKey } from './types';

/** Revoked, expired or active, in words and colour. */
export const ApiKeyStatusBadge = ({ apiKey }: { apiKey: ApiKey }) => {
  const [label, color] =
    apiKey.status === 'revoked'
      ? ['Revoked', 'red']
      : apiKey.expired
        ? ['Expired', 'gray']
        : ['Active', 'green'];
  return (
    <Badge color={color} variant="light" radius="sm">
      {label}
    </Badge>
  );
};

export const keyHint = (apiKey: ApiKey) => `${apiKey.prefix}_••••${apiKey.last4}`;

const columns: Column<ApiKey>[] = [
  { header: 'Name', cell: (k) => k.name },
  { header: 'Status', cell: (k) => <ApiKeyStatusBadge apiKey={k} /> },
  { header: 'Permissions', cell: (k) => k.permissions.join(', '), visibleFrom: 'sm' },
  {
    header: 'Key',
    cell: (k) => <Code style={{ overflowWrap: 'anywhere' }}>{keyHint(k)}</Code>,
    visibleFrom: 'md',
  },
  { header: 'Created', cell: (k) => <Time iso={k.createdAt} />, visibleFrom: 'lg' },
  { header: 'Expires', cell: (k) => <Time iso={k.expiresAt} />, visibleFrom: 'md' },
  {
    header: 'Last used',
    cell: (k) =>
      k.lastUsedAt ? (
        <Time iso={k.lastUsedAt} />
      ) : (
        <Text size="sm" c="dimmed" component="span">
          Never
        </Text>
      ),
    visibleFrom: 'sm',
  },
];

export default function ApiKeysPage() {
  const status = useEnumParam('status', API_KEY_STATUSES);
  return (
    <RecordListPage
      resource="api-keys"
      path="/api-keys"
      title="API keys"
      description="Keys other systems call the API with: each carries chosen permissions until it expires or is revoked."
      noun="API keys"
      search={{ label: 'Search API keys', placeholder: 'Name or prefix' }}
      filters={{ status }}
      controls={
        <FilterSelect
          param="status"
          label="Status"
          placeholder="All statuses"
          options={[
            { value: 'active', label: 'Active (or expired)' },
            { value: 'revoked', label: 'Revoked' },
          ]}
        />
      }
      columns={columns}
      caption="API keys"
      empty={{
        title: 'No API keys yet',
        description: 'Issue a key for a system that reads or writes records through the API.',
        icon: <IconKey size={28} aria-hidden />,
      }}
      create={{
        label: 'Issue API key',
        permission: 'integrations:manage',
        title: 'Issue an API key',
        size: 'lg',
        form: (props) => <ApiKeyForm {...props} />,
      }}
    />
  );
}
