import { Center, Loader, Stack } from '@mantine/core';
import { useParams } from 'react-router';
import { PageHeader } from '../../../components/PageHeader';
import { LoadError } from '../../../components/ProblemAlert';
import { useSavedReport } from './api';
import { RunHistory } from './RunHistory';
import { SchedulePanel } from './SchedulePanel';
import { SharePanel } from './SharePanel';

/** A saved report's delivery: its schedule, runs and sharing (to fold into the report's own page). */
const DeliveryPage = () => {
  const { id = '' } = useParams();
  const report = useSavedReport(id);
  if (report.isError)
    return <LoadError error={report.error} onRetry={() => report.refetch()} what="the report" />;
  if (!report.data)
    return (
      <Center mih={160}>
        <Loader aria-label="Loading" />
      </Center>
    );
  return (
    <>
      <PageHeader title={report.data.name} description="Schedule, runs and sharing" />
      <Stack>
        {/* Keyed by version: a saved change resets the form to what the server kept. */}
        <SchedulePanel key={`schedule-${report.data.version}`} report={report.data} />
        <RunHistory reportId={id} />
        <SharePanel report={report.data} />
      </Stack>
    </>
  );
};

export default DeliveryPage;
