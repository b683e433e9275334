import { Anchor, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useInViewport } from '@mantine/hooks';
import { type ReactNode, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { LoadError } from '../../components/ProblemAlert';
import { ReportVisual } from '../reports/visual/ReportVisual';
import { type DashboardTile, type SharedFilter, type TileResult, useTileResults } from './api';

const linkOf = (tile: DashboardTile) =>
  tile.source.kind === 'report' ? `/reports/${tile.source.reportId}` : '/reports?tab=templates';

const FILTER_NAMES = { date: 'The date range', equals: 'The field filter' } as const;

/** Why a shared filter left this tile alone, so its figures are not read as filtered. */
const NotApplied = ({ result, filters }: { result: TileResult; filters: SharedFilter[] }) => {
  const skipped = result.filters.flatMap((o) => (o.applied ? [] : [o]));
  if (skipped.length === 0) return null;
  return (
    <Text size="xs" c="dimmed" data-testid="filter-not-applied">
      {skipped
        .map(
          (o) =>
            `${FILTER_NAMES[filters[o.index]?.kind ?? 'equals']} does not apply: ${o.reason.toLowerCase()}.`,
        )
        .join(' ')}
    </Text>
  );
};

/**
 * One tile: its report's visual (with "view as table") under the shared filters, a link to the
 * report, and its own loading, empty and error states. It loads once scrolled into view.
 */
export const Tile = ({
  dashboardId,
  tile,
  filters,
  fallbackTitle,
  controls,
}: {
  dashboardId: string;
  tile: DashboardTile;
  filters: SharedFilter[];
  fallbackTitle: string;
  /** Edit mode's handle, width and remove buttons. */
  controls?: ReactNode;
}) => {
  const { ref, inViewport } = useInViewport();
  const seen = useSeen(inViewport);
  const result = useTileResults(dashboardId, tile, filters, seen);
  const first = result.data?.pages[0];
  const title = first?.title ?? tile.title ?? fallbackTitle;
  const headingId = `tile-${tile.tileId}-title`;
  return (
    <Card withBorder padding="md" h="100%" component="section" aria-labelledby={headingId} ref={ref}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Title order={2} size="h5" id={headingId}>
            {title}
          </Title>
          <Group gap={4} wrap="nowrap">
            {controls}
            <Anchor component={Link} to={linkOf(tile)} size="xs" aria-label={`Open the report ${title}`}>
              Open
            </Anchor>
          </Group>
        </Group>
        {result.isError ? (
          <LoadError error={result.error} onRetry={() => void result.refetch()} what="this tile" />
        ) : !first ? (
          // Still until it is in view: a tile below the fold waits without an endless animation.
          <Skeleton
            height={220}
            animate={seen}
            role="status"
            aria-busy={seen}
            aria-label={`Loading ${title}`}
          />
        ) : (
          <>
            <NotApplied result={first} filters={filters} />
            <ReportVisual definition={first.definition} result={result} title={title} />
          </>
        )}
      </Stack>
    </Card>
  );
};

/** True from the first time the tile came into view: scrolling it away keeps what it loaded. */
const useSeen = (inViewport: boolean) => {
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    if (inViewport) setSeen(true);
  }, [inViewport]);
  return seen;
};
