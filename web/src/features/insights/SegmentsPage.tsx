import { Table, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { PageHeader } from '../../components/PageHeader';
import { enumLabel, money } from '../../lib/format';
import { useSegments } from './api';
import { RunFigures } from './components';

/** Customer segments by recency, frequency and money (RFM), each with what it means. */
export default function SegmentsPage() {
  useDocumentTitle('Segments · Insights · Firefly');
  const segments = useSegments();
  const header = (
    <PageHeader
      title="Customer segments"
      description={`RFM: each customer scored 1–5 on how recently, how often and how much they bought, by quintile.${segments.data?.asOf ? ` As of ${segments.data.asOf}.` : ''}`}
    />
  );
  return (
    <RunFigures header={header} query={segments} what="Segments">
      {(data) => (
        <>
          <Table.ScrollContainer minWidth={640}>
            <Table aria-label="Customer segments" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Segment</Table.Th>
                  <Table.Th>Customers</Table.Th>
                  <Table.Th>Spent</Table.Th>
                  <Table.Th>Days since last order</Table.Th>
                  <Table.Th>Orders each</Table.Th>
                  <Table.Th>What it means</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((s) => (
                  <Table.Tr key={s.segment}>
                    <Table.Td>{enumLabel(s.segment)}</Table.Td>
                    <Table.Td>{s.customers}</Table.Td>
                    <Table.Td>{money(s.spentCents)}</Table.Td>
                    <Table.Td>{s.averageRecencyDays}</Table.Td>
                    <Table.Td>{s.averageOrders}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{s.description}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </RunFigures>
  );
}
