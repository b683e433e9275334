import { ActionIcon, Button, Group, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { Comparison, Condition } from '../definition';
import {
  addAt,
  type CondPath,
  childrenOf,
  conditionAt,
  type FieldType,
  isComparison,
  opsFor,
  parseValue,
  removeAt,
  replaceAt,
  setGroupKind,
  takesValue,
  toggleNot,
  withField,
} from './condition';
import type { FieldInfo } from './fields';
import { FieldSelect } from './inputs';

const OP_LABELS: Record<Comparison['op'], string> = {
  equals: 'equals',
  notEquals: 'does not equal',
  greaterThan: 'is greater than',
  greaterThanOrEquals: 'is at least',
  lessThan: 'is less than',
  lessThanOrEquals: 'is at most',
  matches: 'matches (* any text)',
  before: 'is before',
  after: 'is after',
  exists: 'is present',
  missing: 'is missing',
};

const typeOf = (fields: FieldInfo[], path: string): FieldType =>
  fields.find((f) => f.path === path)?.type ?? 'string';

interface NodeProps {
  root: Condition;
  path: CondPath;
  fields: FieldInfo[];
  onChange: (next: Condition) => void;
  label: string;
}

const ComparisonRow = ({ root, path, fields, onChange, label }: NodeProps) => {
  const c = conditionAt(root, path) as Comparison;
  const type = typeOf(fields, c.field);
  const set = (next: Comparison) => onChange(replaceAt(root, path, next));
  const known = fields.some((f) => f.path === c.field);
  const values = fields.find((f) => f.path === c.field)?.values;
  return (
    <Stack gap={4} data-testid="comparison">
      <FieldSelect
        label={`${label}: field`}
        fields={fields}
        value={c.field}
        onChange={(field) => set(withField(c, field, typeOf(fields, field)))}
        error={known ? undefined : 'Pick a field the trigger has'}
      />
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <Select
          label={`${label}: comparison`}
          data={opsFor(type).map((op) => ({ value: op, label: OP_LABELS[op] }))}
          value={c.op}
          allowDeselect={false}
          onChange={(op) => {
            if (!op) return;
            const next = { field: c.field, op: op as Comparison['op'] };
            set(takesValue(next.op) && c.value !== undefined ? { ...next, value: c.value } : next);
          }}
          style={{ flex: 1 }}
        />
        {takesValue(c.op) &&
          (values ? (
            <Select
              label={`${label}: value`}
              data={values.map(String)}
              value={c.value === undefined ? null : String(c.value)}
              onChange={(v) => {
                const picked = values.find((x) => String(x) === v);
                if (picked !== undefined) set({ ...c, value: picked });
              }}
              style={{ flex: 1 }}
            />
          ) : type === 'boolean' ? (
            <Select
              label={`${label}: value`}
              data={['true', 'false']}
              value={c.value === undefined ? null : String(c.value)}
              onChange={(v) => v && set({ ...c, value: v === 'true' })}
              style={{ flex: 1 }}
            />
          ) : (
            <TextInput
              label={`${label}: value`}
              type={type === 'number' ? 'number' : 'text'}
              placeholder={type === 'timestamp' ? '2026-01-31T00:00:00Z' : undefined}
              value={c.value === undefined ? '' : String(c.value)}
              onChange={(e) => {
                const value = parseValue(e.currentTarget.value, type);
                const { value: _old, ...rest } = c;
                set(value === undefined ? rest : { ...rest, value });
              }}
              style={{ flex: 1 }}
            />
          ))}
      </Group>
    </Stack>
  );
};

const ConditionNode = (props: NodeProps) => {
  const { root, path, fields, onChange, label } = props;
  const node = conditionAt(root, path);
  if (!node) return null;
  const remove =
    path.length > 0 ? (
      <ActionIcon
        variant="subtle"
        color="red"
        aria-label={`Remove ${label}`}
        onClick={() => onChange(removeAt(root, path))}
      >
        <IconTrash size={16} aria-hidden />
      </ActionIcon>
    ) : null;
  const notButton = (
    <Button
      size="compact-xs"
      variant={'not' in node ? 'filled' : 'default'}
      aria-pressed={'not' in node}
      onClick={() => onChange(toggleNot(root, path))}
    >
      Not
    </Button>
  );
  const frame = { borderLeft: '3px solid var(--mantine-color-blue-3)', paddingLeft: 8 };
  if (isComparison(node))
    return (
      <Stack gap={4} style={frame}>
        <Group justify="space-between" gap="xs">
          <Text size="xs" fw={600}>
            {label}
          </Text>
          <Group gap={4}>
            {notButton}
            {remove}
          </Group>
        </Group>
        <ComparisonRow {...props} />
      </Stack>
    );
  if ('not' in node)
    return (
      <Stack gap={4} style={frame}>
        <Group justify="space-between" gap="xs">
          <Text size="xs" fw={600}>
            {label}: not
          </Text>
          <Group gap={4}>
            {notButton}
            {remove}
          </Group>
        </Group>
        <ConditionNode {...props} path={[...path, 0]} label={`${label} (negated)`} />
      </Stack>
    );
  const kind = 'all' in node ? 'all' : 'any';
  const children = childrenOf(node);
  const first = fields[0]?.path ?? '$.trigger.data';
  return (
    <Stack gap="xs" style={frame}>
      <Group justify="space-between" gap="xs">
        <SegmentedControl
          size="xs"
          aria-label={`${label}: combine with`}
          data={[
            { value: 'all', label: 'All of (and)' },
            { value: 'any', label: 'Any of (or)' },
          ]}
          value={kind}
          onChange={(v) => onChange(setGroupKind(root, path, v as 'all' | 'any'))}
        />
        <Group gap={4}>
          {notButton}
          {remove}
        </Group>
      </Group>
      {children.map((_, i) => (
        <ConditionNode
          // Every value lives in the definition, so a node keyed by its place shows whatever is there now.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          key={i}
          {...props}
          path={[...path, i]}
          label={`${label}.${i + 1}`}
        />
      ))}
      <Group gap="xs">
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} aria-hidden />}
          onClick={() => onChange(addAt(root, path, { field: first, op: 'exists' }))}
        >
          Add a comparison
        </Button>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconPlus size={14} aria-hidden />}
          onClick={() => onChange(addAt(root, path, { any: [{ field: first, op: 'exists' }] }))}
        >
          Add a group
        </Button>
      </Group>
    </Stack>
  );
};

/** A condition as a tree of comparisons in and / or / not groups; each comparison names an existing field. */
export const ConditionEditor = ({
  condition,
  fields,
  onChange,
  label = 'Rule',
}: {
  condition: Condition;
  fields: FieldInfo[];
  onChange: (next: Condition) => void;
  label?: string;
}) => {
  const first = fields[0]?.path ?? '$.trigger.data';
  return (
    <Stack gap="xs" data-testid="condition-editor">
      <ConditionNode root={condition} path={[]} fields={fields} onChange={onChange} label={label} />
      {isComparison(condition) && (
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} aria-hidden />}
          onClick={() => onChange(addAt(condition, [], { field: first, op: 'exists' }))}
          style={{ alignSelf: 'flex-start' }}
        >
          Add another comparison
        </Button>
      )}
    </Stack>
  );
};
