import { Button, Group, Text } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconBuildingWarehouse, IconPlus } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useRecordList } from '../../api/queries';
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
import { RegisterSupplierForm } from './SupplierForms';
import type { Supplier } from './types';

const columns: Column<Supplier>[] = [
  { header: 'Supplier', cell: (s) => s.name },
  { header: 'Email', cell: (s) => s.email, visibleFrom: 'sm' },
  { header: 'Lead time', cell: (s) => `${s.leadTimeDays} days`, align: 'right' },
  { header: 'Payment terms', cell: (s) => `${s.paymentTermsDays} days`, align: 'right', visibleFrom: 'md' },
  {
    header: 'Added',
    cell: (s) => (
      <Text size="sm" c="dimmed" component="span">
        <Time iso={s.createdAt} />
      </Text>
    ),
    visibleFrom: 'lg',
  },
];

export default function SuppliersPage() {
  useDocumentTitle('Suppliers · Firefly');
  const [search, setSearch] = useParam('search');
  const order = useSortOrder();
  const [adding, add] = useDisclosure();
  const navigate = useNavigate();
  const query = useRecordList('suppliers', { search, order });

  const addButton = (
    <Can permission="purchasing:write">
      <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={add.open}>
        Add supplier
      </Button>
    </Can>
  );

  return (
    <>
      <PageHeader
        title="Suppliers"
        description="Who we buy materials from, their lead times and payment terms."
        actions={addButton}
      />
      <Group mb="md" align="flex-end" gap="md" wrap="wrap">
        <SearchBox label="Search suppliers" placeholder="Name or email" />
        <SortSelect />
      </Group>
      <ListView
        query={query}
        columns={columns}
        rowLink={(s) => `/suppliers/${s.id}`}
        noun="suppliers"
        caption="Suppliers"
        filtered={!!search}
        onClearFilters={() => setSearch('')}
        empty={{
          title: 'No suppliers yet',
          description: 'Add a supplier to order stock from them.',
          icon: <IconBuildingWarehouse size={28} aria-hidden />,
          action: addButton,
        }}
      />
      <AppModal opened={adding} onClose={add.close} title="Add a supplier">
        <RegisterSupplierForm onCancel={add.close} onDone={(s) => navigate(`/suppliers/${s.id}`)} />
      </AppModal>
    </>
  );
}
