import { Badge, Table, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { PageHeader } from '../../components/PageHeader';
import { money, percent } from '../../lib/format';
import { useInventoryAdvice } from './api';
import { RunFigures } from './components';

/** Reorder advice per item: usage, lead time, safety stock, reorder point, order quantity, run-out day. */
export default function InventoryPage() {
  useDocumentTitle('Inventory advice · Insights · Firefly');
  const advice = useInventoryAdvice();
  const hit = advice.data?.hitRate;
  const header = (
    <PageHeader
      title="Inventory advice"
      description={`Safety stock for a 95% service level from the spread of weekly usage and of suppliers' lead times (placed to received).${hit ? ` Past advice: ${percent(hit.value)} right on ${hit.samples} cases.` : ''}`}
    />
  );
  return (
    <RunFigures header={header} query={advice} what="Inventory advice">
      {(data) => (
        <>
          <Table.ScrollContainer minWidth={900}>
            <Table aria-label="Inventory advice" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Item</Table.Th>
                  <Table.Th>Usage / week</Table.Th>
                  <Table.Th>Lead time (days)</Table.Th>
                  <Table.Th>On hand</Table.Th>
                  <Table.Th>Reserved</Table.Th>
                  <Table.Th>On order</Table.Th>
                  <Table.Th>Safety stock</Table.Th>
                  <Table.Th>Reorder point</Table.Th>
                  <Table.Th>Order qty</Table.Th>
                  <Table.Th>Runs out</Table.Th>
                  <Table.Th>Per unit</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((i) => (
                  <Table.Tr key={i.itemId}>
                    <Table.Td>
                      {i.name}{' '}
                      {i.needsOrder && (
                        <Badge color="orange" radius="sm" variant="light">
                          Order
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {i.usagePerWeek}{' '}
                      <Text span size="xs" c="dimmed">
                        ± {i.usageSd}
                      </Text>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {i.demandModel}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {i.leadTimeDays}{' '}
                      <Text span size="xs" c="dimmed">
                        ± {i.leadTimeSdDays}
                      </Text>
                    </Table.Td>
                    <Table.Td>{i.onHand}</Table.Td>
                    <Table.Td>{i.reserved}</Table.Td>
                    <Table.Td>{i.onOrder}</Table.Td>
                    <Table.Td>{Math.ceil(i.safetyStock)}</Table.Td>
                    <Table.Td>{Math.ceil(i.reorderPoint)}</Table.Td>
                    <Table.Td>{i.orderQuantity}</Table.Td>
                    <Table.Td>{i.runsOutOn ?? '—'}</Table.Td>
                    <Table.Td>{money(i.marginPerUnitCents)}</Table.Td>
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
