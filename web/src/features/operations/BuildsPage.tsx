import { Button, Group, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback, useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconBuildingFactory2, IconPlus } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
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
  useEnumParam,
  useParam,
  useSortOrder,
} from '../../components/ListView';
import { PageHeader } from '../../components/PageHeader';
import { shortId } from '../../lib/format';
import { ScheduleBuildForm } from './BuildForms';
import { Day, StatusBadge } from './components';
import { BUILD_STAGE_LABELS, BUILD_STATUS, options } from './format';
import { BUILD_STAGES, BUILD_STATUSES, type Build } from './types';

const columns: Column<Build>[] = [
  { header: 'Build', cell: (b) => `${b.modelName} ${shortId(b.id)}` },
  { header: 'Status', cell: (b) => <StatusBadge look={BUILD_STATUS[b.status]} /> },
  { header: 'Stage', cell: (b) => (b.stage ? BUILD_STAGE_LABELS[b.stage] : '—'), visibleFrom: 'sm' },
  { header: 'Bay', cell: (b) => b.bay },
  { header: 'Starts', cell: (b) => <Day day={b.startOn} />, visibleFrom: 'lg' },
  {
    header: 'Due',
    cell: (b) => (
      <Text size="sm" component="span" fw={b.delayDays > 0 ? 600 : undefined}>
        <Day day={b.dueOn} />
        {b.delayDays > 0 && ` (delayed ${b.delayDays} days)`}
      </Text>
    ),
    visibleFrom: 'md',
  },
];

/** The bay filter: free text (bays are named by the floor), exact match in the API, kept in the URL. */
const BayFilter = () => {
  const [bay, setBay] = useParam('bay');
  const [text, setText] = useState(bay);
  const commit = useDebouncedCallback((value: string) => setBay(value.trim()), 400);
  useEffect(() => setText(bay), [bay]);
  return (
    <TextInput
      label="Bay"
      placeholder="Exact bay name"
      value={text}
      onChange={(event) => {
        setText(event.currentTarget.value);
        commit(event.currentTarget.value);
      }}
      w={{ base: '100%', xs: 160 }}
    />
  );
};

export default function BuildsPage() {
  useDocumentTitle('Production · Firefly');
  const [search] = useParam('search');
  const status = useEnumParam('status', BUILD_STATUSES);
  const stage = useEnumParam('stage', BUILD_STAGES);
  const [bay] = useParam('bay');
  const order = useSortOrder();
  const [scheduling, schedule] = useDisclosure();
  const navigate = useNavigate();
  const query = useRecordList('builds', { search, status, stage, bay, order });

  const scheduleButton = (
    <Can permission="production:write">
      <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={schedule.open}>
        Schedule build
      </Button>
    </Can>
  );

  return (
    <>
      <PageHeader
        title="Production"
        description="Builds on the shop floor: their bay, stage, due date and delays."
        actions={scheduleButton}
      />
      <Group mb="md" align="flex-end" gap="md" wrap="wrap">
        <SearchBox label="Search builds" placeholder="Model, bay or order id" />
        <FilterSelect
          param="status"
          label="Status"
          placeholder="All statuses"
          options={options(BUILD_STATUS)}
        />
        <FilterSelect
          param="stage"
          label="Stage"
          placeholder="All stages"
          options={options(BUILD_STAGE_LABELS)}
        />
        <BayFilter />
        <SortSelect />
      </Group>
      <ListView
        query={query}
        columns={columns}
        rowLink={(b) => `/builds/${b.id}`}
        noun="builds"
        caption={status ? `Builds, ${BUILD_STATUS[status].label}` : 'Builds'}
        filtered={!!(search || status || stage || bay)}
        onClearFilters={() => navigate('/builds', { replace: true })}
        empty={{
          title: 'No builds yet',
          description: 'Once an order’s deposit is paid, give it a slot in a bay.',
          icon: <IconBuildingFactory2 size={28} aria-hidden />,
          action: scheduleButton,
        }}
      />
      <AppModal opened={scheduling} onClose={schedule.close} title="Schedule a build">
        <ScheduleBuildForm onCancel={schedule.close} onDone={(b) => navigate(`/builds/${b.id}`)} />
      </AppModal>
    </>
  );
}
