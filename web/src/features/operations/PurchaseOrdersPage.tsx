import { Button, Group, Text } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconPlus, IconShoppingCart } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useRecordList } from '../../api/queries';
import { Can } from '../../app/session';
import { AppModal } from '../../components/CommandForm';
import {
  type Column,
  FilterSelect,
  ListView,
  SearchBox,
  SortSelect,
  useEnumParam,
  useParam,
  useSortOrder,
} from '../../components/ListView';
import { PageHeader } from '../../components/PageHeader';
import { money, shortId } from '../../lib/format';
import { Day, StatusBadge, SupplierFilter, SupplierName } from './components';
import { options, PURCHASE_ORDER_STATUS } from './format';
import { PlacePurchaseOrderForm } from './PurchaseOrderForms';
import { PURCHASE_ORDER_STATUSES, type PurchaseOrder } from './types';

const columns: Column<PurchaseOrder>[] = [
  { header: 'Purchase order', cell: (po) => `PO ${shortId(po.id)}` },
  { header: 'Supplier', cell: (po) => <SupplierName id={po.supplierId} /> },
  { header: 'Status', cell: (po) => <StatusBadge look={PURCHASE_ORDER_STATUS[po.status]} /> },
  { header: 'Total', cell: (po) => money(po.totalCents), align: 'right' },
  { header: 'Lines', cell: (po) => po.lines.length, align: 'right', visibleFrom: 'md' },
  { header: 'Placed', cell: (po) => <Day day={po.placedOn} />, visibleFrom: 'lg' },
  {
    header: 'Expected',
    cell: (po) => (
      <Text size="sm" component="span">
        <Day day={po.expectedOn} />
      </Text>
    ),
    visibleFrom: 'sm',
  },
];

export default function PurchaseOrdersPage() {
  useDocumentTitle('Purchase orders · Firefly');
  const [search] = useParam('search');
  const status = useEnumParam('status', PURCHASE_ORDER_STATUSES);
  const [supplierId] = useParam('supplierId');
  const order = useSortOrder();
  const [placing, place] = useDisclosure();
  const navigate = useNavigate();
  const query = useRecordList('purchase-orders', { search, status, supplierId, order });

  const placeButton = (
    <Can permission="purchasing:write">
      <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={place.open}>
        Place purchase order
      </Button>
    </Can>
  );

  return (
    <>
      <PageHeader
        title="Purchase orders"
        description="Stock ordered from suppliers, and what has arrived."
        actions={placeButton}
      />
      <Group mb="md" align="flex-end" gap="md" wrap="wrap">
        <SearchBox label="Search purchase orders" placeholder="Order or supplier id" />
        <FilterSelect
          param="status"
          label="Status"
          placeholder="All statuses"
          options={options(PURCHASE_ORDER_STATUS)}
        />
        <SupplierFilter />
        <SortSelect />
      </Group>
      <ListView
        query={query}
        columns={columns}
        rowLink={(po) => `/purchase-orders/${po.id}`}
        noun="purchase orders"
        caption={status ? `Purchase orders, ${PURCHASE_ORDER_STATUS[status].label}` : 'Purchase orders'}
        filtered={!!(search || status || supplierId)}
        onClearFilters={() => navigate('/purchase-orders', { replace: true })}
        empty={{
          title: 'No purchase orders yet',
          description: 'Order stock from a supplier; receipts raise what is on hand.',
          icon: <IconShoppingCart size={28} aria-hidden />,
          action: placeButton,
        }}
      />
      <AppModal opened={placing} onClose={place.close} title="Place a purchase order" size="lg">
        <PlacePurchaseOrderForm
          supplierId={supplierId || undefined}
          onCancel={place.close}
          onDone={(po) => navigate(`/purchase-orders/${po.id}`)}
        />
      </AppModal>
    </>
  );
}
