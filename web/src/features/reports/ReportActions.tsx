import { Button, Group } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconPencil, IconSend } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/problem';
import { afterChange } from '../../api/queries';
import { FormProblem } from '../../components/ProblemAlert';
import { offers } from '../../lib/actions';
import { reportsApi, type SavedReport } from './api';

/**
 * A saved report's commands, in the page header. This is the one place the report page renders
 * actions: other report features (scheduling, sharing: `features/reports/delivery/`) add theirs here.
 */
export const ReportActions = ({ report, onReload }: { report: SavedReport; onReload: () => void }) => {
  const client = useQueryClient();
  const key = useRef(crypto.randomUUID());
  const [archiving, setArchiving] = useState(false);
  const [problem, setProblem] = useState<ApiError | undefined>();

  const archive = async () => {
    setArchiving(true);
    setProblem(undefined);
    try {
      const next = await reportsApi.archive(report.id, report.version, key.current);
      await afterChange(client, 'reports/saved', next);
      notifications.show({
        color: 'green',
        title: 'Archived',
        message: 'It still runs; it can no longer change',
      });
    } catch (error) {
      setProblem(error instanceof ApiError ? error : undefined);
    } finally {
      setArchiving(false);
    }
  };

  return (
    <Group gap="xs" align="flex-start">
      {offers(report, 'edit') && (
        <Button
          component={Link}
          to={`/reports/${report.id}/edit`}
          leftSection={<IconPencil size={16} aria-hidden />}
        >
          Edit in builder
        </Button>
      )}
      {/* Schedules, runs and shares (features/reports/delivery): reading them needs only reports:read. */}
      <Button
        component={Link}
        to={`/reports/saved/${report.id}/delivery`}
        variant="default"
        leftSection={<IconSend size={16} aria-hidden />}
      >
        Schedule and share
      </Button>
      {offers(report, 'archive') && (
        <Button
          variant="default"
          color="red"
          leftSection={<IconArchive size={16} aria-hidden />}
          loading={archiving}
          onClick={() => void archive()}
        >
          Archive
        </Button>
      )}
      <FormProblem error={problem} onReload={onReload} />
    </Group>
  );
};
