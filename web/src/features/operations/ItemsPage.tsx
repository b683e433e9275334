import { Anchor, Badge, Button, Card, EmptyState, Group, Skeleton, Table, Tabs, Text } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconCircleCheck, IconPackage, IconPlus } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { useRecordList } from '../../api/queries';
import { Can, useSession } from '../../app/session';
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
import { LoadError } from '../../components/ProblemAlert';
import { StockBadge, SupplierFilter, SupplierName } from './components';
import { available, count, stockLevel } from './format';
import { useLowStock } from './hooks';
import { ItemForm } from './ItemForms';
import type { Item, LowStockItem } from './types';

const columns: Column<Item>[] = [
  { header: 'Item', cell: (i) => `${i.name} (${i.sku})` },
  { header: 'On hand', cell: (i) => count(i.onHand, i.unit), align: 'right' },
  { header: 'Reserved', cell: (i) => count(i.reserved, i.unit), align: 'right', visibleFrom: 'md' },
  { header: 'Available', cell: (i) => count(available(i), i.unit), align: 'right' },
  { header: 'Reorder point', cell: (i) => count(i.reorderPoint, i.unit), align: 'right', visibleFrom: 'sm' },
  { header: 'Stock', cell: (i) => (stockLevel(i) === 'ok' ? 'OK' : <StockBadge item={i} />) },
  {
    header: 'Supplier',
    cell: (i) => (i.supplierId ? <SupplierName id={i.supplierId} /> : '—'),
    visibleFrom: 'lg',
  },
];

const LowStock = ({ search, supplierId }: { search: string; supplierId: string }) => {
  const report = useLowStock();
  if (report.isPending) return <Skeleton height={160} aria-busy="true" aria-label="Loading low stock" />;
  if (report.isError)
    return <LoadError error={report.error} onRetry={() => void report.refetch()} what="low stock" />;
  const term = search.toLowerCase();
  const rows = report.data.items.filter(
    (i: LowStockItem) =>
      (!supplierId || i.supplierId === supplierId) &&
      (!term || `${i.sku} ${i.name}`.toLowerCase().includes(term)),
  );
  if (rows.length === 0)
    return (
      <Card withBorder padding="xl">
        <EmptyState icon={<IconCircleCheck size={28} aria-hidden />} variant="light">
          <EmptyState.Title order={2}>Nothing is low</EmptyState.Title>
          <EmptyState.Description>
            Every item{search || supplierId ? ' that matches' : ''} has more available than its reorder point.
          </EmptyState.Description>
        </EmptyState>
      </Card>
    );
  return (
    <Card withBorder padding={0}>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Items at or below their reorder point">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Item</Table.Th>
              <Table.Th ta="right">Available</Table.Th>
              <Table.Th ta="right">Reorder point</Table.Th>
              <Table.Th ta="right">On order</Table.Th>
              <Table.Th>Cover</Table.Th>
              <Table.Th visibleFrom="md">Supplier</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((i) => (
              <Table.Tr key={i.itemId}>
                <Table.Td>
                  <Anchor component={Link} to={`/inventory/${i.itemId}`} fw={500} size="sm">
                    {i.name} ({i.sku})
                  </Anchor>
                </Table.Td>
                <Table.Td ta="right">{count(i.available, i.unit)}</Table.Td>
                <Table.Td ta="right">{count(i.reorderPoint, i.unit)}</Table.Td>
                <Table.Td ta="right">{count(i.onOrder, i.unit)}</Table.Td>
                <Table.Td>
                  {i.covered ? (
                    <Badge color="teal" variant="light" radius="sm">
                      Covered by orders
                    </Badge>
                  ) : (
                    <Badge color="red" variant="light" radius="sm">
                      Needs ordering
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td visibleFrom="md">
                  {i.supplierId ? <SupplierName id={i.supplierId} /> : '—'}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
};

export default function ItemsPage() {
  useDocumentTitle('Inventory · Firefly');
  const { can } = useSession();
  const [search] = useParam('search');
  const [supplierId] = useParam('supplierId');
  const [view, setView] = useParam('view');
  const low = view === 'low' && can('reports:read');
  const order = useSortOrder();
  const [adding, add] = useDisclosure();
  const navigate = useNavigate();
  const query = useRecordList('items', { search, supplierId, order }, !low);

  const addButton = (
    <Can permission="inventory:write">
      <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={add.open}>
        Add item
      </Button>
    </Can>
  );

  const list = (
    <ListView
      query={query}
      columns={columns}
      rowLink={(i) => `/inventory/${i.id}`}
      noun="items"
      caption="Stock items"
      filtered={!!(search || supplierId)}
      onClearFilters={() => navigate('/inventory', { replace: true })}
      empty={{
        title: 'No items yet',
        description: 'Add the materials builds use, with their cost and reorder point.',
        icon: <IconPackage size={28} aria-hidden />,
        action: addButton,
      }}
    />
  );

  return (
    <>
      <PageHeader
        title="Inventory"
        description="Stock on hand, what builds have reserved and what is free to promise."
        actions={addButton}
      />
      <Group mb="md" align="flex-end" gap="md" wrap="wrap">
        <SearchBox label="Search items" placeholder="Name or SKU" />
        <SupplierFilter />
        {!low && <SortSelect />}
      </Group>
      {can('reports:read') ? (
        <Tabs
          value={low ? 'low' : 'all'}
          onChange={(next) => setView(next === 'low' ? 'low' : '')}
          keepMounted={false}
        >
          <Tabs.List mb="md">
            <Tabs.Tab value="all">All items</Tabs.Tab>
            <Tabs.Tab value="low">Low stock</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="all">{list}</Tabs.Panel>
          <Tabs.Panel value="low">
            <Text size="sm" c="dimmed" mb="sm">
              Items whose available stock (on hand less reserved) is at or below their reorder point, most
              urgent first.
            </Text>
            <LowStock search={search} supplierId={supplierId} />
          </Tabs.Panel>
        </Tabs>
      ) : (
        list
      )}
      <AppModal opened={adding} onClose={add.close} title="Add an item" size="lg">
        <ItemForm
          supplierId={supplierId || undefined}
          onCancel={add.close}
          onDone={(i) => navigate(`/inventory/${i.id}`)}
        />
      </AppModal>
    </>
  );
}
