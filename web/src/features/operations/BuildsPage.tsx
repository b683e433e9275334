import { Text } from '@mantine/core';
import { IconBuildingFactory2 } from '@tabler/icons-react';
import { type Column, FilterSelect, TextFilter, useEnumParam, useParam } from '../../components/ListView';
import { RecordListPage } from '../../components/RecordListPage';
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

export default function BuildsPage() {
  const status = useEnumParam('status', BUILD_STATUSES);
  const stage = useEnumParam('stage', BUILD_STAGES);
  const [bay] = useParam('bay');
  return (
    <RecordListPage
      resource="builds"
      path="/builds"
      title="Production"
      description="Builds on the shop floor: their bay, stage, due date and delays."
      noun="builds"
      search={{ label: 'Search builds', placeholder: 'Model, bay or order id' }}
      filters={{ status, stage, bay }}
      controls={
        <>
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
          <TextFilter param="bay" label="Bay" placeholder="Exact bay name" w={{ base: '100%', xs: 160 }} />
        </>
      }
      columns={columns}
      caption={status ? `Builds, ${BUILD_STATUS[status].label}` : 'Builds'}
      empty={{
        title: 'No builds yet',
        description: 'Once an order’s deposit is paid, give it a slot in a bay.',
        icon: <IconBuildingFactory2 size={28} aria-hidden />,
      }}
      create={{
        label: 'Schedule build',
        permission: 'production:write',
        title: 'Schedule a build',
        form: (props) => <ScheduleBuildForm {...props} />,
      }}
    />
  );
}
