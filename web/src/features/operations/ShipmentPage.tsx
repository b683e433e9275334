import { Alert, Button, Grid, Group, Stack, Table, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import {
  IconAlertTriangle,
  IconBan,
  IconCalendarEvent,
  IconCircleCheck,
  IconGavel,
  IconTruck,
} from '@tabler/icons-react';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useRecord } from '../../api/queries';
import { AppModal, useRecordModal } from '../../components/CommandForm';
import { CustomerName } from '../../components/CustomerName';
import { Fields } from '../../components/Fields';
import { PageHeader } from '../../components/PageHeader';
import { RecordTimeline } from '../../components/RecordTimeline';
import { offers, offersAny } from '../../lib/actions';
import { money, shortId } from '../../lib/format';
import { Day, DetailState, Muted, OrderLink, Section, StatusBadge } from './components';
import { CLAIM_STATUS, SHIPMENT_STATUS } from './format';
import {
  CancelShipmentForm,
  DeliverShipmentForm,
  DispatchShipmentForm,
  FileClaimForm,
  RescheduleShipmentForm,
  ResolveClaimForm,
} from './ShipmentForms';
import type { DamageClaim, Shipment } from './types';

const HINTS: Record<Shipment['status'], string> = {
  scheduled: 'Booked: waiting to leave the yard.',
  in_transit: 'On its way.',
  delivered: 'Delivered.',
  cancelled: 'This delivery is cancelled.',
};

