import { Button, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { Trigger, WorkflowDefinition } from '../definition';
import { ConditionEditor } from './ConditionEditor';
import { type BuilderMeta, triggerFields } from './fields';
import { connect, disconnect, TRIGGER_NODE } from './graph';

const KINDS = [
  { value: 'event', label: 'When an event happens' },
  { value: 'schedule', label: 'On a schedule' },
  { value: 'webhook', label: "When an integration's webhook arrives" },
  { value: 'manual', label: 'When someone runs it' },
];

const fresh = (kind: Trigger['kind'], meta: BuilderMeta): Trigger => {
  switch (kind) {
    case 'event':
      return { kind, eventType: meta.eventTypes[0]?.type ?? '' };
    case 'schedule':
      return { kind, expression: 'rate(1 day)', timezone: 'UTC' };
    case 'webhook':
      return { kind, integrationId: '' };
    case 'manual':
      return { kind };
  }
};

/** The side panel for the trigger: what starts a run, an event trigger's conditions, and the first step. */
export const TriggerPanel = ({
  def,
  meta,
  problems,
  onDefinition,
}: {
  def: WorkflowDefinition;
  meta: BuilderMeta;
  problems: string[];
  onDefinition: (next: WorkflowDefinition) => void;
}) => {
  const trigger = def.trigger;
  const setTrigger = (next: Trigger) => onDefinition({ ...def, trigger: next });
  const fields = triggerFields(def, meta);
  return (
    <Stack gap="md" data-testid="trigger-panel">
      <Text size="xs" c="dimmed">
        Trigger
      </Text>
      {problems.map((p) => (
        <Text key={p} size="xs" c="red.8">
          {p}
        </Text>
      ))}
      <Select
        label="Starts"
        data={KINDS}
        value={trigger.kind}
        allowDeselect={false}
        onChange={(k) => k && k !== trigger.kind && setTrigger(fresh(k as Trigger['kind'], meta))}
      />
      {trigger.kind === 'event' && (
        <>
          <Select
            label="Event"
            placeholder="Pick an event type"
            data={meta.eventTypes.map((e) => ({
              value: e.type,
              label: e.summary ? `${e.type} · ${e.summary}` : e.type,
            }))}
            value={trigger.eventType || null}
            searchable
            allowDeselect={false}
            nothingFoundMessage="No such event type"
            // A new event type has other fields: its conditions start again.
            onChange={(t) => t && setTrigger({ kind: 'event', eventType: t })}
          />
          {trigger.when ? (
            <Stack gap="xs">
              <Text size="sm" fw={600}>
                Only when
              </Text>
              <ConditionEditor
                condition={trigger.when}
                fields={fields}
                label="Trigger rule"
                onChange={(when) => setTrigger({ ...trigger, when })}
              />
              <Button
                size="xs"
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={14} aria-hidden />}
                onClick={() => setTrigger({ kind: 'event', eventType: trigger.eventType })}
                style={{ alignSelf: 'flex-start' }}
              >
                Run on every such event
              </Button>
            </Stack>
          ) : (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPlus size={14} aria-hidden />}
              disabled={fields.length === 0}
              onClick={() =>
                setTrigger({ ...trigger, when: { field: fields[0]?.path ?? '$.trigger.data', op: 'exists' } })
              }
              style={{ alignSelf: 'flex-start' }}
            >
              Only when… (add a condition)
            </Button>
          )}
        </>
      )}
      {trigger.kind === 'schedule' && (
        <>
          <TextInput
            label="Schedule"
            description="cron(0 9 ? * MON-FRI *) or rate(1 day)"
            value={trigger.expression}
            onChange={(e) => setTrigger({ ...trigger, expression: e.currentTarget.value })}
          />
          <TextInput
            label="Time zone"
            value={trigger.timezone ?? 'UTC'}
            onChange={(e) => setTrigger({ ...trigger, timezone: e.currentTarget.value })}
          />
        </>
      )}
      {trigger.kind === 'webhook' && (
        <TextInput
          label="Integration id"
          description="The integration whose inbound webhook starts a run"
          value={trigger.integrationId}
          onChange={(e) => setTrigger({ ...trigger, integrationId: e.currentTarget.value })}
        />
      )}
      <Select
        label="First step"
        placeholder="Not connected"
        data={def.steps.map((s) => ({ value: s.id, label: `${s.name} (${s.id})` }))}
        value={def.start || null}
        clearable
        onChange={(id) =>
          onDefinition(
            id
              ? connect(def, TRIGGER_NODE, 'next', id)
              : disconnect(def, { source: TRIGGER_NODE, port: 'next' }),
          )
        }
      />
    </Stack>
  );
};
