import {
  Button,
  Checkbox,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { RECORD_KINDS, type RetryPolicy, type Step, type WorkflowDefinition } from '../definition';
import { ConditionEditor } from './ConditionEditor';
import type { BuilderMeta, FieldInfo } from './fields';
import { connect, disconnect, KIND_LABELS, linksOf, PORT_LABELS, type Port, portsOf } from './graph';
import { FieldSelect, KeyValues, PlaceholderText, ValueRefInput } from './inputs';

interface FormProps<S extends Step> {
  step: S;
  fields: FieldInfo[];
  meta: BuilderMeta;
  onChange: (next: Step) => void;
}

const roleOptions = (meta: BuilderMeta) => meta.roles.map((r) => ({ value: r, label: r }));

const WaitForm = ({ step, fields, onChange }: FormProps<Extract<Step, { kind: 'wait' }>>) => {
  const until = step.until !== undefined;
  const timestamps = fields.filter((f) => f.type === 'timestamp');
  return (
    <Stack gap="xs">
      <SegmentedControl
        aria-label="Wait"
        data={[
          { value: 'for', label: 'For a while' },
          { value: 'until', label: 'Until a date' },
        ]}
        value={until ? 'until' : 'for'}
        onChange={(v) => {
          const { for: _f, until: _u, ...rest } = step;
          onChange(
            v === 'until'
              ? { ...rest, until: timestamps[0]?.path ?? '$.trigger.data' }
              : { ...rest, for: { amount: 1, unit: 'days' } },
          );
        }}
      />
      {until ? (
        <FieldSelect
          label="Until (a date field)"
          fields={timestamps}
          value={step.until}
          onChange={(path) => onChange({ ...step, until: path })}
        />
      ) : (
        <Group gap="xs" grow>
          <NumberInput
            label="Wait for"
            min={1}
            max={100_000}
            value={step.for?.amount ?? 1}
            onChange={(v) =>
              onChange({ ...step, for: { unit: step.for?.unit ?? 'days', amount: Number(v) || 1 } })
            }
          />
          <Select
            label="Unit"
            data={['seconds', 'minutes', 'hours', 'days']}
            value={step.for?.unit ?? 'days'}
            allowDeselect={false}
            onChange={(u) =>
              u && onChange({ ...step, for: { amount: step.for?.amount ?? 1, unit: u as 'days' } })
            }
          />
        </Group>
      )}
    </Stack>
  );
};

const LookupForm = ({ step, fields, meta, onChange }: FormProps<Extract<Step, { kind: 'lookup' }>>) => (
  <Stack gap="xs">
    <Select
      label="Record kind"
      data={(meta.recordKinds.length ? meta.recordKinds : RECORD_KINDS).map((k) => ({ value: k, label: k }))}
      value={step.record}
      allowDeselect={false}
      onChange={(k) => k && onChange({ ...step, record: k as typeof step.record })}
    />
    <ValueRefInput
      label="Record id"
      fields={fields}
      value={step.recordId}
      onChange={(recordId) => onChange({ ...step, recordId })}
    />
    <TextInput
      label="Keep it as variable"
      description="Later steps read it as $.vars.<name>"
      value={step.as}
      onChange={(e) => onChange({ ...step, as: e.currentTarget.value })}
    />
  </Stack>
);

const CommandForm = ({ step, fields, meta, onChange }: FormProps<Extract<Step, { kind: 'command' }>>) => {
  const operation = meta.operations.find((o) => o.id === step.operation);
  return (
    <Stack gap="xs">
      <Select
        label="Operation"
        placeholder="Pick what it does"
        data={meta.operations.map((o) => ({ value: o.id, label: o.summary || o.id }))}
        value={step.operation || null}
        searchable
        onChange={(id) => id && onChange({ ...step, operation: id })}
      />
      {operation?.permission && (
        <Text size="xs" c="dimmed">
          Needs the permission {operation.permission}, granted when the workflow is published.
        </Text>
      )}
      <KeyValues
        label="Parameters"
        keyLabel="Parameter"
        fields={fields}
        entries={step.params ?? {}}
        suggestions={operation?.params}
        onChange={(params) => onChange({ ...step, params })}
      />
      <KeyValues
        label="Body"
        keyLabel="Body field"
        fields={fields}
        entries={step.body ?? {}}
        suggestions={operation?.body}
        onChange={(body) => onChange({ ...step, body })}
      />
    </Stack>
  );
};

const EmailForm = ({ step, fields, meta, onChange }: FormProps<Extract<Step, { kind: 'email' }>>) => {
  const toRole = 'role' in step.to;
  return (
    <Stack gap="xs">
      <SegmentedControl
        aria-label="Send to"
        data={[
          { value: 'role', label: 'People with a role' },
          { value: 'address', label: 'An address' },
        ]}
        value={toRole ? 'role' : 'address'}
        onChange={(v) =>
          onChange({
            ...step,
            to:
              v === 'role'
                ? { role: meta.roles[0] ?? 'manager' }
                : { address: { path: fields[0]?.path ?? '$.trigger.data' } },
          })
        }
      />
      {'role' in step.to ? (
        <Select
          label="Role"
          data={roleOptions(meta)}
          value={step.to.role}
          allowDeselect={false}
          onChange={(role) => role && onChange({ ...step, to: { role } })}
        />
      ) : (
        <ValueRefInput
          label="Address"
          fields={fields}
          value={step.to.address}
          onChange={(address) => onChange({ ...step, to: { address } })}
        />
      )}
      <PlaceholderText
        label="Subject"
        required
        fields={fields}
        value={step.subject}
        onChange={(subject) => onChange({ ...step, subject })}
      />
      <PlaceholderText
        label="Body"
        required
        multiline
        fields={fields}
        value={step.body}
        onChange={(body) => onChange({ ...step, body })}
      />
    </Stack>
  );
};

const WebhookForm = ({ step, fields, meta, onChange }: FormProps<Extract<Step, { kind: 'webhook' }>>) => (
  <Stack gap="xs">
    <Select
      label="Endpoint"
      placeholder={meta.endpoints.length ? 'Pick an outbound endpoint' : 'No webhook endpoints yet'}
      data={meta.endpoints.map((e) => ({ value: e.id, label: e.label }))}
      value={step.endpointId || null}
      searchable
      onChange={(id) => id && onChange({ ...step, endpointId: id })}
    />
    <KeyValues
      label="Payload"
      keyLabel="Payload field"
      fields={fields}
      entries={step.payload ?? {}}
      onChange={(payload) => onChange({ ...step, payload })}
    />
  </Stack>
);

const TaskForm = ({ step, fields, meta, onChange }: FormProps<Extract<Step, { kind: 'task' }>>) => (
  <Stack gap="xs">
    <Select
      label="For the role"
      data={roleOptions(meta)}
      value={step.role}
      allowDeselect={false}
      onChange={(role) => role && onChange({ ...step, role })}
    />
    <PlaceholderText
      label="Title"
      required
      fields={fields}
      value={step.title}
      onChange={(title) => onChange({ ...step, title })}
    />
    <PlaceholderText
      label="Details"
      multiline
      fields={fields}
      value={step.details ?? ''}
      onChange={(details) => {
        const { details: _d, ...rest } = step;
        onChange(details ? { ...rest, details } : rest);
      }}
    />
    <NumberInput
      label="Due in days"
      min={0}
      max={365}
      value={step.dueInDays ?? ''}
      onChange={(v) => {
        const { dueInDays: _d, ...rest } = step;
        onChange(v === '' ? rest : { ...rest, dueInDays: Number(v) });
      }}
    />
    <TextInput
      label="Link in the console"
      placeholder="/orders/{{$.trigger.data.orderId}}"
      value={step.link ?? ''}
      onChange={(e) => {
        const { link: _l, ...rest } = step;
        const link = e.currentTarget.value;
        onChange(link ? { ...rest, link } : rest);
      }}
    />
  </Stack>
);

const SetForm = ({ step, fields, onChange }: FormProps<Extract<Step, { kind: 'set' }>>) => (
  <KeyValues
    label="Variables"
    keyLabel="Variable"
    fields={fields}
    entries={step.vars}
    onChange={(vars) => onChange({ ...step, vars })}
  />
);

const ConditionForm = ({ step, fields, onChange }: FormProps<Extract<Step, { kind: 'condition' }>>) => (
  <ConditionEditor
    condition={step.when}
    fields={fields}
    onChange={(when) => onChange({ ...step, when })}
    label="Rule"
  />
);

const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, intervalSeconds: 2, backoffRate: 2 };

