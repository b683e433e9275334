import { Button, Group } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconPlus, IconSpeakerphone } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useRecordList } from '../../api/queries';
import { Can } from '../../app/session';
import { AppModal } from '../../components/CommandForm';
import {
  type Column,
  FilterSelect,
  ListView,
  SearchBox,
  SortSelect,
  updatedColumn,
  useEnumParam,
  useParam,
  useSortOrder,
} from '../../components/ListView';
import { PageHeader } from '../../components/PageHeader';
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
  useDocumentTitle('Campaigns · Firefly');
  const [search] = useParam('search');
  const status = useEnumParam('status', CAMPAIGN_STATUSES);
  const channel = useEnumParam('channel', LEAD_CHANNELS);
  const order = useSortOrder();
  const [launching, launch] = useDisclosure();
  const navigate = useNavigate();
  const query = useRecordList('campaigns', { search, status, channel, order });

  const launchButton = (
    <Can permission="marketing:write">
      <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={launch.open}>
        Launch campaign
      </Button>
    </Can>
  );

  return (
    <>
      <PageHeader
        title="Campaigns"
        description="Marketing spend by channel, and the leads it brings in."
        actions={launchButton}
      />
      <ListViewFilters />
      <ListView
        query={query}
        columns={columns}
        rowLink={(c) => `/campaigns/${c.id}`}
        noun="campaigns"
        caption={status ? `Campaigns, ${CAMPAIGN_STATUS_LABELS[status]}` : 'Campaigns'}
        filtered={!!(search || status || channel)}
        onClearFilters={() => navigate('/campaigns', { replace: true })}
        empty={{
          title: 'No campaigns yet',
          description: 'Launch a campaign on a channel with a budget, then record its spend.',
          icon: <IconSpeakerphone size={28} aria-hidden />,
          action: launchButton,
        }}
      />
      <AppModal opened={launching} onClose={launch.close} title="Launch a campaign">
        <LaunchCampaignForm onCancel={launch.close} onDone={(c) => navigate(`/campaigns/${c.id}`)} />
      </AppModal>
    </>
  );
}

const ListViewFilters = () => (
  <Group mb="md" align="flex-end" gap="md" wrap="wrap">
    <SearchBox label="Search campaigns" placeholder="Name or channel" />
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
    <SortSelect />
  </Group>
);
