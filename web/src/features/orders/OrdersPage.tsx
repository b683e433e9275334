import { IconClipboardList } from '@tabler/icons-react';
import { ORDER_STAGES, type Order } from '../../api/types';
import { CustomerName } from '../../components/CustomerName';
import {
  type Column,
  FilterSelect,
  RecordFilterPill,
  updatedColumn,
  useEnumParam,
  useParam,
} from '../../components/ListView';
import { RecordListPage } from '../../components/RecordListPage';
import { StageBadge } from '../../components/StageBadge';
import { money, STAGE_LABELS, shortId } from '../../lib/format';
import { PlaceOrderForm } from './OrderForms';

const columns: Column<Order>[] = [
  { header: 'Order', cell: (o) => `${o.modelName} ${shortId(o.id)}` },
  { header: 'Customer', cell: (o) => <CustomerName id={o.customerId} /> },
  { header: 'Stage', cell: (o) => <StageBadge stage={o.stage} /> },
  { header: 'Total', cell: (o) => money(o.totalCents), align: 'right' },
  { header: 'Paid', cell: (o) => money(o.paidCents), align: 'right', visibleFrom: 'md' },
  updatedColumn(),
];

export default function OrdersPage() {
  const stage = useEnumParam('stage', ORDER_STAGES);
  const [customerId] = useParam('customerId');
  return (
    <RecordListPage
      resource="orders"
      path="/orders"
      title="Orders"
      description="Every order from quote to delivery."
      noun="orders"
      search={{ label: 'Search orders', placeholder: 'Model or customer' }}
      filters={{ stage, customerId }}
      controls={
        <>
          <FilterSelect
            param="stage"
            label="Stage"
            placeholder="All stages"
            options={ORDER_STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s] }))}
          />
          <RecordFilterPill param="customerId" label="Customer">
            {(id) => <CustomerName id={id} link={false} />}
          </RecordFilterPill>
        </>
      }
      columns={columns}
      caption={stage ? `Orders, ${STAGE_LABELS[stage]}` : 'Orders'}
      empty={{
        title: 'No orders yet',
        description: 'Orders start as quotes. Place one for a registered customer.',
        icon: <IconClipboardList size={28} aria-hidden />,
      }}
      create={{
        label: 'Place order',
        permission: 'orders:write',
        title: 'Place an order',
        size: 'lg',
        form: (props) => <PlaceOrderForm customerId={customerId || undefined} {...props} />,
      }}
    />
  );
}