const RetryForm = ({
  step,
  onChange,
}: {
  step: Step & { retry?: RetryPolicy };
  onChange: (next: Step) => void;
}) => {
  const retry = step.retry;
  const set = (patch: Partial<RetryPolicy>) =>
    onChange({ ...step, retry: { ...(retry ?? DEFAULT_RETRY), ...patch } } as Step);
  return (
    <Stack gap="xs">
      <Checkbox
        label="Own retry policy (default: 3 retries, 2 s apart, doubling, with jitter)"
        checked={retry !== undefined}
        onChange={(e) => {
          const { retry: _r, ...rest } = step;
          onChange((e.currentTarget.checked ? { ...rest, retry: DEFAULT_RETRY } : rest) as Step);
        }}
      />
      {retry && (
        <Group gap="xs" grow>
          <NumberInput
            label="Retries"
            min={0}
            max={10}
            value={retry.maxAttempts}
            onChange={(v) => set({ maxAttempts: Number(v) || 0 })}
          />
          <NumberInput
            label="First wait (s)"
            min={1}
            max={3600}
            value={retry.intervalSeconds}
            onChange={(v) => set({ intervalSeconds: Number(v) || 1 })}
          />
          <NumberInput
            label="Backoff"
            min={1}
            max={5}
            step={0.5}
            decimalScale={1}
            value={retry.backoffRate}
            onChange={(v) => set({ backoffRate: Number(v) || 1 })}
          />
        </Group>
      )}
    </Stack>
  );
};

