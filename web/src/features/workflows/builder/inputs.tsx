import {
  ActionIcon,
  Button,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useRef } from 'react';
import type { ValueRef } from '../definition';
import { insertPlaceholder } from './condition';
import type { FieldInfo } from './fields';

const fieldOptions = (fields: FieldInfo[], current?: string) => {
  const options = fields.map((f) => ({ value: f.path, label: f.label }));
  // A field no longer offered (the trigger changed) stays visible, so the person sees what to replace.
  return current && !fields.some((f) => f.path === current)
    ? [{ value: current, label: `${current} (not a field of this trigger)` }, ...options]
    : options;
};

/** Picks one of the fields that exist; nothing else can be chosen. */
export const FieldSelect = ({
  label,
  fields,
  value,
  onChange,
  error,
}: {
  label: string;
  fields: FieldInfo[];
  value: string | undefined;
  onChange: (path: string) => void;
  error?: string;
}) => (
  <Select
    label={label}
    placeholder={fields.length ? 'Pick a field' : 'No fields: choose the trigger first'}
    data={fieldOptions(fields, value)}
    value={value ?? null}
    onChange={(v) => v && onChange(v)}
    searchable
    allowDeselect={false}
    nothingFoundMessage="No such field"
    error={error}
  />
);

/** A value a step uses: a field of the run, or a fixed value. */
export const ValueRefInput = ({
  label,
  fields,
  value,
  onChange,
}: {
  label: string;
  fields: FieldInfo[];
  value: ValueRef | undefined;
  onChange: (next: ValueRef) => void;
}) => {
  const fromField = !value || 'path' in value;
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={500}>
          {label}
        </Text>
        <SegmentedControl
          size="xs"
          aria-label={`${label}: from`}
          data={[
            { value: 'path', label: 'Field' },
            { value: 'value', label: 'Fixed value' },
          ]}
          value={fromField ? 'path' : 'value'}
          onChange={(v) =>
            onChange(v === 'path' ? { path: fields[0]?.path ?? '$.trigger.data' } : { value: '' })
          }
        />
      </Group>
      {fromField ? (
        <FieldSelect
          label={`${label} (field)`}
          fields={fields}
          value={value && 'path' in value ? value.path : undefined}
          onChange={(path) => onChange({ path })}
        />
      ) : (
        <TextInput
          label={`${label} (value)`}
          value={String(value.value)}
          onChange={(e) => onChange({ value: e.currentTarget.value })}
        />
      )}
    </Stack>
  );
};

/** Names and values (command parameters, webhook payload, variables): add, change, remove. */
export const KeyValues = ({
  label,
  keyLabel,
  fields,
  entries,
  onChange,
  suggestions = [],
}: {
  label: string;
  keyLabel: string;
  fields: FieldInfo[];
  entries: Record<string, ValueRef>;
  onChange: (next: Record<string, ValueRef>) => void;
  /** Names expected here (an operation's parameters), added with one click. */
  suggestions?: string[];
}) => {
  const list = Object.entries(entries);
  const rename = (from: string, to: string) =>
    onChange(Object.fromEntries(list.map(([k, v]) => (k === from ? [to, v] : [k, v]))));
  const missing = suggestions.filter((s) => !(s in entries));
  const free = () => {
    let n = list.length + 1;
    while (`name${n}` in entries) n += 1;
    return `name${n}`;
  };
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>
        {label}
      </Text>
      {list.length === 0 && (
        <Text size="xs" c="dimmed">
          None yet.
        </Text>
      )}
      {list.map(([key, ref], i) => (
        <Stack
          // Keyed by place: renaming changes the name, and the input being typed in keeps its focus.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          key={i}
          gap={4}
          p="xs"
          style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 4 }}
        >
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput
              label={keyLabel}
              value={key}
              onChange={(e) => rename(key, e.currentTarget.value)}
              style={{ flex: 1 }}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Remove ${key}`}
              onClick={() => onChange(Object.fromEntries(list.filter(([k]) => k !== key)))}
            >
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Group>
          <ValueRefInput
            label={key || keyLabel}
            fields={fields}
            value={ref}
            onChange={(v) => onChange({ ...entries, [key]: v })}
          />
        </Stack>
      ))}
      <Group gap="xs">
        {missing.map((name) => (
          <Button
            key={name}
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => onChange({ ...entries, [name]: { path: fields[0]?.path ?? '$.trigger.data' } })}
          >
            {name}
          </Button>
        ))}
        <Button
          size="xs"
          variant="default"
          leftSection={<IconPlus size={14} aria-hidden />}
          onClick={() => onChange({ ...entries, [free()]: { value: '' } })}
        >
          Add {keyLabel.toLowerCase()}
        </Button>
      </Group>
    </Stack>
  );
};

/** Text with `{{field}}` placeholders, and a picker that inserts one at the caret. */
export const PlaceholderText = ({
  label,
  fields,
  value,
  onChange,
  multiline,
  required,
}: {
  label: string;
  fields: FieldInfo[];
  value: string;
  onChange: (text: string) => void;
  multiline?: boolean;
  required?: boolean;
}) => {
  const input = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const insert = (path: string | null) => {
    if (!path) return;
    onChange(insertPlaceholder(value, path, input.current?.selectionStart ?? value.length));
  };
  const props = {
    label,
    value,
    required,
    ref: input,
    onChange: (e: { currentTarget: { value: string } }) => onChange(e.currentTarget.value),
  };
  return (
    <Stack gap={4}>
      {multiline ? <Textarea {...props} autosize minRows={3} /> : <TextInput {...props} />}
      <Select
        size="xs"
        label={`Insert a field into ${label.toLowerCase()}`}
        placeholder="Insert a field…"
        data={fields.map((f) => ({ value: f.path, label: f.label }))}
        value={null}
        onChange={insert}
        searchable
      />
    </Stack>
  );
};
