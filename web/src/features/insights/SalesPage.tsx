import { Anchor, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { enumLabel, money, percent, shortId } from '../../lib/format';
import { type SalesInsights, useSalesInsights } from './api';
import { Loading, RunFigures } from './components';

const CalibrationChart = lazy(() => import('./CalibrationChart'));

const share = (v: number | null) => (v === null ? '–' : percent(v));
const range = (lo: number | null, hi: number | null) =>
  lo === null || hi === null ? '' : `${percent(lo)} – ${percent(hi)}`;

const LeadScoring = ({ scoring }: { scoring: NonNullable<SalesInsights['leadScoring']> }) => (
  <Stack gap="sm">
    <Title order={3}>Lead scoring</Title>
    <Text size="sm">
      Probability to convert from what is known at capture (channel, timeline, budget, a model of interest,
      consent), by logistic regression fitted on {scoring.trained} older leads and judged on the{' '}
      {scoring.heldOut} newest whose outcome is known. Base rate {percent(scoring.baseRate)}; on held-out
      leads the Brier score is {scoring.brier ?? '–'} against {scoring.brierBaseRate ?? '–'} for the base rate
      alone, and the AUC {scoring.auc ?? '–'}.
    </Text>
    <Suspense fallback={<Loading label="Loading the chart" />}>
      <CalibrationChart bins={scoring.calibration} />
    </Suspense>
    <Table aria-label="Calibration by decile" verticalSpacing={4} maw={560}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Decile</Table.Th>
          <Table.Th>Leads</Table.Th>
          <Table.Th>Predicted</Table.Th>
          <Table.Th>Observed</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {scoring.calibration.map((b) => (
          <Table.Tr key={b.decile}>
            <Table.Td>{b.decile}</Table.Td>
            <Table.Td>{b.leads}</Table.Td>
            <Table.Td>{percent(b.predicted)}</Table.Td>
            <Table.Td>{percent(b.observed)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
    <Title order={4}>Open leads most likely to convert</Title>
    <Table aria-label="Open leads by score" verticalSpacing={4} maw={720}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Lead</Table.Th>
          <Table.Th>Channel</Table.Th>
          <Table.Th>Captured</Table.Th>
          <Table.Th>Probability</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {scoring.open.map((l) => (
          <Table.Tr key={l.leadId}>
            <Table.Td>
              <Anchor component={Link} to={`/leads/${l.leadId}`}>
                {shortId(l.leadId)}
              </Anchor>
            </Table.Td>
            <Table.Td>{enumLabel(l.channel)}</Table.Td>
            <Table.Td>{l.capturedOn}</Table.Td>
            <Table.Td>{percent(l.probability)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  </Stack>
);

/** Lead scoring with its calibration, discount versus win rate, and option attach rates. */
export default function SalesPage() {
  useDocumentTitle('Sales · Insights · Firefly');
  const sales = useSalesInsights();
  const header = (
    <PageHeader
      title="Leads and pricing"
      description={`How likely leads are to convert, how discounts relate to winning quotes, and which options sell with each model.${sales.data?.asOf ? ` As of ${sales.data.asOf.slice(0, 10)}.` : ''}`}
    />
  );
  return (
    <RunFigures header={header} query={sales} what="Sales insights">
      {(data) => (
        <Stack gap="xl">
          {data.leadScoring ? (
            <LeadScoring scoring={data.leadScoring} />
          ) : (
            <Text c="dimmed">Too few leads with a known outcome to score.</Text>
          )}
          <Stack gap="sm">
            <Title order={3}>Discount versus win rate</Title>
            <Text size="sm">
              Decided quotes by the share of the subtotal discounted, with an 80% interval on the win rate.
            </Text>
            <Table aria-label="Discount versus win rate" verticalSpacing={4} maw={720}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Discount</Table.Th>
                  <Table.Th>Quotes</Table.Th>
                  <Table.Th>Won</Table.Th>
                  <Table.Th>Win rate</Table.Th>
                  <Table.Th>80% interval</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.discounts.map((d) => (
                  <Table.Tr key={d.band}>
                    <Table.Td>{d.band}</Table.Td>
                    <Table.Td>{d.quotes}</Table.Td>
                    <Table.Td>{d.won}</Table.Td>
                    <Table.Td>{share(d.winRate)}</Table.Td>
                    <Table.Td>{range(d.lo, d.hi)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
          <Stack gap="sm">
            <Title order={3}>Option attach rates</Title>
            <Table.ScrollContainer minWidth={720}>
              <Table aria-label="Option attach rates" verticalSpacing={4}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Model</Table.Th>
                    <Table.Th>Option</Table.Th>
                    <Table.Th>Orders with it</Table.Th>
                    <Table.Th>Attach rate</Table.Th>
                    <Table.Th>80% interval</Table.Th>
                    <Table.Th>Revenue</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.attachRates.map((a) => (
                    <Table.Tr key={`${a.modelId}:${a.code}`}>
                      <Table.Td>{a.modelName}</Table.Td>
                      <Table.Td>{a.name}</Table.Td>
                      <Table.Td>
                        {a.attached} of {a.orders}
                      </Table.Td>
                      <Table.Td>{share(a.rate)}</Table.Td>
                      <Table.Td>{range(a.lo, a.hi)}</Table.Td>
                      <Table.Td>{money(a.revenueCents)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        </Stack>
      )}
    </RunFigures>
  );
}
