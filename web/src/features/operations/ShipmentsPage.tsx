import { Button, Group, TextInput } from '@mantine/core';
import { useDebouncedCallback, useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconPlus, IconTruckDelivery } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useRecordList } from '../../api/queries';
import { Can } from '../../app/session';
import { AppModal } from '../../components/CommandForm';
import { CustomerName } from '../../components/CustomerName';
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

/** The carrier filter: free text, exact match in the API, kept in the URL. */
const CarrierFilter = () => {
  const [carrier, setCarrier] = useParam('carrier');
  const [text, setText] = useState(carrier);
  const commit = useDebouncedCallback((value: string) => setCarrier(value.trim()), 400);
  useEffect(() => setText(carrier), [carrier]);
  return (
    <TextInput
      label="Carrier"
      placeholder="Exact carrier name"
      value={text}
      onChange={(event) => {
        setText(event.currentTarget.value);
        commit(event.currentTarget.value);
      }}
      w={{ base: '100%', xs: 180 }}
    />
  );
};

export default function ShipmentsPage() {
  useDocumentTitle('Deliveries · Firefly');
  const [search] = useParam('search');
  const status = useEnumParam('status', SHIPMENT_STATUSES);
  const [carrier] = useParam('carrier');
  const order = useSortOrder();
  const [scheduling, schedule] = useDisclosure();
  const navigate = useNavigate();
  const query = useRecordList('shipments', { search, status, carrier, order });

  const scheduleButton = (
    <Can permission="delivery:write">
      <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={schedule.open}>
        Schedule delivery
      </Button>
    </Can>
  );

  return (
    <>
      <PageHeader
        title="Deliveries"
        description="Finished homes on their way to customers, and claims for damage in transit."
        actions={scheduleButton}
      />
      <Group mb="md" align="flex-end" gap="md" wrap="wrap">
        <SearchBox label="Search deliveries" placeholder="Carrier, destination or order id" />
        <FilterSelect
          param="status"
          label="Status"
          placeholder="All statuses"
          options={options(SHIPMENT_STATUS)}
        />
        <CarrierFilter />
        <SortSelect />
      </Group>
      <ListView
        query={query}
        columns={columns}
        rowLink={(s) => `/shipments/${s.id}`}
        noun="deliveries"
        caption={status ? `Deliveries, ${SHIPMENT_STATUS[status].label}` : 'Deliveries'}
        filtered={!!(search || status || carrier)}
        onClearFilters={() => navigate('/shipments', { replace: true })}
        empty={{
          title: 'No deliveries yet',
          description: 'When a build is complete, book its delivery with a carrier.',
          icon: <IconTruckDelivery size={28} aria-hidden />,
          action: scheduleButton,
        }}
      />
      <AppModal opened={scheduling} onClose={schedule.close} title="Schedule a delivery">
        <ScheduleShipmentForm onCancel={schedule.close} onDone={(s) => navigate(`/shipments/${s.id}`)} />
      </AppModal>
    </>
  );
}
