import { Badge, Text, Timeline } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/ProblemAlert';
import { LoadingRows } from './components';
import { useTrace } from './telemetry-api';

const STAGE: Record<string, string> = {
  api: 'API request',
  commit: 'Commit published',
  projection: 'Projection',
  audit: 'Audit log',
  notification: 'Notification',
  workflow: 'Workflow',
  outbound: 'Outbound webhook',
  'state-machine': 'State machine',
  function: 'Function',
};

/** One command's whole path, by its correlation id: API, commit, bus and every consumer, in time order. */
export default function TracePage() {
  const { correlationId = '' } = useParams();
  useDocumentTitle('Trace · Monitoring · Firefly');
  const trace = useTrace(correlationId);
  return (
    <>
      <PageHeader
        title="Trace"
        description={`Everything logged under correlation id ${correlationId}, oldest first.`}
        trail={[{ label: 'Logs', to: '/monitoring/logs' }]}
      />
      {trace.isError ? (
        <LoadError error={trace.error} onRetry={() => void trace.refetch()} what="Trace" />
      ) : !trace.data ? (
        <LoadingRows label="Loading trace" />
      ) : trace.data.steps.length === 0 ? (
        <Text c="dimmed">
          Nothing was logged under this correlation id (or it is past the logs' retention).
        </Text>
      ) : (
        <Timeline bulletSize={14} lineWidth={2} aria-label="Timeline" data-testid="trace-timeline">
          {trace.data.steps.map((step) => (
            <Timeline.Item
              key={`${step.at}|${step.function}|${step.message}`}
              data-testid="trace-step"
              data-stage={step.stage}
              title={
                <>
                  {STAGE[step.stage] ?? step.stage}{' '}
                  <Badge size="xs" variant="light">
                    {step.function}
                  </Badge>
                </>
              }
            >
              <Text size="sm">{step.message}</Text>
              <Text size="xs" c="dimmed">
                +{step.offsetMs} ms · {new Date(step.at).toLocaleTimeString()} · {step.level}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </>
  );
}
