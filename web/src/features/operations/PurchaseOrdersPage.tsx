import { Text } from '@mantine/core';
import { IconShoppingCart } from '@tabler/icons-react';
import { type Column, FilterSelect, useEnumParam, useParam } from '../../components/ListView';
import { RecordListPage } from '../../components/RecordListPage';
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
  const status = useEnumParam('status', PURCHASE_ORDER_STATUSES);
  const [supplierId] = useParam('supplierId');
  return (
    <RecordListPage
      resource="purchase-orders"
      path="/purchase-orders"
      title="Purchase orders"
      description="Stock ordered from suppliers, and what has arrived."
      noun="purchase orders"
      search={{ label: 'Search purchase orders', placeholder: 'Order or supplier id' }}
      filters={{ status, supplierId }}
      controls={
        <>
          <FilterSelect
            param="status"
            label="Status"
            placeholder="All statuses"
            options={options(PURCHASE_ORDER_STATUS)}
          />
          <SupplierFilter />
        </>
      }
      columns={columns}
      caption={status ? `Purchase orders, ${PURCHASE_ORDER_STATUS[status].label}` : 'Purchase orders'}
      empty={{
        title: 'No purchase orders yet',
        description: 'Order stock from a supplier; receipts raise what is on hand.',
        icon: <IconShoppingCart size={28} aria-hidden />,
      }}
      create={{
        label: 'Place purchase order',
        permission: 'purchasing:write',
        title: 'Place a purchase order',
        size: 'lg',
        form: (props) => <PlacePurchaseOrderForm supplierId={supplierId || undefined} {...props} />,
      }}
    />
  );
}
