import { Anchor, Group, Skeleton, Stack, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useRecord } from '../../api/queries';
import { LoadError } from '../../components/ProblemAlert';
import { useReportTemplates } from '../reports/api';
import { OVERVIEW_ID } from './api';
import { DashboardGrid } from './DashboardGrid';

/**
 * The Overview's dashboard below its kept figures: template tiles (or an owner's customisation), each
 * loading on its own as it comes into view, so the figures above never wait for a query.
 */
export default function OverviewTiles() {
  const overview = useRecord('dashboards', OVERVIEW_ID);
  const templates = useReportTemplates();
  const nameOf = (id: string) => templates.data?.items.find((t) => t.id === id)?.name;
  const d = overview.data;
  return (
    <Stack gap="sm" mt="xl" component="section" aria-labelledby="overview-reports-heading">
      <Group justify="space-between">
        <Title order={2} size="h3" id="overview-reports-heading">
          Reports
        </Title>
        {d?.actions.includes('edit') && (
          <Anchor component={Link} to={`/reports/dashboards/${OVERVIEW_ID}`} size="sm">
            Customise the Overview
          </Anchor>
        )}
      </Group>
      {overview.isError ? (
        <LoadError
          error={overview.error}
          onRetry={() => void overview.refetch()}
          what="the Overview's reports"
        />
      ) : !d ? (
        <Skeleton height={240} role="status" aria-label="Loading the Overview's reports" />
      ) : (
        <DashboardGrid
          dashboardId={OVERVIEW_ID}
          tiles={d.tiles}
          filters={d.filters}
          titleOf={(tile) =>
            tile.title ??
            (tile.source.kind === 'template' ? nameOf(tile.source.templateId) : undefined) ??
            'Report'
          }
        />
      )}
    </Stack>
  );
}
