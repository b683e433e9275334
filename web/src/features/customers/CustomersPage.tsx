import { Badge, Text } from '@mantine/core';
import { IconUserPlus, IconUsers } from '@tabler/icons-react';
import type { Customer } from '../../api/types';
import type { Column } from '../../components/ListView';
import { RecordListPage } from '../../components/RecordListPage';
import { Time } from '../../components/Time';
import { RegisterCustomerForm } from './CustomerForms';

const columns: Column<Customer>[] = [
  { header: 'Name', cell: (c) => c.name },
  { header: 'Email', cell: (c) => c.email },
  { header: 'Phone', cell: (c) => c.phone ?? '—', visibleFrom: 'md' },
  {
    header: 'Marketing',
    cell: (c) =>
      c.marketingConsent ? (
        <Badge color="green" variant="light">
          Opted in
        </Badge>
      ) : (
        <Badge color="gray" variant="light">
          No
        </Badge>
      ),
    visibleFrom: 'sm',
  },
  {
    header: 'Registered',
    cell: (c) => (
      <Text size="sm" c="dimmed" component="span">
        <Time iso={c.createdAt} />
      </Text>
    ),
    visibleFrom: 'lg',
  },
];

export default function CustomersPage() {
  return (
    <RecordListPage
      resource="customers"
      path="/customers"
      title="Customers"
      description="Everyone who has bought or asked for a quote."
      noun="customers"
      search={{ label: 'Search customers', placeholder: 'Name or email' }}
      columns={columns}
      empty={{
        title: 'No customers yet',
        description: 'Register a customer to place an order for them.',
        icon: <IconUsers size={28} aria-hidden />,
      }}
      create={{
        label: 'Register customer',
        icon: <IconUserPlus size={16} aria-hidden />,
        permission: 'customers:write',
        title: 'Register a customer',
        form: (props) => <RegisterCustomerForm {...props} />,
      }}
    />
  );
}
