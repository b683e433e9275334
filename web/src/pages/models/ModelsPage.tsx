import { Badge, Button, Group } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconBuildingCottage, IconPlus } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useRecordList } from '../../api/queries';
import type { Model } from '../../api/types';
import { Can } from '../../app/session';
import { AppModal } from '../../components/CommandForm';
import {
  type Column,
  ListView,
  SearchBox,
  SortSelect,
  updatedColumn,
  useParam,
  useSortOrder,
} from '../../components/ListView';
import { PageHeader } from '../../components/PageHeader';
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
  useDocumentTitle('Models · Firefly');
  const [search, setSearch] = useParam('search');
  const order = useSortOrder();
  const [creating, create] = useDisclosure();
  const navigate = useNavigate();
  const query = useRecordList('models', { search, order });

  const addButton = (
    <Can permission="catalog:write">
      <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={create.open}>
        Add model
      </Button>
    </Can>
  );

  return (
    <>
      <PageHeader
        title="Models"
        description="The tiny-home models in the catalog and their options."
        actions={addButton}
      />
      <Group mb="md" align="flex-end">
        <SearchBox label="Search models" placeholder="Name" />
        <SortSelect />
      </Group>
      <ListView
        query={query}
        columns={columns}
        rowLink={(m) => `/models/${m.id}`}
        noun="models"
        caption="Models"
        filtered={!!search}
        onClearFilters={() => setSearch('')}
        empty={{
          title: 'No models yet',
          description: 'Add the first tiny-home model so orders can be placed for it.',
          icon: <IconBuildingCottage size={28} aria-hidden />,
          action: addButton,
        }}
      />
      <AppModal opened={creating} onClose={create.close} title="Add a model" size="lg">
        <CreateModelForm onCancel={create.close} onDone={(model) => navigate(`/models/${model.id}`)} />
      </AppModal>
    </>
  );
}
