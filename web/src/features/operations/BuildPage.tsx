import { Alert, Anchor, Button, Card, Grid, Group, Stack, Stepper, Table, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconCheck, IconClockPause, IconHammer } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useRecord } from '../../api/queries';
import { AppModal, useRecordModal } from '../../components/CommandForm';
import { Fields } from '../../components/Fields';
import { PageHeader } from '../../components/PageHeader';
import { RecordTimeline } from '../../components/RecordTimeline';
import { offers, offersAny } from '../../lib/actions';
import { shortId } from '../../lib/format';
import { CompleteStageForm, DelayBuildForm, StartBuildForm } from './BuildForms';
import { Day, DetailState, ItemName, Muted, OrderLink, Section, StatusBadge } from './components';
import { BUILD_STAGE_LABELS, BUILD_STATUS, DELAY_REASON_LABELS } from './format';
import { BUILD_STAGES, type Build, type BuildStage } from './types';

const Progress = ({ build }: { build: Build }) => {
  const active =
    build.status === 'complete'
      ? BUILD_STAGES.length
      : build.stage
        ? BUILD_STAGES.indexOf(build.stage)
        : build.stagesDone.length;
  return (
    <Stepper
      active={active}
      size="sm"
      color={build.status === 'cancelled' ? 'red' : undefined}
      allowNextStepsSelect={false}
      aria-label="Build progress"
    >
      {BUILD_STAGES.map((stage) => {
        const done = build.stagesDone.find((s) => s.stage === stage);
        return (
          <Stepper.Step
            key={stage}
            label={BUILD_STAGE_LABELS[stage]}
            description={done ? <Day day={done.on} /> : undefined}
            allowStepSelect={false}
          />
        );
      })}
    </Stepper>
  );
};

const NextStep = ({
  build,
  onStart,
  onComplete,
  onDelay,
}: {
  build: Build;
  onStart: () => void;
  onComplete: () => void;
  onDelay: () => void;
}) => {
  const any = offersAny(build, 'start', 'complete-stage', 'delay');
  const hint =
    build.status === 'scheduled'
      ? 'Scheduled: framing can start once the materials are in stock.'
      : build.status === 'in_progress' && build.stage
        ? `In ${BUILD_STAGE_LABELS[build.stage].toLowerCase()}.`
        : build.status === 'complete'
          ? 'Complete: the home is ready to ship.'
          : 'This build is cancelled.';
  return (
    <Section id="next" title="Next step">
      <Text size="sm" mb={any ? 'md' : 0}>
        {hint}
      </Text>
      {any && (
        <Group gap="sm">
          {offers(build, 'start') && (
            <Button leftSection={<IconHammer size={16} aria-hidden />} onClick={onStart}>
              Start build
            </Button>
          )}
          {offers(build, 'complete-stage') && build.stage && (
            <Button leftSection={<IconCheck size={16} aria-hidden />} onClick={onComplete}>
              Complete {BUILD_STAGE_LABELS[build.stage].toLowerCase()}
            </Button>
          )}
          {offers(build, 'delay') && (
            <Button
              variant="light"
              color="orange"
              leftSection={<IconClockPause size={16} aria-hidden />}
              onClick={onDelay}
            >
              Record delay
            </Button>
          )}
        </Group>
      )}
    </Section>
  );
};

