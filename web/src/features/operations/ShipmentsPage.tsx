import { IconTruckDelivery } from '@tabler/icons-react';
import { CustomerName } from '../../components/CustomerName';
import { type Column, FilterSelect, TextFilter, useEnumParam, useParam } from '../../components/ListView';
import { RecordListPage } from '../../components/RecordListPage';
import { shortId } from '../../lib/format';
import { Day, StatusBadge } from './components';
import { options, SHIPMENT_STATUS } from './format';
import { ScheduleShipmentForm } from './ShipmentForms';
import { SHIPMENT_STATUSES, type Shipment } from './types';

const columns: Column<Shipment>[] = [
  { header: 'Shipment', cell: (s) => `${s.carrier} ${shortId(s.id)}` },
  { header: 'Customer', cell: (s) => <CustomerName id={s.customerId} /> },
  { header: 'Status', cell: (s) => <StatusBadge look={SHIPMENT_STATUS[s.status]} /> },
  { header: 'Delivery day', cell: (s) => <Day day={s.deliveredOn ?? s.scheduledFor} />, visibleFrom: 'sm' },
  { header: 'Destination', cell: (s) => s.destination, visibleFrom: 'lg' },
  {
    header: 'Claims',
    cell: (s) =>
      s.claims.length
        ? `${s.claims.filter((c) => c.status === 'open').length} open of ${s.claims.length}`
        : '—',
    visibleFrom: 'md',
  },
];

export default function ShipmentsPage() {
  const status = useEnumParam('status', SHIPMENT_STATUSES);
  const [carrier] = useParam('carrier');
  return (
    <RecordListPage
      resource="shipments"
      path="/shipments"
      title="Deliveries"
      description="Finished homes on their way to customers, and claims for damage in transit."
      noun="deliveries"
      search={{ label: 'Search deliveries', placeholder: 'Carrier, destination or order id' }}
      filters={{ status, carrier }}
      controls={
        <>
          <FilterSelect
            param="status"
            label="Status"
            placeholder="All statuses"
            options={options(SHIPMENT_STATUS)}
          />
          <TextFilter param="carrier" label="Carrier" placeholder="Exact carrier name" />
        </>
      }
      columns={columns}
      caption={status ? `Deliveries, ${SHIPMENT_STATUS[status].label}` : 'Deliveries'}
      empty={{
        title: 'No deliveries yet',
        description: 'When a build is complete, book its delivery with a carrier.',
        icon: <IconTruckDelivery size={28} aria-hidden />,
      }}
      create={{
        label: 'Schedule delivery',
        permission: 'delivery:write',
        title: 'Schedule a delivery',
        form: (props) => <ScheduleShipmentForm {...props} />,
      }}
    />
  );
}
