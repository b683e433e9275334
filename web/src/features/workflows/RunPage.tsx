import { Anchor, Badge, Button, Code, Grid, Group, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlayerStop, IconRepeat } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/problem';
import { Can } from '../../app/session';
import { Fields } from '../../components/Fields';
import { PageHeader } from '../../components/PageHeader';
import { FormProblem, LoadError } from '../../components/ProblemAlert';
import { Section } from '../../components/Section';
import { Time } from '../../components/Time';
import { offers } from '../../lib/actions';
import { shortId } from '../../lib/format';
import { useRun, useWorkflow, workflowKeys, workflowsApi } from './api';
import { duration, RunStatusBadge, runTriggerSummary } from './components';
import type { RunDetail, RunStep } from './types';

const STEP_COLORS: Record<string, string> = {
  succeeded: 'green',
  failed: 'red',
  running: 'blue',
  caught: 'orange',
};

const Json = ({ label, value }: { label: string; value: unknown }) =>
  value === undefined ? null : (
    <Stack gap={2}>
      <Text size="xs" fw={600}>
        {label}
      </Text>
      <Code
        block
        // Scrolls when long: focusable so a keyboard can scroll it too.
        tabIndex={0}
        style={{ maxHeight: 220, overflow: 'auto', fontSize: 11 }}
      >
        {JSON.stringify(value, null, 2)}
      </Code>
    </Stack>
  );

