import { Anchor, Button, Grid, Group, Stack, Text } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import {
  IconAdjustments,
  IconCurrencyDollar,
  IconPackageImport,
  IconRefresh,
  IconShoppingCart,
} from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { useRecord } from '../../api/queries';
import { Can } from '../../app/session';
import { AppModal, useRecordModal } from '../../components/CommandForm';
import { Fields } from '../../components/Fields';
import { PageHeader } from '../../components/PageHeader';
import { RecordTimeline } from '../../components/RecordTimeline';
import { Time } from '../../components/Time';
import { offers } from '../../lib/actions';
import { money, shortId } from '../../lib/format';
import { DetailState, Muted, Section, StockBadge, SupplierName } from './components';
import { available, count } from './format';
import { AdjustStockForm, ChangeCostForm, ReceiveStockForm, ReorderPolicyForm } from './ItemForms';
import { PlacePurchaseOrderForm } from './PurchaseOrderForms';

export default function ItemPage() {
  const id = useParams().id ?? '';
  const item = useRecord('items', id);
  useDocumentTitle(`${item.data?.name ?? 'Item'} · Firefly`);
  const adjust = useRecordModal('items', item.data);
  const cost = useRecordModal('items', item.data);
  const policy = useRecordModal('items', item.data);
  const [receiving, receive] = useDisclosure();
  const [ordering, order] = useDisclosure();
  const navigate = useNavigate();
  const trail = { label: 'Inventory', to: '/inventory' };

  if (item.isPending) return <DetailState what="the item" title="Item" trail={trail} />;
  if (item.isError)
    return (
      <DetailState
        what="the item"
        title="Item"
        trail={trail}
        error={item.error}
        onRetry={() => void item.refetch()}
      />
    );
  const i = item.data;
  const reservations = Object.entries(i.reservations);

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            {i.name}
            <Text span c="dimmed" fw={400} inherit>
              {i.sku}
            </Text>
            <StockBadge item={i} />
          </Group>
        }
        trail={[trail]}
        actions={
          <>
            {offers(i, 'receive-stock') && (
              <Button
                variant="default"
                leftSection={<IconPackageImport size={16} aria-hidden />}
                onClick={receive.open}
              >
                Receive stock
              </Button>
            )}
            {offers(i, 'adjust-stock') && (
              <Button
                variant="default"
                leftSection={<IconAdjustments size={16} aria-hidden />}
                onClick={adjust.open}
              >
                Adjust stock
              </Button>
            )}
            {offers(i, 'change-cost') && (
              <Button
                variant="default"
                leftSection={<IconCurrencyDollar size={16} aria-hidden />}
                onClick={cost.open}
              >
                Change cost
              </Button>
            )}
            {offers(i, 'set-reorder-policy') && (
              <Button
                variant="default"
                leftSection={<IconRefresh size={16} aria-hidden />}
                onClick={policy.open}
              >
                Reorder policy
              </Button>
            )}
            <Can permission="purchasing:write">
              <Button leftSection={<IconShoppingCart size={16} aria-hidden />} onClick={order.open}>
                Order more
              </Button>
            </Can>
          </>
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <Section id="stock" title="Stock">
              <Fields
                items={[
                  { label: 'On hand', value: <span data-testid="on-hand">{count(i.onHand, i.unit)}</span> },
                  {
                    label: 'Reserved',
                    value: <span data-testid="reserved">{count(i.reserved, i.unit)}</span>,
                  },
                  {
                    label: 'Available',
                    value: <span data-testid="available">{count(available(i), i.unit)}</span>,
                  },
                  { label: 'Reorder point', value: count(i.reorderPoint, i.unit) },
                  { label: 'Reorder quantity', value: count(i.reorderQuantity, i.unit) },
                  { label: 'Lead time', value: `${i.leadTimeDays} days` },
                  { label: 'Received in total', value: count(i.receivedTotal, i.unit) },
                  { label: 'Used by builds', value: count(i.consumedTotal, i.unit) },
                ]}
              />
            </Section>
            <Section id="details" title="Details">
              <Fields
                items={[
                  { label: 'SKU', value: i.sku },
                  { label: 'Unit', value: i.unit },
                  {
                    label: 'Unit cost',
                    value: <span data-testid="unit-cost">{money(i.unitCostCents)}</span>,
                  },
                  {
                    label: 'Supplier',
                    value: i.supplierId ? <SupplierName id={i.supplierId} /> : 'None named',
                  },
                  { label: 'Added', value: <Time iso={i.createdAt} withAbsolute /> },
                  { label: 'Version', value: i.version },
                ]}
              />
            </Section>
            <Section id="reservations" title="Reserved for builds">
              {reservations.length === 0 ? (
                <Muted>Nothing is reserved.</Muted>
              ) : (
                <Stack gap="xs" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                  {reservations.map(([buildId, quantity]) => (
                    <Group key={buildId} component="li" justify="space-between" wrap="nowrap">
                      <Anchor component={Link} to={`/builds/${buildId}`} size="sm" fw={500}>
                        Build {shortId(buildId)}
                      </Anchor>
                      <Text size="sm">{count(quantity, i.unit)}</Text>
                    </Group>
                  ))}
                </Stack>
              )}
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <RecordTimeline resource="items" id={i.id} version={i.version} />
        </Grid.Col>
      </Grid>
      <AppModal opened={receiving} onClose={receive.close} title={`Receive ${i.name}`}>
        <ReceiveStockForm item={i} onClose={receive.close} />
      </AppModal>
      <AppModal opened={adjust.opened} onClose={adjust.close} title={`Adjust ${i.name}`}>
        <AdjustStockForm item={i} modal={adjust} />
      </AppModal>
      <AppModal opened={cost.opened} onClose={cost.close} title={`Change the cost of ${i.name}`}>
        <ChangeCostForm item={i} modal={cost} />
      </AppModal>
      <AppModal
        opened={policy.opened}
        onClose={policy.close}
        title={`Reorder policy for ${i.name}`}
        size="lg"
      >
        <ReorderPolicyForm item={i} modal={policy} />
      </AppModal>
      <AppModal opened={ordering} onClose={order.close} title={`Order more ${i.name}`} size="lg">
        <PlacePurchaseOrderForm
          item={i}
          onCancel={order.close}
          onDone={(po) => navigate(`/purchase-orders/${po.id}`)}
        />
      </AppModal>
    </>
  );
}
