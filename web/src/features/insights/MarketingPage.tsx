import { Table, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { PageHeader } from '../../components/PageHeader';
import { enumLabel, money, percent } from '../../lib/format';
import { type MarketingReturn, useMarketingReturn } from './api';
import { RunFigures } from './components';

const Rows = ({ rows, label }: { rows: MarketingReturn['channels']; label: string }) => (
  <Table.ScrollContainer minWidth={800}>
    <Table aria-label={label} verticalSpacing="xs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{label === 'Channels' ? 'Channel' : 'Campaign'}</Table.Th>
          <Table.Th>Spend</Table.Th>
          <Table.Th>Leads</Table.Th>
          <Table.Th>Orders</Table.Th>
          <Table.Th>Revenue</Table.Th>
          <Table.Th>Per lead</Table.Th>
          <Table.Th>Per order</Table.Th>
          <Table.Th>Conversion</Table.Th>
          <Table.Th>Revenue per $</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.key}>
            <Table.Td>{label === 'Channels' ? enumLabel(r.name) : r.name}</Table.Td>
            <Table.Td>{money(r.spendCents)}</Table.Td>
            <Table.Td>{r.leads}</Table.Td>
            <Table.Td>{r.orders}</Table.Td>
            <Table.Td>{money(r.revenueCents)}</Table.Td>
            <Table.Td>{r.costPerLeadCents === null ? '—' : money(r.costPerLeadCents)}</Table.Td>
            <Table.Td>{r.costPerOrderCents === null ? '—' : money(r.costPerOrderCents)}</Table.Td>
            <Table.Td>{percent(r.conversion)}</Table.Td>
            <Table.Td>{r.returnOnSpend ?? '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  </Table.ScrollContainer>
);

/** Cost per lead and per order, conversion and return by channel and campaign. */
export default function MarketingPage() {
  useDocumentTitle('Marketing return · Insights · Firefly');
  const figures = useMarketingReturn();
  const w = figures.data?.window;
  const header = (
    <PageHeader
      title="Marketing return"
      description={`Leads captured ${w ? `from ${w.from} to ${w.to}` : 'over a year'} (ending three months ago, so their orders have come in); each order counts for the lead that became its customer.`}
    />
  );
  return (
    <RunFigures header={header} query={figures} what="Marketing return">
      {(data) => (
        <>
          <Title order={2} size="h4" mb="xs">
            By channel
          </Title>
          <Rows rows={data.channels} label="Channels" />
          <Title order={2} size="h4" my="xs">
            By campaign
          </Title>
          <Rows rows={data.campaigns} label="Campaigns" />
        </>
      )}
    </RunFigures>
  );
}
