import { Badge } from '@mantine/core';
import { IconBuildingCottage } from '@tabler/icons-react';
import type { Model } from '../../api/types';
import { type Column, updatedColumn } from '../../components/ListView';
import { RecordListPage } from '../../components/RecordListPage';
import { money } from '../../lib/format';
import { CreateModelForm } from './ModelForms';

const columns: Column<Model>[] = [
  { header: 'Name', cell: (m) => m.name },
  { header: 'Base price', cell: (m) => money(m.basePriceCents), align: 'right' },
  { header: 'Options', cell: (m) => m.options.length, align: 'right', visibleFrom: 'sm' },
  {
    header: 'Status',
    cell: (m) =>
      m.retired ? (
        <Badge color="gray" variant="light">
          Retired
        </Badge>
      ) : (
        <Badge color="green" variant="light">
          Available
        </Badge>
      ),
  },
  updatedColumn('md'),
];

export default function ModelsPage() {
  return (
    <RecordListPage
      resource="models"
      path="/models"
      title="Models"
      description="The tiny-home models in the catalog and their options."
      noun="models"
      search={{ label: 'Search models', placeholder: 'Name' }}
      columns={columns}
      empty={{
        title: 'No models yet',
        description: 'Add the first tiny-home model so orders can be placed for it.',
        icon: <IconBuildingCottage size={28} aria-hidden />,
      }}
      create={{
        label: 'Add model',
        permission: 'catalog:write',
        title: 'Add a model',
        size: 'lg',
        form: (props) => <CreateModelForm {...props} />,
      }}
    />
  );
}
