import { Text } from '@mantine/core';
import { IconUserPlus, IconUserSearch } from '@tabler/icons-react';
import { useRecord } from '../../api/queries';
import { useSession } from '../../app/session';
import {
  type Column,
  FilterSelect,
  RecordFilterPill,
  useEnumParam,
  useParam,
} from '../../components/ListView';
import { RecordListPage } from '../../components/RecordListPage';
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
  const status = useEnumParam('status', LEAD_STATUSES);
  const channel = useEnumParam('channel', LEAD_CHANNELS);
  const [campaignId] = useParam('campaignId');
  const { can } = useSession();
  const campaign = useRecord('campaigns', campaignId, !!campaignId && can('marketing:read'));
  return (
    <RecordListPage
      resource="leads"
      path="/leads"
      title="Leads"
      description="Prospective buyers, from first contact to customer."
      noun="leads"
      search={{ label: 'Search leads', placeholder: 'Name or email' }}
      filters={{ status, channel, campaignId }}
      controls={
        <>
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
          <RecordFilterPill param="campaignId" label="Campaign">
            {(id) => <CampaignName id={id} link={false} />}
          </RecordFilterPill>
        </>
      }
      columns={columns}
      caption={status ? `Leads, ${LEAD_STATUS_LABELS[status]}` : 'Leads'}
      empty={{
        title: 'No leads yet',
        description: 'Capture a lead when someone gets in touch, with the channel that brought them.',
        icon: <IconUserSearch size={28} aria-hidden />,
      }}
      create={{
        label: 'Capture lead',
        icon: <IconUserPlus size={16} aria-hidden />,
        permission: 'leads:write',
        title: 'Capture a lead',
        size: 'lg',
        form: (props) => <CaptureLeadForm campaign={campaign.data} {...props} />,
      }}
    />
  );
}