/** Where each of the step's ports leads, chosen from a list: connecting without dragging. */
const Connections = ({
  step,
  def,
  onDefinition,
}: {
  step: Step;
  def: WorkflowDefinition;
  onDefinition: (next: WorkflowDefinition) => void;
}) => {
  const others = def.steps
    .filter((s) => s.id !== step.id)
    .map((s) => ({ value: s.id, label: `${s.name} (${s.id})` }));
  const links = linksOf(step);
  const single = portsOf(step.kind).filter((p): p is Exclude<Port, 'branch'> => p !== 'branch');
  return (
    <Stack gap="xs">
      {single.map((port) => (
        <Select
          key={port}
          label={`${PORT_LABELS[port]} step`}
          placeholder="The run ends here"
          data={others}
          value={links.find((l) => l.port === port)?.target ?? null}
          clearable
          onChange={(target) =>
            onDefinition(
              target ? connect(def, step.id, port, target) : disconnect(def, { source: step.id, port }),
            )
          }
        />
      ))}
      {step.kind === 'parallel' && (
        <Select
          label="Add a branch starting at"
          placeholder={`${step.branches.length} branch(es)`}
          data={others.filter((o) => !step.branches.includes(o.value))}
          value={null}
          onChange={(target) => target && onDefinition(connect(def, step.id, 'branch', target))}
        />
      )}
    </Stack>
  );
};

const Part = ({ title, children }: { title: string; children: ReactNode }) => (
  <Stack gap="xs">
    <Text size="sm" fw={700}>
      {title}
    </Text>
    {children}
  </Stack>
);

/** The side panel's form for the selected step: its name, its kind's settings, retries and connections. */
export const StepPanel = ({
  step,
  def,
  fields,
  meta,
  problems,
  onStep,
  onDefinition,
  onRemove,
}: {
  step: Step;
  def: WorkflowDefinition;
  fields: FieldInfo[];
  meta: BuilderMeta;
  problems: string[];
  onStep: (next: Step) => void;
  onDefinition: (next: WorkflowDefinition) => void;
  onRemove: () => void;
}) => {
  const props = { fields, meta, onChange: onStep };
  const form = (() => {
    switch (step.kind) {
      case 'condition':
        return <ConditionForm step={step} {...props} />;
      case 'wait':
        return <WaitForm step={step} {...props} />;
      case 'parallel':
        return (
          <Text size="sm" c="dimmed">
            Runs {step.branches.length} branch(es) at once, then goes on to its next step.
          </Text>
        );
      case 'lookup':
        return <LookupForm step={step} {...props} />;
      case 'command':
        return <CommandForm step={step} {...props} />;
      case 'email':
        return <EmailForm step={step} {...props} />;
      case 'webhook':
        return <WebhookForm step={step} {...props} />;
      case 'task':
        return <TaskForm step={step} {...props} />;
      case 'set':
        return <SetForm step={step} {...props} />;
    }
  })();
  return (
    <Stack gap="md" data-testid="step-panel">
      <Group justify="space-between" gap="xs">
        <Text size="xs" c="dimmed">
          {KIND_LABELS[step.kind]} · {step.id}
        </Text>
        <Button
          size="xs"
          variant="subtle"
          color="red"
          leftSection={<IconTrash size={14} aria-hidden />}
          onClick={onRemove}
        >
          Remove step
        </Button>
      </Group>
      {problems.length > 0 && (
        <Stack gap={2} role="list" aria-label="Problems of this step">
          {problems.map((p) => (
            <Text key={p} size="xs" c="red.8" role="listitem">
              {p}
            </Text>
          ))}
        </Stack>
      )}
      <TextInput
        label="Step name"
        value={step.name}
        maxLength={80}
        onChange={(e) => onStep({ ...step, name: e.currentTarget.value })}
      />
      {form}
      {'onError' in step ||
      ['lookup', 'command', 'email', 'webhook', 'task', 'parallel'].includes(step.kind) ? (
        <Part title="Retries">
          <RetryForm step={step} onChange={onStep} />
        </Part>
      ) : null}
      <Part title="Connections">
        <Connections step={step} def={def} onDefinition={onDefinition} />
      </Part>
    </Stack>
  );
};
