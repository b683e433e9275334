import { Anchor, Button, Grid, Group, Progress, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconCoin, IconFlagOff, IconUserPlus, IconWallet } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { useRecord, useRecordList } from '../../api/queries';
import { useSession } from '../../app/session';
import { AppModal, useRecordModal } from '../../components/CommandForm';
import { Fields } from '../../components/Fields';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/ProblemAlert';
import { RecordTimeline } from '../../components/RecordTimeline';
import { Time } from '../../components/Time';
import { offers } from '../../lib/actions';
import { money } from '../../lib/format';
import { salesQueries } from './api';
import { BudgetForm, EndCampaignForm, SpendForm } from './CampaignForms';
import {
  CampaignStatusBadge,
  Day,
  DetailError,
  DetailLoading,
  LeadStatusBadge,
  NextStep,
  Section,
} from './components';
import { CaptureLeadForm } from './LeadForms';
import { CHANNEL_LABELS } from './labels';
import type { Campaign } from './types';

const monthFormat = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthName = (month: string) => {
  const date = new Date(`${month}-01T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? month : monthFormat.format(date);
};

const SpendByMonth = ({ campaign }: { campaign: Campaign }) => {
  const months = Object.entries(campaign.spendByMonth).sort(([a], [b]) => a.localeCompare(b));
  const used = campaign.budgetCents ? Math.min(100, (campaign.spentCents / campaign.budgetCents) * 100) : 0;
  return (
    <Section id="spend-heading" title="Spend">
      <Group justify="space-between" mb={4}>
        <Text size="sm">
          <span data-testid="campaign-spent">{money(campaign.spentCents)}</span> of{' '}
          <span data-testid="campaign-budget">{money(campaign.budgetCents)}</span>
        </Text>
        <Text size="sm" c="dimmed">
          {Math.round(used)}% used
        </Text>
      </Group>
      <Progress value={used} aria-label="Budget used" mb="md" color={used >= 100 ? 'orange' : undefined} />
      {months.length === 0 ? (
        <Text size="sm" c="dimmed">
          No spend recorded yet.
        </Text>
      ) : (
        <Table verticalSpacing="xs" aria-label="Spend by month">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Month</Table.Th>
              <Table.Th ta="right">Spent</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {months.map(([month, cents]) => (
              <Table.Tr key={month}>
                <Table.Td>{monthName(month)}</Table.Td>
                <Table.Td ta="right">{money(cents)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Section>
  );
};

/** What the campaign brought in, from the campaigns report (needs reports:read). */
const Returns = ({ campaignId }: { campaignId: string }) => {
  const report = useQuery({
    // Under the campaigns key, so recording spend refreshes it with the campaign.
    queryKey: ['campaigns', 'returns'],
    queryFn: ({ signal }) => salesQueries.campaignReturns(signal),
  });
  const row = report.data?.items.find((r) => r.campaignId === campaignId);
  return (
    <Section id="returns-heading" title="Returns">
      {report.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label="Loading returns">
          <Skeleton height={14} />
          <Skeleton height={14} width="60%" />
        </Stack>
      ) : report.isError ? (
        <LoadError error={report.error} onRetry={() => void report.refetch()} what="the returns" />
      ) : !row ? (
        <Text size="sm" c="dimmed">
          Not in the report yet; it catches up moments after a change.
        </Text>
      ) : (
        <Fields
          items={[
            { label: 'Leads', value: row.leads },
            { label: 'Converted', value: row.converted },
            { label: 'Orders', value: row.orders },
            { label: 'Revenue', value: money(row.revenueCents) },
            {
              label: 'Cost per lead',
              value: row.costPerLeadCents === null ? '—' : money(row.costPerLeadCents),
            },
            {
              label: 'Return on spend',
              value: row.returnOnSpend === null ? '—' : `${row.returnOnSpend.toFixed(2)}×`,
            },
          ]}
        />
      )}
    </Section>
  );
};

/** The leads attributed to the campaign, newest first, page by page. */
const CampaignLeads = ({ campaignId }: { campaignId: string }) => {
  const leads = useRecordList('leads', { campaignId });
  const rows = leads.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Section
      id="leads-heading"
      title="Leads"
      actions={
        <Button component={Link} to={`/leads?campaignId=${campaignId}`} variant="subtle" size="xs">
          Open in leads
        </Button>
      }
    >
      {leads.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label="Loading leads">
          <Skeleton height={16} />
          <Skeleton height={16} />
        </Stack>
      ) : leads.isError ? (
        <LoadError error={leads.error} onRetry={() => void leads.refetch()} what="leads" />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No leads attributed yet.
        </Text>
      ) : (
        <Stack gap="sm">
          <Stack gap="xs" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {rows.map((l) => (
              <Group key={l.id} component="li" justify="space-between" wrap="nowrap" gap="xs">
                <Anchor component={Link} to={`/leads/${l.id}`} size="sm" fw={500}>
                  {l.name}
                </Anchor>
                <LeadStatusBadge status={l.status} />
              </Group>
            ))}
          </Stack>
          {leads.hasNextPage && (
            <Group>
              <Button
                variant="default"
                size="xs"
                onClick={() => void leads.fetchNextPage()}
                loading={leads.isFetchingNextPage}
              >
                Load more
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Section>
  );
};

export default function CampaignPage() {
  const id = useParams().id ?? '';
  const campaign = useRecord('campaigns', id);
  useDocumentTitle(`${campaign.data?.name ?? 'Campaign'} · Firefly`);
  const { can } = useSession();
  const navigate = useNavigate();
  const spend = useRecordModal('campaigns', campaign.data);
  const budget = useRecordModal('campaigns', campaign.data);
  const end = useRecordModal('campaigns', campaign.data);
  const [capturing, capture] = useDisclosure();

  if (campaign.isPending) return <DetailLoading what="campaign" />;
  if (campaign.isError) {
    return (
      <DetailError
        title="Campaign"
        trail={{ label: 'Campaigns', to: '/campaigns' }}
        error={campaign.error}
        onRetry={() => void campaign.refetch()}
        what="the campaign"
      />
    );
  }
  const c = campaign.data;
  const active = c.status === 'active';

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            {c.name}
            <span data-testid="campaign-status">
              <CampaignStatusBadge status={c.status} />
            </span>
          </Group>
        }
        description={`${CHANNEL_LABELS[c.channel]} campaign`}
        trail={[{ label: 'Campaigns', to: '/campaigns' }]}
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <NextStep
              hint={
                active
                  ? `Running until ${c.endsOn}: record spend as it happens; leads can be attributed to it.`
                  : `Ended${c.endedOn ? ` on ${c.endedOn}` : ''}. Its leads stay attributed to it.`
              }
              actions={[
                offers(c, 'record-spend') && (
                  <Button key="spend" leftSection={<IconCoin size={16} aria-hidden />} onClick={spend.open}>
                    Record spend
                  </Button>
                ),
                offers(c, 'change-budget') && (
                  <Button
                    key="budget"
                    variant="default"
                    leftSection={<IconWallet size={16} aria-hidden />}
                    onClick={budget.open}
                  >
                    Change budget
                  </Button>
                ),
                can('leads:write') && (
                  <Button
                    key="lead"
                    variant="default"
                    leftSection={<IconUserPlus size={16} aria-hidden />}
                    onClick={capture.open}
                  >
                    Capture lead
                  </Button>
                ),
                offers(c, 'end') && (
                  <Button
                    key="end"
                    variant="light"
                    color="red"
                    leftSection={<IconFlagOff size={16} aria-hidden />}
                    onClick={end.open}
                  >
                    End campaign
                  </Button>
                ),
              ]}
            />
            <Section id="details-heading" title="Details">
              <Fields
                items={[
                  { label: 'Channel', value: CHANNEL_LABELS[c.channel] },
                  { label: 'Budget', value: money(c.budgetCents) },
                  { label: 'Spent', value: money(c.spentCents) },
                  { label: 'Left', value: money(Math.max(0, c.budgetCents - c.spentCents)) },
                  { label: 'Starts on', value: <Day day={c.startsOn} /> },
                  { label: 'Ends on', value: <Day day={c.endsOn} /> },
                  { label: 'Ended on', value: <Day day={c.endedOn} /> },
                  { label: 'Last changed', value: <Time iso={c.updatedAt} withAbsolute /> },
                  { label: 'Version', value: c.version },
                ]}
              />
            </Section>
            <SpendByMonth campaign={c} />
            {can('reports:read') && <Returns campaignId={c.id} />}
            {can('leads:read') && <CampaignLeads campaignId={c.id} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <RecordTimeline resource="campaigns" id={c.id} version={c.version} />
        </Grid.Col>
      </Grid>
      <AppModal opened={spend.opened} onClose={spend.close} title={`Record spend on ${c.name}`}>
        <SpendForm campaign={c} modal={spend} />
      </AppModal>
      <AppModal opened={budget.opened} onClose={budget.close} title={`Change the budget of ${c.name}`}>
        <BudgetForm campaign={c} modal={budget} />
      </AppModal>
      <AppModal opened={end.opened} onClose={end.close} title={`End ${c.name}`}>
        <EndCampaignForm campaign={c} modal={end} />
      </AppModal>
      <AppModal opened={capturing} onClose={capture.close} title={`Capture a lead from ${c.name}`} size="lg">
        <CaptureLeadForm
          campaign={c}
          onCancel={capture.close}
          onDone={(lead) => navigate(`/leads/${lead.id}`)}
        />
      </AppModal>
    </>
  );
}