export default function BuildPage() {
  const id = useParams().id ?? '';
  const build = useRecord('builds', id);
  useDocumentTitle(`Build ${shortId(id)} · Firefly`);
  const start = useRecordModal('builds', build.data);
  const complete = useRecordModal('builds', build.data);
  const delay = useRecordModal('builds', build.data);
  // The stage is fixed when the dialog opens, so a refetch behind it cannot change what is confirmed.
  const [stage, setStage] = useState<BuildStage | null>(null);
  const trail = { label: 'Production', to: '/builds' };

  if (build.isPending) return <DetailState what="the build" title="Build" trail={trail} />;
  if (build.isError)
    return (
      <DetailState
        what="the build"
        title="Build"
        trail={trail}
        error={build.error}
        onRetry={() => void build.refetch()}
      />
    );
  const b = build.data;

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            {b.modelName} build{' '}
            <Text span c="dimmed" fw={400} inherit>
              {shortId(b.id)}
            </Text>
            <StatusBadge look={BUILD_STATUS[b.status]} testId="build-status" />
          </Group>
        }
        description={
          <>
            For <OrderLink id={b.orderId} /> · {b.bay}
          </>
        }
        trail={[trail]}
      />
      <Stack gap="md">
        <Card withBorder padding="lg">
          <Progress build={b} />
        </Card>
        {b.status === 'cancelled' && (
          <Alert color="red" variant="light" title="Cancelled">
            Reason: {b.cancelReason ?? 'not given'}
          </Alert>
        )}
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Stack gap="md">
              <NextStep
                build={b}
                onStart={start.open}
                onComplete={() => {
                  setStage(b.stage);
                  complete.open();
                }}
                onDelay={delay.open}
              />
              <Section id="details" title="Details">
                <Fields
                  items={[
                    { label: 'Order', value: <OrderLink id={b.orderId} /> },
                    {
                      label: 'Model',
                      value: (
                        <Anchor component={Link} to={`/models/${b.modelId}`} inherit>
                          {b.modelName}
                        </Anchor>
                      ),
                    },
                    { label: 'Bay', value: b.bay },
                    {
                      label: 'Stage',
                      value: (
                        <span data-testid="build-stage">{b.stage ? BUILD_STAGE_LABELS[b.stage] : '—'}</span>
                      ),
                    },
                    { label: 'Starts', value: <Day day={b.startOn} /> },
                    {
                      label: 'Due',
                      value: (
                        <span data-testid="build-due">
                          <Day day={b.dueOn} />
                        </span>
                      ),
                    },
                    { label: 'First promised', value: <Day day={b.originalDueOn} /> },
                    { label: 'Delay', value: b.delayDays ? `${b.delayDays} days` : 'None' },
                    { label: 'Started', value: <Day day={b.startedOn} /> },
                    { label: 'Completed', value: <Day day={b.completedOn} /> },
                    ...(b.late === undefined
                      ? []
                      : [{ label: 'On time', value: b.late ? 'No, late' : 'Yes' }]),
                    { label: 'Version', value: b.version },
                  ]}
                />
              </Section>
              <Section id="materials" title="Bill of materials">
                {b.materials.length === 0 ? (
                  <Muted>This build uses no tracked materials.</Muted>
                ) : (
                  <Table.ScrollContainer minWidth={320}>
                    <Table aria-label="Bill of materials" verticalSpacing="xs">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Item</Table.Th>
                          <Table.Th ta="right">Quantity</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {b.materials.map((m) => (
                          <Table.Tr key={m.itemId}>
                            <Table.Td>
                              <ItemName id={m.itemId} />
                            </Table.Td>
                            <Table.Td ta="right">{m.quantity}</Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                )}
              </Section>
              <Section id="delays" title="Delays">
                {b.delays.length === 0 ? (
                  <Muted>No delays.</Muted>
                ) : (
                  <Stack gap="xs" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                    {b.delays.map((d, index) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: delays are append-only
                      <Text key={index} component="li" size="sm">
                        <strong>{d.days} days</strong>, {DELAY_REASON_LABELS[d.reason].toLowerCase()}
                        {d.note ? `: ${d.note}` : ''}
                      </Text>
                    ))}
                  </Stack>
                )}
              </Section>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <RecordTimeline resource="builds" id={b.id} version={b.version} />
          </Grid.Col>
        </Grid>
      </Stack>
      <AppModal opened={start.opened} onClose={start.close} title="Start build">
        <StartBuildForm build={b} modal={start} />
      </AppModal>
      <AppModal
        opened={complete.opened && !!stage}
        onClose={complete.close}
        title={stage ? `Complete ${BUILD_STAGE_LABELS[stage].toLowerCase()}` : ''}
      >
        {stage && <CompleteStageForm build={b} stage={stage} modal={complete} />}
      </AppModal>
      <AppModal opened={delay.opened} onClose={delay.close} title="Record a delay">
        <DelayBuildForm build={b} modal={delay} />
      </AppModal>
    </>
  );
}
