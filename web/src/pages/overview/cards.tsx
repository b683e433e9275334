import {
  Anchor,
  Badge,
  Card,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import type { ComponentType, ReactNode } from 'react';
import { lazy, Suspense, useEffect } from 'react';
import { Link, useNavigate } from 'react-router';
import { useAllRecordsProgress } from '../../api/queries';
import { ORDER_STAGES, type Permission } from '../../api/types';
import { CustomerName } from '../../components/CustomerName';
import { LoadError } from '../../components/ProblemAlert';
import { StageBadge } from '../../components/StageBadge';
import { Time } from '../../components/Time';
import { money, STAGE_COLORS, STAGE_LABELS } from '../../lib/format';
import { countByStage, useOverviewData } from './data';

const loadChart = () => import('./OrdersByStageChart');
const OrdersByStageChart = lazy(loadChart);

/**
 * One card on the overview. New cards (revenue by month, leads by channel, inventory, activity) are
 * added to OVERVIEW_CARDS with the permission they need and how wide they are; the page lays them out.
 */
export interface OverviewCard {
  id: string;
  title: string;
  permission?: Permission;
  /** Columns out of 12, per breakpoint. */
  span: { base: number; md?: number; lg?: number };
  Body: ComponentType;
  /** A link to the full list behind the card. */
  more?: { label: string; to: string };
}

export const CardFrame = ({ card, children }: { card: OverviewCard; children: ReactNode }) => (
  <Card withBorder padding="lg" h="100%" component="section" aria-labelledby={`card-${card.id}`}>
    <Group justify="space-between" mb="md" wrap="nowrap">
      <Title order={2} size="h4" id={`card-${card.id}`}>
        {card.title}
      </Title>
      {card.more && (
        <Anchor component={Link} to={card.more.to} size="sm">
          {card.more.label}
        </Anchor>
      )}
    </Group>
    {children}
  </Card>
);

const PLACEHOLDER_ROWS = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];

const Loading = ({ rows = 3 }: { rows?: number }) => (
  <Stack gap="sm" aria-busy="true" aria-label="Loading">
    {PLACEHOLDER_ROWS.slice(0, rows).map((row) => (
      <Skeleton key={row} height={18} />
    ))}
  </Stack>
);

/** While a whole list pages in, say how far it has got: large histories take a few seconds. */
const Counting = ({ resource, noun }: { resource: 'orders' | 'customers'; noun: string }) => {
  const rows = useAllRecordsProgress(resource);
  return (
    <Text size="sm" c="dimmed" aria-live="polite" mb="xs">
      {rows ? `Counting ${noun}… ${rows} so far` : `Loading ${noun}…`}
    </Text>
  );
};

const StageTiles = () => {
  const { orders } = useOverviewData();
  if (orders.isPending)
    return (
      <>
        <Counting resource="orders" noun="orders" />
        <Loading rows={2} />
      </>
    );
  if (orders.isError)
    return <LoadError error={orders.error} onRetry={() => void orders.refetch()} what="orders" />;
  const counts = countByStage(orders.data);
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
      {ORDER_STAGES.map((stage) => (
        <UnstyledButton
          key={stage}
          component={Link}
          to={`/orders?stage=${stage}`}
          data-testid={`stage-count-${stage}`}
        >
          <Card
            withBorder
            padding="sm"
            className="clickable-card"
            style={{ borderLeft: `4px solid var(--mantine-color-${STAGE_COLORS[stage]}-6)` }}
          >
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {STAGE_LABELS[stage]}
            </Text>
            <Text size="xl" fw={700}>
              {counts[stage]}
            </Text>
          </Card>
        </UnstyledButton>
      ))}
    </SimpleGrid>
  );
};

const StageChart = () => {
  const { orders } = useOverviewData();
  const navigate = useNavigate();
  // Fetch the chart's code while the orders are still paging in, not after.
  useEffect(() => void loadChart(), []);
  if (orders.isPending) return <Skeleton height={260} />;
  if (orders.isError)
    return <LoadError error={orders.error} onRetry={() => void orders.refetch()} what="orders" />;
  return (
    <Suspense fallback={<Skeleton height={260} />}>
      <OrdersByStageChart
        counts={countByStage(orders.data)}
        onSelect={(stage) => navigate(`/orders?stage=${stage}`)}
      />
    </Suspense>
  );
};

