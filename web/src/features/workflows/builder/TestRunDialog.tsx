import { Button, Group, JsonInput, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../../api/problem';
import { FormProblem } from '../../../components/ProblemAlert';
import { sampleInput, workflowsApi } from '../api';
import type { WorkflowDefinition } from '../definition';
import type { Run, Workflow } from '../types';
import { availableFields, type BuilderMeta } from './fields';
import { portsOf } from './graph';
import { PastEventPicker } from './PastEventPicker';

/**
 * A test run of the draft: with a real past event, or a sample input edited by hand; and, to try the error
 * handling before it is needed, one step made to fail on purpose.
 */
export const TestRunDialog = ({
  workflow,
  definition,
  meta,
  dirty,
  save,
  onDone,
  onStarted,
}: {
  workflow: Workflow;
  definition: WorkflowDefinition;
  meta: BuilderMeta;
  dirty: boolean;
  save: () => Promise<Workflow | undefined>;
  onDone: () => void;
  onStarted: (run: Run) => void;
}) => {
  const navigate = useNavigate();
  const [source, setSource] = useState<'sample' | 'event'>('sample');
  const [text, setText] = useState(() =>
    JSON.stringify(sampleInput(availableFields(definition, meta)), null, 2),
  );
  const [picked, setPicked] = useState<Record<string, unknown> | undefined>();
  const [failStep, setFailStep] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<ApiError | undefined>();
  const [invalid, setInvalid] = useState<string | undefined>();
  const key = useRef(crypto.randomUUID());
  const failing = definition.steps.filter((s) => portsOf(s.kind).includes('onError'));

  const start = async () => {
    setProblem(undefined);
    setInvalid(undefined);
    let input: Record<string, unknown> | undefined;
    if (source === 'sample') {
      try {
        const parsed: unknown = JSON.parse(text);
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        input = parsed as Record<string, unknown>;
      } catch {
        setInvalid('The sample must be a JSON object, like the event’s data');
        return;
      }
    } else if (!picked) {
      setInvalid('Pick a past event');
      return;
    }
    setPending(true);
    try {
      // A test run runs the saved draft: what is on the canvas is saved first.
      if (dirty && !(await save())) return;
      const run = await workflowsApi.testRun(
        workflow.id,
        { input: input ?? picked ?? {}, ...(failStep ? { failStep } : {}) },
        key.current,
      );
      onStarted(run);
      onDone();
      navigate(`/workflow-runs/${run.id}`);
    } catch (error) {
      setProblem(error instanceof ApiError ? error : undefined);
    } finally {
      setPending(false);
    }
  };

  return (
    <Stack gap="md">
      <SegmentedControl
        aria-label="Input"
        data={[
          { value: 'sample', label: 'A sample input' },
          { value: 'event', label: 'A past event' },
        ]}
        value={source}
        onChange={(v) => setSource(v as 'sample' | 'event')}
      />
      {source === 'sample' ? (
        <JsonInput
          label="The trigger's data"
          description="Filled from the trigger's fields; change any value."
          value={text}
          onChange={setText}
          autosize
          minRows={6}
          maxRows={16}
          formatOnBlur
          error={invalid}
        />
      ) : (
        <PastEventPicker
          eventType={definition.trigger.kind === 'event' ? definition.trigger.eventType : undefined}
          onPick={setPicked}
          error={invalid}
        />
      )}
      <Select
        label="Make a step fail"
        description="Runs its error path on purpose (retries are skipped)"
        placeholder="No: run normally"
        data={failing.map((s) => ({ value: s.id, label: `${s.name} (${s.id})` }))}
        value={failStep}
        onChange={setFailStep}
        clearable
      />
      <Text size="xs" c="dimmed">
        A test run runs the draft as it is on the canvas, even unsaved. Its commands, emails and tasks are
        real: try it on test records.
      </Text>
      <FormProblem error={problem} fieldsShown={false} />
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button onClick={() => void start()} loading={pending}>
          Start test run
        </Button>
      </Group>
    </Stack>
  );
};
