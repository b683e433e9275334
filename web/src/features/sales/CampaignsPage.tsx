import { IconSpeakerphone } from '@tabler/icons-react';
import { type Column, FilterSelect, updatedColumn, useEnumParam } from '../../components/ListView';
import { RecordListPage } from '../../components/RecordListPage';
import { money } from '../../lib/format';
import { LaunchCampaignForm } from './CampaignForms';
import { CampaignStatusBadge, Day } from './components';
import { CAMPAIGN_STATUS_LABELS, CHANNEL_LABELS, choices } from './labels';
import { CAMPAIGN_STATUSES, type Campaign, LEAD_CHANNELS } from './types';

const columns: Column<Campaign>[] = [
  { header: 'Campaign', cell: (c) => c.name },
  { header: 'Status', cell: (c) => <CampaignStatusBadge status={c.status} /> },
  { header: 'Channel', cell: (c) => CHANNEL_LABELS[c.channel], visibleFrom: 'sm' },
  { header: 'Spent', cell: (c) => money(c.spentCents), align: 'right' },
  { header: 'Budget', cell: (c) => money(c.budgetCents), align: 'right', visibleFrom: 'sm' },
  {
    header: 'Runs',
    cell: (c) => (
      <>
        <Day day={c.startsOn} /> – <Day day={c.endsOn} />
      </>
    ),
    visibleFrom: 'md',
  },
  updatedColumn(),
];

export default function CampaignsPage() {
  const status = useEnumParam('status', CAMPAIGN_STATUSES);
  const channel = useEnumParam('channel', LEAD_CHANNELS);
  return (
    <RecordListPage
      resource="campaigns"
      path="/campaigns"
      title="Campaigns"
      description="Marketing spend by channel, and the leads it brings in."
      noun="campaigns"
      search={{ label: 'Search campaigns', placeholder: 'Name or channel' }}
      filters={{ status, channel }}
      controls={
        <>
          <FilterSelect
            param="status"
            label="Status"
            placeholder="All statuses"
            options={choices(CAMPAIGN_STATUS_LABELS)}
          />
          <FilterSelect
            param="channel"
            label="Channel"
            placeholder="All channels"
            options={choices(CHANNEL_LABELS)}
          />
        </>
      }
      columns={columns}
      caption={status ? `Campaigns, ${CAMPAIGN_STATUS_LABELS[status]}` : 'Campaigns'}
      empty={{
        title: 'No campaigns yet',
        description: 'Launch a campaign on a channel with a budget, then record its spend.',
        icon: <IconSpeakerphone size={28} aria-hidden />,
      }}
      create={{
        label: 'Launch campaign',
        permission: 'marketing:write',
        title: 'Launch a campaign',
        form: (props) => <LaunchCampaignForm {...props} />,
      }}
    />
  );
}
