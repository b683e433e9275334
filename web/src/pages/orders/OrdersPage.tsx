import { Button, Group } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconClipboardList, IconPlus } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useRecordList } from '../../api/queries';
import { ORDER_STAGES, type Order } from '../../api/types';
import { Can } from '../../app/session';
import { AppModal } from '../../components/CommandForm';
import { CustomerName } from '../../components/CustomerName';
import {
  type Column,
  FilterSelect,
  ListView,
  RecordFilterPill,
  SearchBox,
  SortSelect,
  updatedColumn,
  useEnumParam,
  useParam,
  useSortOrder,
} from '../../components/ListView';
import { PageHeader } from '../../components/PageHeader';
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
  useDocumentTitle('Orders · Firefly');
  const [search] = useParam('search');
  const stage = useEnumParam('stage', ORDER_STAGES);
  const order = useSortOrder();
  const [customerId] = useParam('customerId');
  const [placing, place] = useDisclosure();
  const navigate = useNavigate();
  const query = useRecordList('orders', { search, stage, customerId, order });

  const placeButton = (
    <Can permission="orders:write">
      <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={place.open}>
        Place order
      </Button>
    </Can>
  );

  return (
    <>
      <PageHeader title="Orders" description="Every order from quote to delivery." actions={placeButton} />
      <Group mb="md" align="flex-end" gap="md" wrap="wrap">
        <SearchBox label="Search orders" placeholder="Model or customer" />
        <FilterSelect
          param="stage"
          label="Stage"
          placeholder="All stages"
          options={ORDER_STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s] }))}
        />
        <SortSelect />
        <RecordFilterPill param="customerId" label="Customer">
          {(id) => <CustomerName id={id} link={false} />}
        </RecordFilterPill>
      </Group>
      <ListView
        query={query}
        columns={columns}
        rowLink={(o) => `/orders/${o.id}`}
        noun="orders"
        caption={stage ? `Orders, ${STAGE_LABELS[stage]}` : 'Orders'}
        filtered={!!(search || stage || customerId)}
        onClearFilters={() => navigate('/orders', { replace: true })}
        empty={{
          title: 'No orders yet',
          description: 'Orders start as quotes. Place one for a registered customer.',
          icon: <IconClipboardList size={28} aria-hidden />,
          action: placeButton,
        }}
      />
      <AppModal opened={placing} onClose={place.close} title="Place an order" size="lg">
        <PlaceOrderForm
          customerId={customerId || undefined}
          onCancel={place.close}
          onDone={(order) => navigate(`/orders/${order.id}`)}
        />
      </AppModal>
    </>
  );
}
