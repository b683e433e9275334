import { Button, Group, Text } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconUserPlus, IconUserSearch } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useRecord, useRecordList } from '../../api/queries';
import { Can, useSession } from '../../app/session';
import { AppModal } from '../../components/CommandForm';
import {
  type Column,
  FilterSelect,
  ListView,
  RecordFilterPill,
  SearchBox,
  SortSelect,
  useEnumParam,
  useParam,
  useSortOrder,
} from '../../components/ListView';
import { PageHeader } from '../../components/PageHeader';
import { Time } from '../../components/Time';
import { CampaignName, LeadStatusBadge } from './components';
import { CaptureLeadForm } from './LeadForms';
import { CHANNEL_LABELS, choices, LEAD_STATUS_LABELS } from './labels';
import { LEAD_CHANNELS, LEAD_STATUSES, type Lead } from './types';

const columns: Column<Lead>[] = [
  { header: 'Name', cell: (l) => l.name },
  { header: 'Status', cell: (l) => <LeadStatusBadge status={l.status} /> },
  { header: 'Channel', cell: (l) => CHANNEL_LABELS[l.channel], visibleFrom: 'sm' },
  { header: 'Email', cell: (l) => l.email, visibleFrom: 'md' },
  {
    header: 'Campaign',
    cell: (l) => (l.campaignId ? <CampaignName id={l.campaignId} /> : '—'),
    visibleFrom: 'lg',
  },
  {
    header: 'Captured',
    cell: (l) => (
      <Text size="sm" c="dimmed" component="span">
        <Time iso={l.createdAt} />
      </Text>
    ),
    visibleFrom: 'lg',
  },
];

export default function LeadsPage() {
  useDocumentTitle('Leads · Firefly');
  const [search] = useParam('search');
  const status = useEnumParam('status', LEAD_STATUSES);
  const channel = useEnumParam('channel', LEAD_CHANNELS);
  const order = useSortOrder();
  const [campaignId] = useParam('campaignId');
  const [capturing, capture] = useDisclosure();
  const navigate = useNavigate();
  const query = useRecordList('leads', { search, status, channel, campaignId, order });
  const { can } = useSession();
  const campaign = useRecord('campaigns', campaignId, !!campaignId && can('marketing:read'));

  const captureButton = (
    <Can permission="leads:write">
      <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={capture.open}>
        Capture lead
      </Button>
    </Can>
  );

  return (
    <>
      <PageHeader
        title="Leads"
        description="Prospective buyers, from first contact to customer."
        actions={captureButton}
      />
      <Group mb="md" align="flex-end" gap="md" wrap="wrap">
        <SearchBox label="Search leads" placeholder="Name or email" />
        <FilterSelect
          param="status"
          label="Status"
          placeholder="All statuses"
          options={choices(LEAD_STATUS_LABELS)}
        />
        <FilterSelect
          param="channel"
          label="Channel"
          placeholder="All channels"
          options={choices(CHANNEL_LABELS)}
        />
        <SortSelect />
        <RecordFilterPill param="campaignId" label="Campaign">
          {(id) => <CampaignName id={id} link={false} />}
        </RecordFilterPill>
      </Group>
      <ListView
        query={query}
        columns={columns}
        rowLink={(l) => `/leads/${l.id}`}
        noun="leads"
        caption={status ? `Leads, ${LEAD_STATUS_LABELS[status]}` : 'Leads'}
        filtered={!!(search || status || channel || campaignId)}
        onClearFilters={() => navigate('/leads', { replace: true })}
        empty={{
          title: 'No leads yet',
          description: 'Capture a lead when someone gets in touch, with the channel that brought them.',
          icon: <IconUserSearch size={28} aria-hidden />,
          action: captureButton,
        }}
      />
      <AppModal opened={capturing} onClose={capture.close} title="Capture a lead" size="lg">
        <CaptureLeadForm
          campaign={campaign.data}
          onCancel={capture.close}
          onDone={(lead) => navigate(`/leads/${lead.id}`)}
        />
      </AppModal>
    </>
  );
}
