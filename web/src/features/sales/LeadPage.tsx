import { Anchor, Badge, Button, Grid, Group, Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconCircleCheck, IconMail, IconMessagePlus, IconUserCheck, IconUserX } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { useRecord } from '../../api/queries';
import { useSession } from '../../app/session';
import { AppModal, useRecordModal } from '../../components/CommandForm';
import { CustomerName } from '../../components/CustomerName';
import { Fields } from '../../components/Fields';
import { PageHeader } from '../../components/PageHeader';
import { RecordTimeline } from '../../components/RecordTimeline';
import { Time } from '../../components/Time';
import { offers } from '../../lib/actions';
import { money } from '../../lib/format';
import {
  CampaignName,
  Day,
  DetailError,
  DetailLoading,
  LeadStatusBadge,
  ModelName,
  NextStep,
  Section,
} from './components';
import {
  ConvertLeadForm,
  DisqualifyLeadForm,
  LeadConsentForm,
  LogContactForm,
  QualifyLeadForm,
} from './LeadForms';
import { CHANNEL_LABELS, CONTACT_LABELS, DISQUALIFY_LABELS, TIMELINE_LABELS } from './labels';
import type { Lead } from './types';

const Contacts = ({ lead }: { lead: Lead }) => (
  <Section id="contacts-heading" title="Contacts">
    {lead.contacts.length === 0 ? (
      <Text size="sm" c="dimmed">
        No contact logged yet.
      </Text>
    ) : (
      <Stack gap="sm" component="ol" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {lead.contacts.map((c, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: append-only list, the index never changes meaning
          <Stack key={index} component="li" gap={2}>
            <Group gap="xs">
              <Badge variant="outline" color="gray" size="sm">
                {CONTACT_LABELS[c.method]}
              </Badge>
              <Text size="xs" c="dimmed" component="span">
                <Day day={c.on} />
              </Text>
            </Group>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {c.summary}
            </Text>
          </Stack>
        ))}
      </Stack>
    )}
  </Section>
);

const hint = (lead: Lead) => {
  switch (lead.status) {
    case 'new':
      return 'New lead: get in touch and log how it went.';
    case 'contacted':
      return 'In conversation: qualify the lead once budget, land and timeline are clear.';
    case 'qualified':
      return 'Qualified: convert the lead into a customer to quote and sell.';
    case 'disqualified':
      return `Closed: ${lead.disqualifyReason ? DISQUALIFY_LABELS[lead.disqualifyReason].toLowerCase() : 'will not buy'}.`;
    case 'converted':
      return (
        <>
          Converted: now a customer, {lead.customerId ? <CustomerName id={lead.customerId} /> : 'registered'}.
          Quotes and orders continue on their page.
        </>
      );
  }
};

