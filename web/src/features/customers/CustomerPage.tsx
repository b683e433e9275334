import { Anchor, Badge, Button, Card, Grid, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
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
import { StageBadge } from '../../components/StageBadge';
import { Time } from '../../components/Time';
import { offers } from '../../lib/actions';
import { money } from '../../lib/format';
import { PlaceOrderForm } from '../orders/OrderForms';
import { QuoteStatusBadge } from '../sales/components';
import { EditCustomerForm } from './CustomerForms';

const CustomerOrders = ({ customerId, onPlace }: { customerId: string; onPlace: () => void }) => {
  const orders = useRecordList('orders', { customerId });
  const rows = orders.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="orders-heading">
      <Group justify="space-between" mb="md">
        <Title order={2} size="h4" id="orders-heading">
          Orders
        </Title>
        <Group gap="xs">
          <Button component={Link} to={`/orders?customerId=${customerId}`} variant="subtle" size="xs">
            Open in orders
          </Button>
          <Can permission="orders:write">
            <Button size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={onPlace}>
              Place order
            </Button>
          </Can>
        </Group>
      </Group>
      {orders.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label="Loading orders">
          <Skeleton height={16} />
          <Skeleton height={16} />
        </Stack>
      ) : orders.isError ? (
        <LoadError error={orders.error} onRetry={() => void orders.refetch()} what="orders" />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No orders yet.
        </Text>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {rows.map((o) => (
            <Group key={o.id} component="li" justify="space-between" wrap="nowrap">
              <Group gap="xs" wrap="nowrap">
                <Anchor component={Link} to={`/orders/${o.id}`} size="sm" fw={500}>
                  {o.modelName}
                </Anchor>
                <StageBadge stage={o.stage} />
              </Group>
              <Text size="sm">{money(o.totalCents)}</Text>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
};

const CustomerQuotes = ({ customerId }: { customerId: string }) => {
  const quotes = useRecordList('quotes', { customerId });
  const rows = quotes.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="quotes-heading">
      <Group justify="space-between" mb="md">
        <Title order={2} size="h4" id="quotes-heading">
          Quotes
        </Title>
        <Button component={Link} to={`/quotes?customerId=${customerId}`} variant="subtle" size="xs">
          Open in quotes
        </Button>
      </Group>
      {quotes.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label="Loading quotes">
          <Skeleton height={16} />
        </Stack>
      ) : quotes.isError ? (
        <LoadError error={quotes.error} onRetry={() => void quotes.refetch()} what="quotes" />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No quotes yet.
        </Text>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {rows.map((q) => (
            <Group key={q.id} component="li" justify="space-between" wrap="nowrap">
              <Group gap="xs" wrap="nowrap">
                <Anchor component={Link} to={`/quotes/${q.id}`} size="sm" fw={500}>
                  {q.modelName}
                </Anchor>
                <QuoteStatusBadge status={q.status} />
              </Group>
              <Text size="sm">{money(q.totalCents)}</Text>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
};

export default function CustomerPage() {
  const id = useParams().id ?? '';
  const customer = useRecord('customers', id);
  useDocumentTitle(`${customer.data?.name ?? 'Customer'} · Firefly`);
  const edit = useRecordModal('customers', customer.data);
  const [placing, place] = useDisclosure();
  const navigate = useNavigate();

  if (customer.isPending) {
    return (
      <Stack aria-busy="true" aria-label="Loading customer">
        <Skeleton height={32} width="40%" />
        <Skeleton height={160} />
      </Stack>
    );
  }
  if (customer.isError) {
    return (
      <>
        <PageHeader title="Customer" trail={[{ label: 'Customers', to: '/customers' }]} />
        <LoadError error={customer.error} onRetry={() => void customer.refetch()} what="the customer" />
      </>
    );
  }
  const c = customer.data;

  return (
    <>
      <PageHeader
        title={c.name}
        description={c.email}
        trail={[{ label: 'Customers', to: '/customers' }]}
        actions={
          offers(c, 'change-details') && (
            <Button variant="default" leftSection={<IconEdit size={16} aria-hidden />} onClick={edit.open}>
              Edit details
            </Button>
          )
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <Card withBorder padding="lg" component="section" aria-labelledby="details-heading">
              <Title order={2} size="h4" id="details-heading" mb="md">
                Details
              </Title>
              <Fields
                items={[
                  { label: 'Name', value: c.name },
                  { label: 'Email', value: c.email },
                  { label: 'Phone', value: c.phone ?? '—' },
                  {
                    label: 'Marketing',
                    value: c.marketingConsent ? (
                      <Badge color="green" variant="light">
                        Opted in
                      </Badge>
                    ) : (
                      'No consent'
                    ),
                  },
                  { label: 'Registered', value: <Time iso={c.createdAt} withAbsolute /> },
                  { label: 'Version', value: c.version },
                ]}
              />
            </Card>
            <CustomerOrders customerId={c.id} onPlace={place.open} />
            <Can permission="quotes:read">
              <CustomerQuotes customerId={c.id} />
            </Can>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <RecordTimeline resource="customers" id={c.id} version={c.version} />
        </Grid.Col>
      </Grid>
      <AppModal opened={edit.opened} onClose={edit.close} title={`Edit ${c.name}`}>
        <EditCustomerForm customer={c} modal={edit} />
      </AppModal>
      <AppModal opened={placing} onClose={place.close} title={`Place an order for ${c.name}`} size="lg">
        <PlaceOrderForm
          customerId={c.id}
          onCancel={place.close}
          onDone={(order) => navigate(`/orders/${order.id}`)}
        />
      </AppModal>
    </>
  );
}
