import { Button, Drawer, Skeleton, Stack, Text } from '@mantine/core';
import { LoadError } from '../../../components/ProblemAlert';
import { type ReportDefinition, useDrill } from '../api';
import { DataTable, type Drill } from './DataTable';

/** The records behind a mark, page by page, in a side panel that keeps the chart in view. */
export const DrillDrawer = ({
  definition,
  drill,
  onClose,
}: {
  definition: ReportDefinition;
  drill: Drill | undefined;
  onClose: () => void;
}) => {
  const records = useDrill(
    drill ? { definition, point: drill.point, ...(drill.value ? { value: drill.value } : {}) } : undefined,
  );
  const pages = records.data?.pages ?? [];
  const rows = pages.flatMap((p) => p.rows);
  return (
    <Drawer
      opened={drill !== undefined}
      onClose={onClose}
      position="right"
      size="xl"
      title={drill ? `Records behind ${drill.label}` : 'Records'}
    >
      {records.isPending ? (
        <Stack aria-busy="true" aria-label="Loading the records">
          <Skeleton height={16} />
          <Skeleton height={16} />
          <Skeleton height={16} />
        </Stack>
      ) : records.isError ? (
        <LoadError error={records.error} onRetry={() => void records.refetch()} what="the records" />
      ) : rows.length === 0 ? (
        <Text c="dimmed">No records behind this mark.</Text>
      ) : (
        <Stack>
          <Text size="sm" c="dimmed" aria-live="polite">
            {rows.length} record{rows.length === 1 ? '' : 's'}
            {records.hasNextPage ? ' so far' : ''}
          </Text>
          <DataTable columns={pages[0]!.columns} rows={rows} caption="Records behind the mark" />
          {records.hasNextPage && (
            <Button
              variant="default"
              onClick={() => void records.fetchNextPage()}
              loading={records.isFetchingNextPage}
            >
              Load more records
            </Button>
          )}
        </Stack>
      )}
    </Drawer>
  );
};