export default function LeadPage() {
  const id = useParams().id ?? '';
  const lead = useRecord('leads', id);
  useDocumentTitle(`${lead.data?.name ?? 'Lead'} · Firefly`);
  const { can } = useSession();
  const contact = useRecordModal('leads', lead.data);
  const qualify = useRecordModal('leads', lead.data);
  const disqualify = useRecordModal('leads', lead.data);
  const convert = useRecordModal('leads', lead.data);
  const consent = useRecordModal('leads', lead.data);

  if (lead.isPending) return <DetailLoading what="lead" />;
  if (lead.isError) {
    return (
      <DetailError
        title="Lead"
        trail={{ label: 'Leads', to: '/leads' }}
        error={lead.error}
        onRetry={() => void lead.refetch()}
        what="the lead"
      />
    );
  }
  const l = lead.data;

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            {l.name}
            <span data-testid="lead-status">
              <LeadStatusBadge status={l.status} />
            </span>
          </Group>
        }
        description={l.email}
        trail={[{ label: 'Leads', to: '/leads' }]}
        actions={
          offers(l, 'set-consent') && (
            <Button variant="default" leftSection={<IconMail size={16} aria-hidden />} onClick={consent.open}>
              Change consent
            </Button>
          )
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <NextStep
              hint={hint(l)}
              actions={[
                offers(l, 'convert') && (
                  <Button
                    key="convert"
                    leftSection={<IconCircleCheck size={16} aria-hidden />}
                    onClick={convert.open}
                  >
                    Convert to customer
                  </Button>
                ),
                offers(l, 'log-contact') && (
                  <Button
                    key="contact"
                    variant={l.status === 'qualified' ? 'default' : 'filled'}
                    leftSection={<IconMessagePlus size={16} aria-hidden />}
                    onClick={contact.open}
                  >
                    Log contact
                  </Button>
                ),
                offers(l, 'qualify') && (
                  <Button
                    key="qualify"
                    variant="default"
                    leftSection={<IconUserCheck size={16} aria-hidden />}
                    onClick={qualify.open}
                  >
                    Qualify
                  </Button>
                ),
                offers(l, 'disqualify') && (
                  <Button
                    key="disqualify"
                    variant="light"
                    color="red"
                    leftSection={<IconUserX size={16} aria-hidden />}
                    onClick={disqualify.open}
                  >
                    Disqualify
                  </Button>
                ),
                l.customerId && can('customers:read') && (
                  <Button key="customer" component={Link} to={`/customers/${l.customerId}`} variant="default">
                    Open customer
                  </Button>
                ),
                l.customerId && can('quotes:read') && (
                  <Button
                    key="quotes"
                    component={Link}
                    to={`/quotes?customerId=${l.customerId}`}
                    variant="default"
                  >
                    Quotes for this customer
                  </Button>
                ),
              ]}
            />
            <Section id="details-heading" title="Details">
              <Fields
                items={[
                  { label: 'Email', value: l.email },
                  { label: 'Phone', value: l.phone ?? '—' },
                  { label: 'Channel', value: CHANNEL_LABELS[l.channel] },
                  { label: 'Campaign', value: l.campaignId ? <CampaignName id={l.campaignId} /> : 'None' },
                  {
                    label: 'Interested in',
                    value: l.interestModelId ? <ModelName id={l.interestModelId} /> : 'No model yet',
                  },
                  {
                    label: 'Marketing',
                    value: (
                      <span data-testid="lead-consent">
                        {l.marketingConsent ? (
                          <Badge color="green" variant="light">
                            Opted in
                          </Badge>
                        ) : (
                          'No consent'
                        )}
                      </span>
                    ),
                  },
                  { label: 'Captured on', value: <Day day={l.capturedOn} /> },
                  { label: 'Budget', value: l.budgetCents === undefined ? '—' : money(l.budgetCents) },
                  { label: 'Timeline', value: l.timeline ? TIMELINE_LABELS[l.timeline] : '—' },
                  { label: 'Qualified on', value: <Day day={l.qualifiedOn} /> },
                  {
                    label: 'Disqualified because',
                    value: l.disqualifyReason ? DISQUALIFY_LABELS[l.disqualifyReason] : '—',
                  },
                  { label: 'Closed on', value: <Day day={l.closedOn} /> },
                  {
                    label: 'Customer',
                    value: l.customerId ? (
                      <span data-testid="lead-customer">
                        <CustomerName id={l.customerId} />
                      </span>
                    ) : (
                      '—'
                    ),
                  },
                  { label: 'Note', value: l.note ?? '—' },
                  { label: 'Last changed', value: <Time iso={l.updatedAt} withAbsolute /> },
                  { label: 'Version', value: l.version },
                ]}
              />
              {l.campaignId && can('marketing:read') && (
                <Text size="sm" mt="md">
                  <Anchor component={Link} to={`/leads?campaignId=${l.campaignId}`}>
                    Other leads from this campaign
                  </Anchor>
                </Text>
              )}
            </Section>
            <Contacts lead={l} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <RecordTimeline resource="leads" id={l.id} version={l.version} />
        </Grid.Col>
      </Grid>
      <AppModal opened={contact.opened} onClose={contact.close} title={`Log a contact with ${l.name}`}>
        <LogContactForm lead={l} modal={contact} />
      </AppModal>
      <AppModal opened={qualify.opened} onClose={qualify.close} title={`Qualify ${l.name}`}>
        <QualifyLeadForm lead={l} modal={qualify} />
      </AppModal>
      <AppModal opened={disqualify.opened} onClose={disqualify.close} title={`Disqualify ${l.name}`}>
        <DisqualifyLeadForm lead={l} modal={disqualify} />
      </AppModal>
      <AppModal opened={convert.opened} onClose={convert.close} title={`Convert ${l.name} to a customer`}>
        <ConvertLeadForm lead={l} modal={convert} />
      </AppModal>
      <AppModal opened={consent.opened} onClose={consent.close} title={`Marketing consent for ${l.name}`}>
        <LeadConsentForm lead={l} modal={consent} />
      </AppModal>
    </>
  );
}
