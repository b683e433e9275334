import { SimpleGrid, Table, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/ProblemAlert';
import { enumLabel, money, percent } from '../../lib/format';
import { useRoi } from './api';
import { Loading } from './components';

const Stat = ({ label, value }: { label: string; value: string }) => (
  <div>
    <Text size="xs" c="dimmed">
      {label}
    </Text>
    <Text fw={600} size="lg">
      {value}
    </Text>
  </div>
);

/** What implemented recommendations realised, and how right past confidences were. */
export default function RoiPage() {
  useDocumentTitle('ROI · Insights · Firefly');
  const roi = useRoi();
  const header = (
    <PageHeader
      title="Return on insights"
      description="Each recommendation is measured after its horizon against what the history shows would have happened without it."
    />
  );
  if (roi.isError)
    return (
      <>
        {header}
        <LoadError error={roi.error} onRetry={() => void roi.refetch()} what="ROI" />
      </>
    );
  if (!roi.data)
    return (
      <>
        {header}
        <Loading label="Loading ROI" />
      </>
    );
  const r = roi.data;
  return (
    <>
      {header}
      <SimpleGrid cols={{ base: 2, sm: 4 }} mb="md" data-testid="roi-figures">
        <Stat label="Realised by implemented ones" value={money(r.realisedCents)} />
        <Stat label="Their estimates" value={money(r.estimatedCents)} />
        <Stat label="At stake in those not acted on" value={money(r.missedCents)} />
        <Stat
          label="Proposed · accepted · implemented · measured"
          value={`${r.counts.proposed} · ${r.counts.accepted} · ${r.counts.implemented} · ${r.counts.measured}`}
        />
      </SimpleGrid>
      <Table aria-label="By category" mb="md">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Category</Table.Th>
            <Table.Th>Implemented and measured</Table.Th>
            <Table.Th>Realised</Table.Th>
            <Table.Th>Estimated</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {r.byCategory.map((c) => (
            <Table.Tr key={c.category}>
              <Table.Td>{enumLabel(c.category)}</Table.Td>
              <Table.Td>{c.implemented}</Table.Td>
              <Table.Td>{money(c.realisedCents)}</Table.Td>
              <Table.Td>{money(c.estimatedCents)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Table aria-label="How right past confidences were">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Confidence claimed</Table.Th>
            <Table.Th>Measured</Table.Th>
            <Table.Th>Claimed on average</Table.Th>
            <Table.Th>Came true</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {r.calibration.map((c) => (
            <Table.Tr key={c.from}>
              <Table.Td>
                {percent(c.from)} – {percent(c.to)}
              </Table.Td>
              <Table.Td>{c.measured}</Table.Td>
              <Table.Td>{c.claimed === null ? '—' : percent(c.claimed)}</Table.Td>
              <Table.Td>{c.observed === null ? '—' : percent(c.observed)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