const StepRow = ({ step, index, name }: { step: RunStep; index: number; name?: string }) => {
  const [open, setOpen] = useState(false);
  const took = step.exitedAt ? Date.parse(step.exitedAt) - Date.parse(step.enteredAt) : undefined;
  return (
    <Fragment>
      <Table.Tr data-testid="run-step" data-step-id={step.step} data-status={step.status}>
        <Table.Td>{index + 1}</Table.Td>
        <Table.Td>
          <Text size="sm" fw={500}>
            {name ?? step.step}
          </Text>
          <Text size="xs" c="dimmed">
            {step.type} · {step.step}
          </Text>
        </Table.Td>
        <Table.Td>
          <Badge color={STEP_COLORS[step.status] ?? 'gray'} variant="light" radius="sm">
            {step.status}
          </Badge>
        </Table.Td>
        <Table.Td>
          <Time iso={step.enteredAt} />
        </Table.Td>
        <Table.Td>{duration(took)}</Table.Td>
        <Table.Td>{step.retries ?? 0}</Table.Td>
        <Table.Td>
          <Button size="xs" variant="subtle" onClick={() => setOpen(!open)} aria-expanded={open}>
            {open ? 'Hide' : 'Details'}
          </Button>
        </Table.Td>
      </Table.Tr>
      {(open || step.error) && (
        <Table.Tr>
          <Table.Td colSpan={7}>
            {step.error && (
              <Text size="sm" c="red.8" mb={open ? 'xs' : 0} data-testid="run-step-error">
                {step.error}
                {step.cause ? `: ${step.cause}` : ''}
              </Text>
            )}
            {open && (
              <Grid gap="sm">
                <Grid.Col span={{ base: 12, md: 6 }}>
                  <Json label="Input" value={step.input} />
                </Grid.Col>
                <Grid.Col span={{ base: 12, md: 6 }}>
                  <Json label="Output" value={step.output} />
                </Grid.Col>
              </Grid>
            )}
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
};

const History = ({ run, names }: { run: RunDetail; names: Map<string, string> }) => (
  <Section id="run-steps-heading" title="Step by step">
    {run.steps.length === 0 ? (
      <Text size="sm" c="dimmed">
        {run.status === 'running'
          ? 'No step has finished yet; this page looks again every few seconds.'
          : 'No steps ran.'}
      </Text>
    ) : (
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="xs" aria-labelledby="run-steps-heading" data-testid="run-steps">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>Step</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Started</Table.Th>
              <Table.Th>Took</Table.Th>
              <Table.Th>Retries</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {run.steps.map((s, i) => (
              <StepRow key={`${s.step}-${s.enteredAt}`} step={s} index={i} name={names.get(s.step)} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    )}
  </Section>
);

/** One run: its status, trigger, version and input, each step's input, output, retries and error; cancel, re-run. */
export default function RunPage() {
  const id = useParams().id ?? '';
  const run = useRun(id);
  // The step names people gave them (the history knows only ids); the draft's, as runs keep their ids.
  const workflow = useWorkflow(run.data?.workflowId ?? '', !!run.data);
  const client = useQueryClient();
  const navigate = useNavigate();
  const [pending, setPending] = useState<'cancel' | 'rerun' | undefined>();
  const [problem, setProblem] = useState<ApiError | undefined>();
  useDocumentTitle(`Run ${shortId(id)} · Firefly`);

  if (run.isPending)
    return (
      <Stack aria-busy="true" aria-label="Loading run">
        <Skeleton height={32} width="40%" />
        <Skeleton height={300} />
      </Stack>
    );
  if (run.isError)
    return (
      <>
        <PageHeader title="Run" trail={[{ label: 'Workflows', to: '/workflows' }]} />
        <LoadError error={run.error} onRetry={() => void run.refetch()} what="the run" />
      </>
    );
  const r = run.data;
  const act = async (what: 'cancel' | 'rerun') => {
    setPending(what);
    setProblem(undefined);
    try {
      const result = await (what === 'cancel'
        ? workflowsApi.cancel(r.id, crypto.randomUUID())
        : workflowsApi.rerun(r.id, crypto.randomUUID()));
      await client.invalidateQueries({ queryKey: workflowKeys.runs(r.workflowId) });
      if (what === 'cancel') {
        client.setQueryData(workflowKeys.run(r.id), result);
        notifications.show({ color: 'green', title: 'Cancelled', message: 'The run was stopped' });
      } else {
        notifications.show({ color: 'blue', title: 'Re-run started', message: 'With the same input' });
        navigate(`/workflow-runs/${result.id}`);
      }
    } catch (error) {
      setProblem(error instanceof ApiError ? error : undefined);
    } finally {
      setPending(undefined);
    }
  };
  const workflowLink = `/workflows/${r.workflowId}`;
  const steps = workflow.data?.definition.steps ?? [];
  const names = new Map(steps.map((s) => [s.id, s.name]));
  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            Run {shortId(r.id)} <RunStatusBadge status={r.status} />
          </Group>
        }
        trail={[
          { label: 'Workflows', to: '/workflows' },
          { label: workflow.data?.name ?? 'Workflow', to: `${workflowLink}?tab=runs` },
        ]}
        actions={
          <Can permission="workflows:run">
            <Group gap="xs">
              {offers(r, 'cancel') && (
                <Button
                  color="red"
                  variant="light"
                  leftSection={<IconPlayerStop size={16} aria-hidden />}
                  loading={pending === 'cancel'}
                  onClick={() => void act('cancel')}
                >
                  Cancel run
                </Button>
              )}
              {offers(r, 'rerun') && (
                <Button
                  variant="default"
                  leftSection={<IconRepeat size={16} aria-hidden />}
                  loading={pending === 'rerun'}
                  onClick={() => void act('rerun')}
                >
                  Re-run with the same input
                </Button>
              )}
            </Group>
          </Can>
        }
      />
      <FormProblem error={problem} fieldsShown={false} />
      <Stack gap="lg">
        <Section id="run-heading" title="Run">
          <Fields
            items={[
              {
                label: 'Workflow',
                value: (
                  <Anchor component={Link} to={workflowLink}>
                    {workflow.data?.name ?? r.workflowId}
                  </Anchor>
                ),
              },
              {
                label: 'Version',
                value: r.workflowVersion === 0 ? 'Draft (test run)' : `v${r.workflowVersion}`,
              },
              { label: 'Trigger', value: runTriggerSummary(r.trigger) },
              ...(r.trigger.rerunOf
                ? [
                    {
                      label: 'Re-run of',
                      value: (
                        <Anchor component={Link} to={`/workflow-runs/${r.trigger.rerunOf}`}>
                          Run {shortId(r.trigger.rerunOf)}
                        </Anchor>
                      ),
                    },
                  ]
                : []),
              { label: 'Started', value: <Time iso={r.createdAt} withAbsolute /> },
              { label: 'Duration', value: r.status === 'running' ? 'Still running' : duration(r.durationMs) },
              ...(r.error
                ? [
                    {
                      label: 'Error',
                      value: `${r.failedStep ? `${r.failedStep}: ` : ''}${r.error}${r.cause ? ` (${r.cause})` : ''}`,
                    },
                  ]
                : []),
            ]}
          />
          <Json label="Input" value={r.input} />
        </Section>
        <History run={r} names={names} />
      </Stack>
    </>
  );
}
