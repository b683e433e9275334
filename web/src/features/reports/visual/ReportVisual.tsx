import { Button, Group, SegmentedControl, Skeleton, Stack, Text } from '@mantine/core';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { useState } from 'react';
import { Time } from '../../../components/Time';
import type { ReportDefinition, ReportResult } from '../api';
import { DataTable, type Drill } from './DataTable';
import { DrillDrawer } from './DrillDrawer';
import { Kpi } from './Kpi';
import { axesOf, drillable, VISUAL_LABELS } from './model';
import ReportChart from './ReportChart';

interface Props {
  definition: ReportDefinition;
  result: UseInfiniteQueryResult<InfiniteData<ReportResult>>;
  /** The report's name, for the table's and the chart's accessible names. */
  title: string;
}

/**
 * A report's result as its visual says (table, pivot, chart or KPI), every chart also readable as a
 * table, each mark opening the records behind it, and further pages on request.
 */
export const ReportVisual = ({ definition, result, title }: Props) => {
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const [drill, setDrill] = useState<Drill | undefined>();
  const pages = result.data?.pages ?? [];
  if (pages.length === 0) return <Skeleton height={320} aria-busy="true" aria-label="Loading the result" />;
  const columns = pages[0]!.columns;
  const rows = pages.flatMap((p) => p.rows);
  const type = definition.visual?.type ?? 'table';
  const onDrill = drillable(columns) ? setDrill : undefined;
  const axes = axesOf(definition, columns);
  const tabular = type === 'table' || type === 'pivot';
  const showTable = tabular || view === 'table';
  const table = (
    <DataTable
      columns={columns}
      rows={rows}
      caption={`${title}: ${rows.length} rows`}
      {...(onDrill ? { onDrill } : {})}
    />
  );

  return (
    <Stack gap="sm" aria-busy={result.isFetching}>
      <Group justify="space-between" wrap="wrap">
        <Text size="xs" c="dimmed">
          {rows.length} row{rows.length === 1 ? '' : 's'}
          {result.hasNextPage ? ' (more to load)' : ''} · data as of <Time iso={pages[0]!.asOf} />
          {onDrill ? ' · select a mark for the records behind it' : ''}
        </Text>
        {!tabular && (
          <SegmentedControl
            size="xs"
            value={view}
            onChange={(v) => setView(v === 'table' ? 'table' : 'chart')}
            data={[
              { value: 'chart', label: VISUAL_LABELS[type] },
              { value: 'table', label: 'View as table' },
            ]}
            aria-label="Show the result as"
          />
        )}
      </Group>
      {rows.length === 0 ? (
        <Text c="dimmed" py="lg" ta="center">
          Nothing matches: the filters leave no rows.
        </Text>
      ) : showTable ? (
        table
      ) : type === 'kpi' ? (
        <Kpi definition={definition} figure={axes.y[0]} row={rows[0]} onDrill={onDrill} />
      ) : (
        <figure
          style={{ margin: 0 }}
          aria-label={`${title}: ${VISUAL_LABELS[type]} chart; its table view reads the same figures`}
          data-testid="report-chart"
        >
          <ReportChart type={type} columns={columns} rows={rows} axes={axes} onDrill={onDrill} />
        </figure>
      )}
      {result.hasNextPage && (
        <Group>
          <Button
            variant="default"
            size="xs"
            onClick={() => void result.fetchNextPage()}
            loading={result.isFetchingNextPage}
          >
            Load more rows
          </Button>
        </Group>
      )}
      <DrillDrawer definition={definition} drill={drill} onClose={() => setDrill(undefined)} />
    </Stack>
  );
};