const Totals = () => {
  const { orders, customers } = useOverviewData();
  if (customers.isPending || orders.isPending)
    return (
      <>
        <Counting resource="customers" noun="customers" />
        <Loading rows={3} />
      </>
    );
  if (customers.isError)
    return <LoadError error={customers.error} onRetry={() => void customers.refetch()} what="customers" />;
  const open = (orders.data ?? []).filter((o) => !['delivered', 'cancelled'].includes(o.stage));
  const booked = (orders.data ?? [])
    .filter((o) => o.stage !== 'cancelled')
    .reduce((sum, o) => sum + o.totalCents, 0);
  const rows: { label: string; value: string; to: string; testId: string }[] = [
    { label: 'Customers', value: String(customers.data.length), to: '/customers', testId: 'customers-count' },
    { label: 'Open orders', value: String(open.length), to: '/orders', testId: 'open-orders' },
    { label: 'Order value (not cancelled)', value: money(booked), to: '/orders', testId: 'order-value' },
  ];
  return (
    <Stack gap="sm">
      {rows.map((row) => (
        <UnstyledButton key={row.label} component={Link} to={row.to} data-testid={row.testId}>
          <Card withBorder padding="sm" className="clickable-card">
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {row.label}
            </Text>
            <Text size="xl" fw={700}>
              {row.value}
            </Text>
          </Card>
        </UnstyledButton>
      ))}
    </Stack>
  );
};

const RecentOrders = () => {
  const { orders } = useOverviewData();
  if (orders.isPending) return <Loading rows={5} />;
  if (orders.isError)
    return <LoadError error={orders.error} onRetry={() => void orders.refetch()} what="orders" />;
  const recent = orders.data.slice(0, 6);
  if (recent.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        No orders yet.{' '}
        <Anchor component={Link} to="/orders">
          Go to orders
        </Anchor>{' '}
        to place the first one.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={420}>
      <Table verticalSpacing="xs" aria-label="Recent orders">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Model</Table.Th>
            <Table.Th>Customer</Table.Th>
            <Table.Th>Stage</Table.Th>
            <Table.Th ta="right">Total</Table.Th>
            <Table.Th visibleFrom="md">Updated</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {recent.map((order) => (
            <Table.Tr key={order.id}>
              <Table.Td>
                <Anchor component={Link} to={`/orders/${order.id}`} fw={500} size="sm">
                  {order.modelName}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <CustomerName id={order.customerId} link={false} />
              </Table.Td>
              <Table.Td>
                <StageBadge stage={order.stage} />
              </Table.Td>
              <Table.Td ta="right">{money(order.totalCents)}</Table.Td>
              <Table.Td visibleFrom="md">
                <Text size="sm" c="dimmed" component="span">
                  <Time iso={order.updatedAt} />
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
};

const Models = () => {
  const { models } = useOverviewData();
  if (models.isPending) return <Loading rows={4} />;
  if (models.isError)
    return <LoadError error={models.error} onRetry={() => void models.refetch()} what="models" />;
  if (models.data.items.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        The catalog is empty.{' '}
        <Anchor component={Link} to="/models">
          Go to models
        </Anchor>{' '}
        to add one.
      </Text>
    );
  }
  return (
    <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {models.data.items.map((model) => (
        <Group key={model.id} justify="space-between" component="li" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Anchor component={Link} to={`/models/${model.id}`} fw={500} size="sm">
              {model.name}
            </Anchor>
            {model.retired && (
              <Badge size="xs" color="gray" variant="light">
                Retired
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            from {money(model.basePriceCents)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
};

export const OVERVIEW_CARDS: OverviewCard[] = [
  {
    id: 'stages',
    title: 'Orders by stage',
    permission: 'orders:read',
    span: { base: 12 },
    Body: StageTiles,
    more: { label: 'All orders', to: '/orders' },
  },
  {
    id: 'stage-chart',
    title: 'Pipeline',
    permission: 'orders:read',
    span: { base: 12, md: 8 },
    Body: StageChart,
  },
  {
    id: 'totals',
    title: 'At a glance',
    permission: 'customers:read',
    span: { base: 12, md: 4 },
    Body: Totals,
  },
  {
    id: 'recent-orders',
    title: 'Recent orders',
    permission: 'orders:read',
    span: { base: 12, lg: 8 },
    Body: RecentOrders,
    more: { label: 'All orders', to: '/orders' },
  },
  {
    id: 'models',
    title: 'Models',
    permission: 'catalog:read',
    span: { base: 12, lg: 4 },
    Body: Models,
    more: { label: 'Catalog', to: '/models' },
  },
];
