import { Badge, Button, Group, Text } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconUserPlus, IconUsers } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useRecordList } from '../../api/queries';
import type { Customer } from '../../api/types';
import { Can } from '../../app/session';
import { AppModal } from '../../components/CommandForm';
import {
  type Column,
  ListView,
  SearchBox,
  SortSelect,
  useParam,
  useSortOrder,
} from '../../components/ListView';
import { PageHeader } from '../../components/PageHeader';
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
  useDocumentTitle('Customers · Firefly');
  const [search, setSearch] = useParam('search');
  const order = useSortOrder();
  const [registering, register] = useDisclosure();
  const navigate = useNavigate();
  const query = useRecordList('customers', { search, order });

  const registerButton = (
    <Can permission="customers:write">
      <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={register.open}>
        Register customer
      </Button>
    </Can>
  );

  return (
    <>
      <PageHeader
        title="Customers"
        description="Everyone who has bought or asked for a quote."
        actions={registerButton}
      />
      <Group mb="md" align="flex-end">
        <SearchBox label="Search customers" placeholder="Name or email" />
        <SortSelect />
      </Group>
      <ListView
        query={query}
        columns={columns}
        rowLink={(c) => `/customers/${c.id}`}
        noun="customers"
        caption="Customers"
        filtered={!!search}
        onClearFilters={() => setSearch('')}
        empty={{
          title: 'No customers yet',
          description: 'Register a customer to place an order for them.',
          icon: <IconUsers size={28} aria-hidden />,
          action: registerButton,
        }}
      />
      <AppModal opened={registering} onClose={register.close} title="Register a customer">
        <RegisterCustomerForm onCancel={register.close} onDone={(c) => navigate(`/customers/${c.id}`)} />
      </AppModal>
    </>
  );
}
