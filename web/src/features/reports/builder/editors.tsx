import {
  ActionIcon,
  Card,
  Group,
  NumberInput,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { FieldType, Grain, ReportDimension, ReportFilter, ReportValue } from '../api';
import {
  AGGREGATION_LABELS,
  aggregationsFor,
  type FieldInfo,
  type FilterOp,
  GRAIN_LABELS,
  OP_LABELS,
  opsFor,
} from './fields';

const PERIODS = ['day', 'week', 'month', 'quarter', 'year'] as const;
type Period = (typeof PERIODS)[number];

/** One item in a zone: its field, its settings, a remove button, and any problem the API found in it. */
const Item = ({
  title,
  onRemove,
  messages,
  children,
  testId,
}: {
  title: string;
  onRemove: () => void;
  messages: string[];
  children?: ReactNode;
  testId: string;
}) => (
  <Card
    withBorder
    padding="xs"
    radius="sm"
    data-testid={testId}
    style={messages.length ? { borderColor: 'var(--mantine-color-red-7)' } : undefined}
  >
    <Stack gap={6}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" fw={600} truncate>
          {title}
        </Text>
        <ActionIcon variant="subtle" color="gray" size="sm" onClick={onRemove} aria-label={`Remove ${title}`}>
          <IconX size={14} aria-hidden />
        </ActionIcon>
      </Group>
      {children}
      {messages.map((m) => (
        <Text key={m} size="xs" c="red.8" role="alert">
          {m}
        </Text>
      ))}
    </Stack>
  </Card>
);

/** What each zone's item editor is given: its item, the dataset's fields, and its problems. */
interface EditorProps<T> {
  item: T;
  fields: FieldInfo[];
  onChange: (next: T) => void;
  onRemove: () => void;
  messages: string[];
  testId: string;
}

const typeOf = (fields: FieldInfo[], ref: string | undefined): FieldType | undefined =>
  fields.find((f) => f.ref === ref)?.type;

export const DimensionItem = ({
  item,
  fields,
  onChange,
  onRemove,
  messages,
  testId,
}: EditorProps<ReportDimension>) => (
  <Item title={item.field} onRemove={onRemove} messages={messages} testId={testId}>
    {typeOf(fields, item.field) === 'date' && (
      <Select
        size="xs"
        label={`Group ${item.field} by`}
        data={Object.entries(GRAIN_LABELS).map(([value, label]) => ({ value, label }))}
        value={item.grain ?? 'day'}
        allowDeselect={false}
        onChange={(grain) =>
          onChange({
            field: item.field,
            ...(item.as ? { as: item.as } : {}),
            grain: (grain ?? 'day') as Grain,
          })
        }
      />
    )}
  </Item>
);

export const ValueItem = ({
  item,
  fields,
  onChange,
  onRemove,
  messages,
  testId,
}: EditorProps<ReportValue>) => {
  const aggs = aggregationsFor(typeOf(fields, item.field));
  const title = item.field
    ? `${AGGREGATION_LABELS[item.agg]} of ${item.field}`
    : AGGREGATION_LABELS[item.agg];
  return (
    <Item title={title} onRemove={onRemove} messages={messages} testId={testId}>
      <Group gap="xs" grow>
        <Select
          size="xs"
          label={`Aggregation of ${item.field ?? 'rows'}`}
          data={aggs.map((a) => ({ value: a, label: AGGREGATION_LABELS[a] }))}
          value={item.agg}
          allowDeselect={false}
          onChange={(agg) => {
            const { percentile: _, ...rest } = item;
            const next = (agg ?? 'count') as ReportValue['agg'];
            onChange(
              next === 'percentile' ? { ...rest, agg: next, percentile: 0.9 } : { ...rest, agg: next },
            );
          }}
        />
        {item.agg === 'percentile' && (
          <NumberInput
            size="xs"
            label="Percentile (0.01–0.99)"
            min={0.01}
            max={0.99}
            step={0.05}
            decimalScale={2}
            value={item.percentile ?? 0.9}
            onChange={(p) => onChange({ ...item, percentile: typeof p === 'number' ? p : 0.9 })}
          />
        )}
      </Group>
    </Item>
  );
};

const scalarFor = (type: FieldType | undefined, text: string): string | number | boolean =>
  type === 'integer' || type === 'number' ? Number(text) : type === 'boolean' ? text === 'true' : text;

export const FilterItem = ({
  item,
  fields,
  onChange,
  onRemove,
  messages,
  testId,
}: EditorProps<ReportFilter>) => {
  const type = typeOf(fields, item.field) ?? 'string';
  const base = { field: item.field };
  const setOp = (op: FilterOp) => {
    if (op === 'in_last') onChange({ ...base, op, amount: 12, unit: 'month' });
    else if (op === 'in_current') onChange({ ...base, op, unit: 'month' });
    else if (op === 'in' || op === 'not_in' || op === 'between') onChange({ ...base, op, values: [] });
    else if (op === 'is_null' || op === 'is_not_null') onChange({ ...base, op });
    else onChange({ ...base, op, ...(item.value !== undefined ? { value: item.value } : {}) });
  };
  const valueInput = (label: string, value: unknown, set: (v: string | number | boolean) => void) =>
    type === 'boolean' ? (
      <Select
        size="xs"
        label={label}
        data={[
          { value: 'true', label: 'Yes' },
          { value: 'false', label: 'No' },
        ]}
        value={value === undefined ? null : String(value)}
        onChange={(v) => set(v === 'true')}
      />
    ) : type === 'integer' || type === 'number' ? (
      <NumberInput
        size="xs"
        label={label}
        value={typeof value === 'number' ? value : ''}
        onChange={(v) => set(Number(v))}
      />
    ) : (
      <TextInput
        size="xs"
        label={label}
        type={type === 'date' ? 'date' : 'text'}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => set(e.currentTarget.value)}
      />
    );
  return (
    <Item
      title={`${item.field} ${OP_LABELS[item.op]}`}
      onRemove={onRemove}
      messages={messages}
      testId={testId}
    >
      <Select
        size="xs"
        label={`Condition on ${item.field}`}
        data={opsFor(type).map((op) => ({ value: op, label: OP_LABELS[op] }))}
        value={item.op}
        allowDeselect={false}
        onChange={(op) => op && setOp(op as FilterOp)}
      />
      {(item.op === 'in_last' || item.op === 'in_current') && (
        <Group gap="xs" grow>
          {item.op === 'in_last' && (
            <NumberInput
              size="xs"
              label="How many"
              min={1}
              max={1000}
              value={item.amount ?? 12}
              onChange={(v) => onChange({ ...item, amount: typeof v === 'number' ? v : 1 })}
            />
          )}
          <Select
            size="xs"
            label="Period"
            data={PERIODS.map((p) => ({ value: p, label: `${p}${item.op === 'in_last' ? 's' : ''}` }))}
            value={item.unit ?? 'month'}
            allowDeselect={false}
            onChange={(unit) => onChange({ ...item, unit: (unit ?? 'month') as Period })}
          />
        </Group>
      )}
      {['equals', 'not_equals', 'gt', 'gte', 'lt', 'lte', 'contains'].includes(item.op) &&
        valueInput('Value', item.value, (v) => onChange({ ...item, value: v }))}
      {item.op === 'between' && (
        <Group gap="xs" grow>
          {valueInput('From', item.values?.[0], (v) =>
            onChange({ ...item, values: [v, item.values?.[1] ?? v] }),
          )}
          {valueInput('To', item.values?.[1], (v) =>
            onChange({ ...item, values: [item.values?.[0] ?? v, v] }),
          )}
        </Group>
      )}
      {(item.op === 'in' || item.op === 'not_in') && (
        <TagsInput
          size="xs"
          label="Values (Enter after each)"
          value={(item.values ?? []).map(String)}
          onChange={(list) => onChange({ ...item, values: list.map((t) => scalarFor(type, t)) })}
        />
      )}
    </Item>
  );
};
