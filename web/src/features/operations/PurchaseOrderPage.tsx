import { Alert, Button, Grid, Group, Stack, Table, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconBan, IconPackageImport } from '@tabler/icons-react';
import { useParams } from 'react-router';
import { useRecord } from '../../api/queries';
import { AppModal, useRecordModal } from '../../components/CommandForm';
import { Fields } from '../../components/Fields';
import { PageHeader } from '../../components/PageHeader';
import { RecordTimeline } from '../../components/RecordTimeline';
import { Time } from '../../components/Time';
import { offers, offersAny } from '../../lib/actions';
import { money, shortId } from '../../lib/format';
import { Day, DetailState, ItemName, Muted, Section, StatusBadge, SupplierName } from './components';
import { PURCHASE_ORDER_STATUS } from './format';
import { CancelPurchaseOrderForm, ReceivePurchaseOrderForm } from './PurchaseOrderForms';

export default function PurchaseOrderPage() {
  const id = useParams().id ?? '';
  const po = useRecord('purchase-orders', id);
  useDocumentTitle(`Purchase order ${shortId(id)} · Firefly`);
  const receive = useRecordModal('purchase-orders', po.data);
  const cancel = useRecordModal('purchase-orders', po.data);
  const trail = { label: 'Purchase orders', to: '/purchase-orders' };

  if (po.isPending) return <DetailState what="the purchase order" title="Purchase order" trail={trail} />;
  if (po.isError)
    return (
      <DetailState
        what="the purchase order"
        title="Purchase order"
        trail={trail}
        error={po.error}
        onRetry={() => void po.refetch()}
      />
    );
  const p = po.data;
  const received = p.lines.reduce((sum, l) => sum + l.receivedQuantity * l.unitCostCents, 0);

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            Purchase order{' '}
            <Text span c="dimmed" fw={400} inherit>
              {shortId(p.id)}
            </Text>
            <StatusBadge look={PURCHASE_ORDER_STATUS[p.status]} testId="po-status" />
          </Group>
        }
        description={
          <>
            From <SupplierName id={p.supplierId} />
          </>
        }
        trail={[trail]}
        actions={
          offersAny(p, 'receive', 'cancel') && (
            <>
              {offers(p, 'receive') && (
                <Button leftSection={<IconPackageImport size={16} aria-hidden />} onClick={receive.open}>
                  Receive goods
                </Button>
              )}
              {offers(p, 'cancel') && (
                <Button
                  variant="light"
                  color="red"
                  leftSection={<IconBan size={16} aria-hidden />}
                  onClick={cancel.open}
                >
                  Cancel purchase order
                </Button>
              )}
            </>
          )
        }
      />
      <Stack gap="md">
        {p.status === 'cancelled' && (
          <Alert color="red" variant="light" title="Cancelled">
            Reason: {p.cancelReason ?? 'not given'}
          </Alert>
        )}
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Stack gap="md">
              <Section id="details" title="Details">
                <Fields
                  items={[
                    { label: 'Supplier', value: <SupplierName id={p.supplierId} /> },
                    {
                      label: 'Total',
                      value: <span data-testid="po-total-value">{money(p.totalCents)}</span>,
                    },
                    { label: 'Received so far', value: money(received) },
                    { label: 'Placed', value: <Day day={p.placedOn} /> },
                    { label: 'Expected', value: <Day day={p.expectedOn} /> },
                    { label: 'Last receipt', value: <Day day={p.lastReceivedOn} /> },
                    { label: 'Last changed', value: <Time iso={p.updatedAt} withAbsolute /> },
                    { label: 'Version', value: p.version },
                  ]}
                />
              </Section>
              <Section id="lines" title="Lines">
                <Table.ScrollContainer minWidth={480}>
                  <Table aria-label="Lines" verticalSpacing="xs">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Item</Table.Th>
                        <Table.Th ta="right">Ordered</Table.Th>
                        <Table.Th ta="right">Received</Table.Th>
                        <Table.Th ta="right">Outstanding</Table.Th>
                        <Table.Th ta="right">Unit cost</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {p.lines.map((line) => (
                        <Table.Tr key={line.itemId} data-testid="po-line">
                          <Table.Td>
                            <ItemName id={line.itemId} />
                          </Table.Td>
                          <Table.Td ta="right">{line.quantity}</Table.Td>
                          <Table.Td ta="right" data-testid="po-line-received">
                            {line.receivedQuantity}
                          </Table.Td>
                          <Table.Td ta="right">{line.quantity - line.receivedQuantity}</Table.Td>
                          <Table.Td ta="right">{money(line.unitCostCents)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Section>
              <Section id="receipts" title="Receipts">
                {p.receipts.length === 0 ? (
                  <Muted>Nothing has arrived yet.</Muted>
                ) : (
                  <Stack gap="xs" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                    {p.receipts.map((receipt, index) => (
                      // Receipts are append-only, so the position is a stable key.
                      // biome-ignore lint/suspicious/noArrayIndexKey: append-only list
                      <li key={index}>
                        <Text size="sm" fw={500} component="span">
                          <Day day={receipt.on} />:{' '}
                        </Text>
                        <Text size="sm" component="span">
                          {receipt.lines.map((l, i) => (
                            <span key={l.itemId}>
                              {i > 0 && ', '}
                              {l.quantity} × <ItemName id={l.itemId} />
                            </span>
                          ))}
                        </Text>
                      </li>
                    ))}
                  </Stack>
                )}
              </Section>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <RecordTimeline resource="purchase-orders" id={p.id} version={p.version} />
          </Grid.Col>
        </Grid>
      </Stack>
      <AppModal opened={receive.opened} onClose={receive.close} title="Receive goods" size="lg">
        <ReceivePurchaseOrderForm order={p} modal={receive} />
      </AppModal>
      <AppModal opened={cancel.opened} onClose={cancel.close} title="Cancel this purchase order">
        <CancelPurchaseOrderForm order={p} modal={cancel} />
      </AppModal>
    </>
  );
}
