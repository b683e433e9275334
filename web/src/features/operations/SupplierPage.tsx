import { Anchor, Button, Grid, Group, Skeleton, Stack, Text } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconEdit, IconPlus } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { useRecord, useRecordList } from '../../api/queries';
import { Can } from '../../app/session';
import { AppModal, useRecordModal } from '../../components/CommandForm';
import { Fields } from '../../components/Fields';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/ProblemAlert';
import { RecordTimeline } from '../../components/RecordTimeline';
import { Time } from '../../components/Time';
import { offers } from '../../lib/actions';
import { money, shortId } from '../../lib/format';
import { Day, DetailState, Muted, Section, StatusBadge, StockBadge } from './components';
import { available, count, PURCHASE_ORDER_STATUS } from './format';
import { ItemForm } from './ItemForms';
import { PlacePurchaseOrderForm } from './PurchaseOrderForms';
import { EditSupplierForm } from './SupplierForms';

const listStyle = { listStyle: 'none', margin: 0, padding: 0 };

const Loading = ({ what }: { what: string }) => (
  <Stack gap="xs" aria-busy="true" aria-label={`Loading ${what}`}>
    <Skeleton height={16} />
    <Skeleton height={16} />
  </Stack>
);

const SupplierOrders = ({ supplierId, onPlace }: { supplierId: string; onPlace: () => void }) => {
  const orders = useRecordList('purchase-orders', { supplierId });
  const rows = orders.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Section
      id="purchase-orders"
      title="Purchase orders"
      actions={
        <>
          <Button
            component={Link}
            to={`/purchase-orders?supplierId=${supplierId}`}
            variant="subtle"
            size="xs"
          >
            Open in purchase orders
          </Button>
          <Can permission="purchasing:write">
            <Button size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={onPlace}>
              Place purchase order
            </Button>
          </Can>
        </>
      }
    >
      {orders.isPending ? (
        <Loading what="purchase orders" />
      ) : orders.isError ? (
        <LoadError error={orders.error} onRetry={() => void orders.refetch()} what="purchase orders" />
      ) : rows.length === 0 ? (
        <Muted>No purchase orders yet.</Muted>
      ) : (
        <Stack gap="xs" component="ul" style={listStyle}>
          {rows.map((po) => (
            <Group key={po.id} component="li" justify="space-between" wrap="nowrap">
              <Group gap="xs" wrap="nowrap">
                <Anchor component={Link} to={`/purchase-orders/${po.id}`} size="sm" fw={500}>
                  PO {shortId(po.id)}
                </Anchor>
                <StatusBadge look={PURCHASE_ORDER_STATUS[po.status]} />
              </Group>
              <Text size="sm">
                {money(po.totalCents)} · expected <Day day={po.expectedOn} />
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Section>
  );
};

const SupplierItems = ({ supplierId, onAdd }: { supplierId: string; onAdd: () => void }) => {
  const items = useRecordList('items', { supplierId });
  const rows = items.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Section
      id="items"
      title="Items supplied"
      actions={
        <>
          <Button component={Link} to={`/inventory?supplierId=${supplierId}`} variant="subtle" size="xs">
            Open in inventory
          </Button>
          <Can permission="inventory:write">
            <Button
              size="xs"
              variant="default"
              leftSection={<IconPlus size={14} aria-hidden />}
              onClick={onAdd}
            >
              Add item
            </Button>
          </Can>
        </>
      }
    >
      {items.isPending ? (
        <Loading what="items" />
      ) : items.isError ? (
        <LoadError error={items.error} onRetry={() => void items.refetch()} what="items" />
      ) : rows.length === 0 ? (
        <Muted>No items name this supplier.</Muted>
      ) : (
        <Stack gap="xs" component="ul" style={listStyle}>
          {rows.map((item) => (
            <Group key={item.id} component="li" justify="space-between" wrap="nowrap">
              <Group gap="xs" wrap="nowrap">
                <Anchor component={Link} to={`/inventory/${item.id}`} size="sm" fw={500}>
                  {item.name}
                </Anchor>
                <StockBadge item={item} />
              </Group>
              <Text size="sm">{count(available(item), item.unit)} available</Text>
            </Group>
          ))}
        </Stack>
      )}
    </Section>
  );
};

export default function SupplierPage() {
  const id = useParams().id ?? '';
  const supplier = useRecord('suppliers', id);
  useDocumentTitle(`${supplier.data?.name ?? 'Supplier'} · Firefly`);
  const edit = useRecordModal('suppliers', supplier.data);
  const [placing, place] = useDisclosure();
  const [adding, add] = useDisclosure();
  const navigate = useNavigate();
  const trail = { label: 'Suppliers', to: '/suppliers' };

  if (supplier.isPending) return <DetailState what="the supplier" title="Supplier" trail={trail} />;
  if (supplier.isError)
    return (
      <DetailState
        what="the supplier"
        title="Supplier"
        trail={trail}
        error={supplier.error}
        onRetry={() => void supplier.refetch()}
      />
    );
  const s = supplier.data;

  return (
    <>
      <PageHeader
        title={s.name}
        description={s.email}
        trail={[trail]}
        actions={
          offers(s, 'change-details') && (
            <Button variant="default" leftSection={<IconEdit size={16} aria-hidden />} onClick={edit.open}>
              Edit details
            </Button>
          )
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <Section id="details" title="Details">
              <Fields
                items={[
                  { label: 'Name', value: s.name },
                  { label: 'Email', value: s.email },
                  { label: 'Phone', value: s.phone ?? '—' },
                  { label: 'Lead time', value: <span data-testid="lead-time">{s.leadTimeDays} days</span> },
                  { label: 'Payment terms', value: `${s.paymentTermsDays} days` },
                  { label: 'Added', value: <Time iso={s.createdAt} withAbsolute /> },
                  { label: 'Version', value: s.version },
                ]}
              />
            </Section>
            <SupplierOrders supplierId={s.id} onPlace={place.open} />
            <SupplierItems supplierId={s.id} onAdd={add.open} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <RecordTimeline resource="suppliers" id={s.id} version={s.version} />
        </Grid.Col>
      </Grid>
      <AppModal opened={edit.opened} onClose={edit.close} title={`Edit ${s.name}`}>
        <EditSupplierForm supplier={s} modal={edit} />
      </AppModal>
      <AppModal opened={placing} onClose={place.close} title={`Order from ${s.name}`} size="lg">
        <PlacePurchaseOrderForm
          supplierId={s.id}
          onCancel={place.close}
          onDone={(po) => navigate(`/purchase-orders/${po.id}`)}
        />
      </AppModal>
      <AppModal opened={adding} onClose={add.close} title="Add an item" size="lg">
        <ItemForm
          supplierId={s.id}
          onCancel={add.close}
          onDone={(item) => navigate(`/inventory/${item.id}`)}
        />
      </AppModal>
    </>
  );
}