const Claims = ({
  shipment,
  onFile,
  onResolve,
}: {
  shipment: Shipment;
  onFile: () => void;
  onResolve: (claim: DamageClaim) => void;
}) => {
  const canResolve = offers(shipment, 'resolve-claim');
  const claimsColumn = offersAny(shipment, 'file-claim', 'resolve-claim');
  return (
    <Section
      id="claims"
      title="Damage claims"
      actions={
        offers(shipment, 'file-claim') && (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconAlertTriangle size={14} aria-hidden />}
            onClick={onFile}
          >
            File damage claim
          </Button>
        )
      }
    >
      {shipment.claims.length === 0 ? (
        <Muted>No claims.</Muted>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table aria-label="Damage claims" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Damage</Table.Th>
                <Table.Th ta="right">Claimed</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th ta="right">Paid</Table.Th>
                <Table.Th>Filed</Table.Th>
                {claimsColumn && <Table.Th>Action</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shipment.claims.map((claim) => (
                <Table.Tr key={claim.claimId} data-testid="claim">
                  <Table.Td>{claim.description}</Table.Td>
                  <Table.Td ta="right">{money(claim.amountCents)}</Table.Td>
                  <Table.Td>
                    <StatusBadge look={CLAIM_STATUS[claim.status]} />
                  </Table.Td>
                  <Table.Td ta="right">{claim.status === 'open' ? '—' : money(claim.paidCents)}</Table.Td>
                  <Table.Td>
                    <Day day={claim.filedOn} />
                  </Table.Td>
                  {claimsColumn && (
                    <Table.Td>
                      {claim.status === 'open' && canResolve ? (
                        <Button
                          size="xs"
                          variant="light"
                          leftSection={<IconGavel size={14} aria-hidden />}
                          onClick={() => onResolve(claim)}
                        >
                          Resolve claim
                        </Button>
                      ) : (
                        <Day day={claim.resolvedOn} />
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
};

export default function ShipmentPage() {
  const id = useParams().id ?? '';
  const shipment = useRecord('shipments', id);
  useDocumentTitle(`Delivery ${shortId(id)} · Firefly`);
  const reschedule = useRecordModal('shipments', shipment.data);
  const dispatch = useRecordModal('shipments', shipment.data);
  const deliver = useRecordModal('shipments', shipment.data);
  const cancel = useRecordModal('shipments', shipment.data);
  const file = useRecordModal('shipments', shipment.data);
  const resolve = useRecordModal('shipments', shipment.data);
  // The claim is fixed when the dialog opens.
  const [claim, setClaim] = useState<DamageClaim | undefined>();
  const trail = { label: 'Deliveries', to: '/shipments' };

  if (shipment.isPending) return <DetailState what="the delivery" title="Delivery" trail={trail} />;
  if (shipment.isError)
    return (
      <DetailState
        what="the delivery"
        title="Delivery"
        trail={trail}
        error={shipment.error}
        onRetry={() => void shipment.refetch()}
      />
    );
  const s = shipment.data;
  const next = offersAny(s, 'dispatch', 'reschedule', 'cancel', 'deliver');

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            Delivery{' '}
            <Text span c="dimmed" fw={400} inherit>
              {shortId(s.id)}
            </Text>
            <StatusBadge look={SHIPMENT_STATUS[s.status]} testId="shipment-status" />
          </Group>
        }
        description={
          <>
            <OrderLink id={s.orderId} /> for <CustomerName id={s.customerId} /> · {s.carrier}
          </>
        }
        trail={[trail]}
      />
      <Stack gap="md">
        {s.status === 'cancelled' && (
          <Alert color="red" variant="light" title="Cancelled">
            Reason: {s.cancelReason ?? 'not given'}
          </Alert>
        )}
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Stack gap="md">
              <Section id="next" title="Next step">
                <Text size="sm" mb={next ? 'md' : 0}>
                  {HINTS[s.status]}
                </Text>
                {next && (
                  <Group gap="sm">
                    {offers(s, 'dispatch') && (
                      <Button leftSection={<IconTruck size={16} aria-hidden />} onClick={dispatch.open}>
                        Dispatch
                      </Button>
                    )}
                    {offers(s, 'reschedule') && (
                      <Button
                        variant="default"
                        leftSection={<IconCalendarEvent size={16} aria-hidden />}
                        onClick={reschedule.open}
                      >
                        Reschedule
                      </Button>
                    )}
                    {offers(s, 'cancel') && (
                      <Button
                        variant="light"
                        color="red"
                        leftSection={<IconBan size={16} aria-hidden />}
                        onClick={cancel.open}
                      >
                        Cancel delivery
                      </Button>
                    )}
                    {offers(s, 'deliver') && (
                      <Button leftSection={<IconCircleCheck size={16} aria-hidden />} onClick={deliver.open}>
                        Record delivery
                      </Button>
                    )}
                  </Group>
                )}
              </Section>
              <Section id="details" title="Details">
                <Fields
                  items={[
                    { label: 'Order', value: <OrderLink id={s.orderId} /> },
                    { label: 'Customer', value: <CustomerName id={s.customerId} /> },
                    { label: 'Carrier', value: s.carrier },
                    { label: 'Destination', value: s.destination },
                    { label: 'Booked for', value: <Day day={s.scheduledFor} /> },
                    { label: 'Rescheduled', value: s.reschedules ? `${s.reschedules} times` : 'Never' },
                    { label: 'Build completed', value: <Day day={s.readyOn} /> },
                    { label: 'Dispatched', value: <Day day={s.dispatchedOn} /> },
                    { label: 'Tracking', value: s.trackingRef ?? '—' },
                    { label: 'Delivered', value: <Day day={s.deliveredOn} /> },
                    { label: 'Version', value: s.version },
                  ]}
                />
              </Section>
              <Claims
                shipment={s}
                onFile={file.open}
                onResolve={(c) => {
                  setClaim(c);
                  resolve.open();
                }}
              />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <RecordTimeline resource="shipments" id={s.id} version={s.version} />
          </Grid.Col>
        </Grid>
      </Stack>
      <AppModal opened={dispatch.opened} onClose={dispatch.close} title="Dispatch">
        <DispatchShipmentForm shipment={s} modal={dispatch} />
      </AppModal>
      <AppModal opened={reschedule.opened} onClose={reschedule.close} title="Reschedule the delivery">
        <RescheduleShipmentForm shipment={s} modal={reschedule} />
      </AppModal>
      <AppModal opened={deliver.opened} onClose={deliver.close} title="Record delivery">
        <DeliverShipmentForm shipment={s} modal={deliver} />
      </AppModal>
      <AppModal opened={cancel.opened} onClose={cancel.close} title="Cancel this delivery">
        <CancelShipmentForm shipment={s} modal={cancel} />
      </AppModal>
      <AppModal opened={file.opened} onClose={file.close} title="File a damage claim">
        <FileClaimForm shipment={s} modal={file} />
      </AppModal>
      <AppModal opened={resolve.opened && !!claim} onClose={resolve.close} title="Resolve the claim">
        {claim && <ResolveClaimForm shipment={s} claim={claim} modal={resolve} />}
      </AppModal>
    </>
  );
}
