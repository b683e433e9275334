import {
  Anchor,
  Badge,
  Card,
  Group,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import type { ComponentType, ReactNode } from 'react';
import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { OrderStage, Permission } from '../../api/types';
import { useSession } from '../../app/session';
import { LoadError } from '../../components/ProblemAlert';
import { Time } from '../../components/Time';
import {
  enumLabel,
  money,
  monthLabel,
  PIPELINE,
  percent,
  STAGE_COLORS,
  STAGE_LABELS,
} from '../../lib/format';
import { recordPage } from '../../lib/records';
import { CHANNEL_LABELS } from '../sales/labels';
import { useOverview, useShownFigures } from './data';
import type { OverviewReport } from './types';

// recharts is the largest library here: both charts load on demand, after the figures.
const loadStageChart = () => import('./OrdersByStageChart');
const loadRevenueChart = () => import('./RevenueChart');
const OrdersByStageChart = lazy(loadStageChart);
const RevenueChart = lazy(loadRevenueChart);

/** One card on the overview: the permission it needs, how wide it is, and a link to the list behind it. */
export interface OverviewCard {
  id: string;
  title: string;
  permission?: Permission;
  /** Columns out of 12, per breakpoint. */
  span: { base: number; md?: number; lg?: number };
  Body: ComponentType;
  more?: { label: string; to: string; permission?: Permission };
}

export const CardFrame = ({ card, children }: { card: OverviewCard; children: ReactNode }) => {
  const { can } = useSession();
  return (
    <Card withBorder padding="lg" h="100%" component="section" aria-labelledby={`card-${card.id}`}>
      <Group justify="space-between" mb="md" wrap="nowrap">
        <Title order={2} size="h4" id={`card-${card.id}`}>
          {card.title}
        </Title>
        {card.more && (!card.more.permission || can(card.more.permission)) && (
          <Anchor component={Link} to={card.more.to} size="sm">
            {card.more.label}
          </Anchor>
        )}
      </Group>
      {children}
    </Card>
  );
};

const PLACEHOLDER_ROWS = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];

const Loading = ({ rows = 3 }: { rows?: number }) => (
  <Stack gap="sm" aria-busy="true" aria-label="Loading">
    {PLACEHOLDER_ROWS.slice(0, rows).map((row) => (
      <Skeleton key={row} height={18} />
    ))}
  </Stack>
);

/** The shared figures for a card: a skeleton while they load, the problem if they failed. */
const WithFigures = ({
  rows,
  children,
}: {
  rows?: number;
  children: (report: OverviewReport) => ReactNode;
}) => {
  const overview = useOverview();
  const figures = useShownFigures(overview.data);
  if (overview.isError)
    return <LoadError error={overview.error} onRetry={() => void overview.refetch()} what="the figures" />;
  if (!figures) return <Loading rows={rows} />;
  return <>{children(figures)}</>;
};

const Empty = ({ children }: { children: ReactNode }) => (
  <Text c="dimmed" size="sm">
    {children}
  </Text>
);

const StageTiles = () => (
  <WithFigures rows={2}>
    {(report) => (
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
        {report.ordersByStage.map(({ stage, orders, valueCents }) => (
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
                {orders.toLocaleString('en-US')}
              </Text>
              <Text size="xs" c="dimmed">
                {money(valueCents)}
              </Text>
            </Card>
          </UnstyledButton>
        ))}
      </SimpleGrid>
    )}
  </WithFigures>
);

