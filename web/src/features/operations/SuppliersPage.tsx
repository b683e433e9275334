import { Text } from '@mantine/core';
import { IconBuildingWarehouse } from '@tabler/icons-react';
import type { Column } from '../../components/ListView';
import { RecordListPage } from '../../components/RecordListPage';
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
  return (
    <RecordListPage
      resource="suppliers"
      path="/suppliers"
      title="Suppliers"
      description="Who we buy materials from, their lead times and payment terms."
      noun="suppliers"
      search={{ label: 'Search suppliers', placeholder: 'Name or email' }}
      columns={columns}
      empty={{
        title: 'No suppliers yet',
        description: 'Add a supplier to order stock from them.',
        icon: <IconBuildingWarehouse size={28} aria-hidden />,
      }}
      create={{
        label: 'Add supplier',
        permission: 'purchasing:write',
        title: 'Add a supplier',
        form: (props) => <RegisterSupplierForm {...props} />,
      }}
    />
  );
}