const RevenueTable = ({ report }: { report: OverviewReport }) => (
  <Table.ScrollContainer minWidth={420}>
    <Table verticalSpacing={4} aria-label="Revenue by month" fz="sm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Month</Table.Th>
          <Table.Th ta="right">Revenue</Table.Th>
          <Table.Th ta="right">A year before</Table.Th>
          <Table.Th ta="right">Orders placed</Table.Th>
          <Table.Th ta="right" visibleFrom="sm">
            Collected
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {report.revenueByMonth.map((m) => (
          <Table.Tr key={m.month}>
            <Table.Th scope="row" fw={500}>
              {monthLabel(m.month)}
            </Table.Th>
            <Table.Td ta="right">{money(m.revenueCents)}</Table.Td>
            <Table.Td ta="right">{money(m.priorYear.revenueCents)}</Table.Td>
            <Table.Td ta="right">{m.orders}</Table.Td>
            <Table.Td ta="right" visibleFrom="sm">
              {money(m.collectedCents)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  </Table.ScrollContainer>
);

const Revenue = () => {
  const [view, setView] = useState<'chart' | 'table'>('chart');
  useEffect(() => void loadRevenueChart(), []);
  return (
    <WithFigures rows={6}>
      {(report) => (
        <Stack gap="sm">
          <SegmentedControl
            size="xs"
            w="fit-content"
            aria-label="Show revenue as"
            value={view}
            onChange={(value) => setView(value === 'table' ? 'table' : 'chart')}
            data={[
              { value: 'chart', label: 'Chart' },
              { value: 'table', label: 'Table' },
            ]}
          />
          {view === 'chart' ? (
            <Suspense fallback={<Skeleton height={280} />}>
              <RevenueChart months={report.revenueByMonth} />
            </Suspense>
          ) : (
            <RevenueTable report={report} />
          )}
        </Stack>
      )}
    </WithFigures>
  );
};

const change = (now: number, before: number): string | undefined =>
  before > 0 ? `${now >= before ? '+' : ''}${percent(now / before - 1)} on the year before` : undefined;

const Totals = () => (
  <WithFigures rows={4}>
    {(report) => {
      const revenue = report.revenueByMonth.reduce((sum, m) => sum + m.revenueCents, 0);
      const prior = report.revenueByMonth.reduce((sum, m) => sum + m.priorYear.revenueCents, 0);
      const open = report.ordersByStage.filter((s) => PIPELINE.includes(s.stage) && s.stage !== 'delivered');
      const leads = report.leadsByChannel.reduce((sum, c) => sum + c.leads, 0);
      const converted = report.leadsByChannel.reduce((sum, c) => sum + c.converted, 0);
      const toReorder = report.lowStock.filter((i) => !i.covered).length;
      const rows: { label: string; value: string; note?: string; to: string; testId: string }[] = [
        {
          label: 'Revenue, last 12 months',
          value: money(revenue),
          note: change(revenue, prior),
          to: '/orders?stage=delivered',
          testId: 'revenue-total',
        },
        {
          label: 'Open orders',
          value: open.reduce((sum, s) => sum + s.orders, 0).toLocaleString('en-US'),
          note: `${money(open.reduce((sum, s) => sum + s.valueCents, 0))} in the pipeline`,
          to: '/orders',
          testId: 'open-orders',
        },
        {
          label: 'Leads, last 12 months',
          value: leads.toLocaleString('en-US'),
          note: leads > 0 ? `${percent(converted / leads)} became customers` : undefined,
          to: '/leads',
          testId: 'leads-total',
        },
        {
          label: 'Items to reorder',
          value: String(toReorder),
          note: `${report.lowStock.length} at or below their reorder point`,
          to: '/inventory',
          testId: 'items-to-reorder',
        },
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
                {row.note && (
                  <Text size="xs" c="dimmed">
                    {row.note}
                  </Text>
                )}
              </Card>
            </UnstyledButton>
          ))}
        </Stack>
      );
    }}
  </WithFigures>
);

const StageChart = () => {
  const navigate = useNavigate();
  useEffect(() => void loadStageChart(), []);
  return (
    <WithFigures rows={6}>
      {(report) => (
        <Suspense fallback={<Skeleton height={260} />}>
          <OrdersByStageChart
            counts={
              Object.fromEntries(report.ordersByStage.map((s) => [s.stage, s.orders])) as Record<
                OrderStage,
                number
              >
            }
            onSelect={(stage) => navigate(`/orders?stage=${stage}`)}
          />
        </Suspense>
      )}
    </WithFigures>
  );
};

const LeadsByChannel = () => (
  <WithFigures rows={5}>
    {(report) =>
      report.leadsByChannel.every((c) => c.leads === 0) ? (
        <Empty>No leads in the last 12 months.</Empty>
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table verticalSpacing="xs" aria-label="Leads by channel, last 12 months" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Channel</Table.Th>
                <Table.Th ta="right">Leads</Table.Th>
                <Table.Th ta="right">Qualified</Table.Th>
                <Table.Th ta="right">Converted</Table.Th>
                <Table.Th w={140}>Conversion</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...report.leadsByChannel]
                .sort((a, b) => b.leads - a.leads)
                .map((c) => (
                  <Table.Tr key={c.channel}>
                    <Table.Th scope="row" fw={500}>
                      <Anchor component={Link} to={`/leads?channel=${c.channel}`} size="sm" fw={500}>
                        {CHANNEL_LABELS[c.channel]}
                      </Anchor>
                    </Table.Th>
                    <Table.Td ta="right">{c.leads.toLocaleString('en-US')}</Table.Td>
                    <Table.Td ta="right">{c.qualified.toLocaleString('en-US')}</Table.Td>
                    <Table.Td ta="right">{c.converted.toLocaleString('en-US')}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Progress
                          value={c.conversionRate * 100}
                          w={70}
                          aria-label={`${CHANNEL_LABELS[c.channel]} conversion`}
                        />
                        <Text size="sm">{percent(c.conversionRate)}</Text>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )
    }
  </WithFigures>
);

const LowStock = () => (
  <WithFigures rows={5}>
    {(report) =>
      report.lowStock.length === 0 ? (
        <Empty>Every item is above its reorder point.</Empty>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs" aria-label="Items at or below their reorder point" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Item</Table.Th>
                <Table.Th ta="right">Available</Table.Th>
                <Table.Th ta="right">Reorder point</Table.Th>
                <Table.Th ta="right" visibleFrom="sm">
                  On order
                </Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.lowStock.slice(0, 8).map((item) => (
                <Table.Tr key={item.itemId}>
                  <Table.Th scope="row" fw={500}>
                    <Anchor component={Link} to={`/inventory/${item.itemId}`} size="sm" fw={500}>
                      {item.name}
                    </Anchor>
                  </Table.Th>
                  <Table.Td ta="right">
                    {item.available.toLocaleString('en-US')} {item.unit}
                  </Table.Td>
                  <Table.Td ta="right">{item.reorderPoint.toLocaleString('en-US')}</Table.Td>
                  <Table.Td ta="right" visibleFrom="sm">
                    {item.onOrder.toLocaleString('en-US')}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {item.covered ? (
                      <Badge color="blue" variant="light" style={{ overflow: 'visible' }}>
                        On order
                      </Badge>
                    ) : (
                      <Badge color="red" variant="light">
                        Reorder
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )
    }
  </WithFigures>
);

const LatestActivity = () => {
  const { can } = useSession();
  return (
    <WithFigures rows={6}>
      {(report) =>
        report.latestActivity.length === 0 ? (
          <Empty>Nothing has happened yet.</Empty>
        ) : (
          <Stack gap={10} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {report.latestActivity.slice(0, 10).map((event) => {
              const page = recordPage(event.streamId);
              return (
                <Group
                  key={event.id}
                  component="li"
                  justify="space-between"
                  wrap="nowrap"
                  align="flex-start"
                  data-activity-type={event.type}
                >
                  <Stack gap={0}>
                    {page && can(page.permission) ? (
                      <Anchor component={Link} to={page.to} size="sm" fw={500}>
                        {event.summary}
                      </Anchor>
                    ) : (
                      <Text size="sm" fw={500}>
                        {event.summary}
                      </Text>
                    )}
                    <Text size="xs" c="dimmed">
                      {enumLabel(event.context)} · {event.actor.email ?? event.actor.id}
                    </Text>
                  </Stack>
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    <Time iso={event.occurredAt} />
                  </Text>
                </Group>
              );
            })}
          </Stack>
        )
      }
    </WithFigures>
  );
};

const CARDS: Omit<OverviewCard, 'permission'>[] = [
  {
    id: 'stages',
    title: 'Orders by stage',
    span: { base: 12 },
    Body: StageTiles,
    more: { label: 'All orders', to: '/orders', permission: 'orders:read' },
  },
  {
    id: 'revenue',
    title: 'Revenue by month',
    span: { base: 12, md: 8 },
    Body: Revenue,
    more: { label: 'Delivered orders', to: '/orders?stage=delivered', permission: 'orders:read' },
  },
  { id: 'totals', title: 'At a glance', span: { base: 12, md: 4 }, Body: Totals },
  {
    id: 'leads',
    title: 'Leads by channel',
    span: { base: 12, lg: 6 },
    Body: LeadsByChannel,
    more: { label: 'All leads', to: '/leads', permission: 'leads:read' },
  },
  {
    id: 'pipeline',
    title: 'Pipeline',
    span: { base: 12, lg: 6 },
    Body: StageChart,
    more: { label: 'All orders', to: '/orders', permission: 'orders:read' },
  },
  {
    id: 'low-stock',
    title: 'Low stock',
    span: { base: 12, lg: 6 },
    Body: LowStock,
    more: { label: 'Inventory', to: '/inventory', permission: 'inventory:read' },
  },
  {
    id: 'activity',
    title: 'Latest activity',
    span: { base: 12, lg: 6 },
    Body: LatestActivity,
    more: { label: 'Audit log', to: '/audit', permission: 'audit:read' },
  },
];

/** Every card reads the reports API; the links inside each need their own permissions. */
export const OVERVIEW_CARDS: OverviewCard[] = CARDS.map((card) => ({ ...card, permission: 'reports:read' }));
