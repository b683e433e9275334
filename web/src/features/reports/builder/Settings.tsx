import {
  ActionIcon,
  Button,
  Card,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import type { ReportDefinition, ResultColumn, VisualType } from '../api';
import { headingOf, VISUAL_LABELS } from '../visual/model';
import { messagesAt } from './fields';

type Change = (next: ReportDefinition) => void;

const Errors = ({ messages }: { messages: string[] }) =>
  messages.map((m) => (
    <Text key={m} size="xs" c="red.8" role="alert">
      {m}
    </Text>
  ));

/**
 * Calculated fields in the engine's expression language: each a field of every row, usable in any zone.
 * The API's 422 for an expression shows under it.
 */
export const CalculatedFields = ({
  definition,
  onChange,
  problems,
}: {
  definition: ReportDefinition;
  onChange: Change;
  problems: Map<string, string>;
}) => {
  const fields = definition.fields ?? [];
  const [name, setName] = useState('');
  const [expression, setExpression] = useState('');
  const set = (i: number, patch: Partial<(typeof fields)[number]>) =>
    onChange({ ...definition, fields: fields.map((f, j) => (j === i ? { ...f, ...patch } : f)) });
  return (
    <Card withBorder padding="sm" component="section" aria-labelledby="calculated-heading">
      <Title order={3} size="h6" id="calculated-heading" mb={4}>
        Calculated fields
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        Numbers, 'text', + - * /, comparisons, and/or/not and round, abs, coalesce, nullif, least, greatest,
        if, days_between, today, year, month, weekday, lower, upper. A new field is listed with the others to
        drag.
      </Text>
      <Stack gap="xs">
        {fields.map((f, i) => (
          <Group key={f.name} align="flex-start" gap="xs" wrap="nowrap">
            <TextInput
              size="xs"
              label="Name"
              value={f.name}
              onChange={(e) => set(i, { name: e.currentTarget.value })}
              w={140}
              error={messagesAt(problems, `fields.${i}.name`).join('; ') || undefined}
            />
            <TextInput
              size="xs"
              label="Expression"
              value={f.expression}
              onChange={(e) => set(i, { expression: e.currentTarget.value })}
              style={{ flex: 1 }}
              error={messagesAt(problems, `fields.${i}.expression`).join('; ') || undefined}
            />
            <ActionIcon
              mt={22}
              variant="subtle"
              color="gray"
              aria-label={`Remove calculated field ${f.name}`}
              onClick={() => onChange({ ...definition, fields: fields.filter((_, j) => j !== i) })}
            >
              <IconX size={14} aria-hidden />
            </ActionIcon>
          </Group>
        ))}
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <TextInput
            size="xs"
            label="New field's name"
            placeholder="margin_cents"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            w={140}
          />
          <TextInput
            size="xs"
            label="New field's expression"
            placeholder="total_cents - paid_cents"
            value={expression}
            onChange={(e) => setExpression(e.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Button
            size="xs"
            variant="default"
            leftSection={<IconPlus size={14} aria-hidden />}
            disabled={!name || !expression}
            onClick={() => {
              onChange({ ...definition, fields: [...fields, { name: name.trim(), expression }] });
              setName('');
              setExpression('');
            }}
          >
            Add field
          </Button>
        </Group>
      </Stack>
    </Card>
  );
};

/** Sort, limit and how the result is drawn (its axes, and a KPI's comparison). */
export const ShapeSettings = ({
  definition,
  onChange,
  problems,
  columns,
}: {
  definition: ReportDefinition;
  onChange: Change;
  problems: Map<string, string>;
  /** The preview's columns: what sort and the axes can name. */
  columns: ResultColumn[];
}) => {
  const visual = definition.visual ?? { type: 'table' as const };
  const names = [...new Set(columns.map((c) => c.value ?? c.name))];
  const sort = definition.sort?.[0];
  const setVisual = (patch: Partial<typeof visual>) => {
    const next = { ...visual, ...patch };
    for (const key of Object.keys(next) as (keyof typeof next)[])
      if (next[key] === undefined) delete next[key];
    onChange({ ...definition, visual: next });
  };
  const figures = columns.filter((c) => c.role === 'value' || c.role === 'calculation');
  return (
    <Card withBorder padding="sm" component="section" aria-labelledby="shape-heading">
      <Title order={3} size="h6" id="shape-heading" mb="xs">
        Sort, limit and chart
      </Title>
      <Group align="flex-start" gap="sm" wrap="wrap">
        <Select
          size="xs"
          label="Chart"
          data={(Object.keys(VISUAL_LABELS) as VisualType[]).map((v) => ({
            value: v,
            label: VISUAL_LABELS[v],
          }))}
          value={visual.type}
          allowDeselect={false}
          onChange={(type) => setVisual({ type: (type ?? 'table') as VisualType })}
          w={130}
        />
        {!['table', 'pivot', 'kpi'].includes(visual.type) && (
          <Select
            size="xs"
            label="Across (x axis)"
            placeholder="First row field"
            data={columns
              .filter((c) => c.role === 'row')
              .map((c) => ({ value: c.name, label: headingOf(c) }))}
            value={visual.x ?? null}
            onChange={(x) => setVisual({ x: x ?? undefined })}
            clearable
            w={170}
          />
        )}
        {visual.type !== 'table' && visual.type !== 'pivot' && (
          <MultiSelect
            size="xs"
            label="Figures drawn"
            placeholder="All values"
            data={[...new Set(figures.map((c) => c.value ?? c.name))]}
            value={visual.y ?? []}
            onChange={(y) => setVisual({ y: y.length ? y : undefined })}
            w={220}
          />
        )}
        {visual.type === 'kpi' && (
          <Checkbox
            mt={26}
            size="xs"
            label="Compare with the previous period"
            checked={visual.compare === 'previous_period'}
            onChange={(e) => setVisual({ compare: e.currentTarget.checked ? 'previous_period' : undefined })}
          />
        )}
        <Select
          size="xs"
          label="Sort by"
          placeholder="Rows in order"
          data={names}
          value={sort?.by ?? null}
          clearable
          onChange={(by) =>
            onChange({ ...definition, sort: by ? [{ by, direction: sort?.direction ?? 'desc' }] : [] })
          }
          w={170}
          error={messagesAt(problems, 'sort').join('; ') || undefined}
        />
        {sort && (
          <Select
            size="xs"
            label="Direction"
            data={[
              { value: 'desc', label: 'Largest first' },
              { value: 'asc', label: 'Smallest first' },
            ]}
            value={sort.direction ?? 'asc'}
            allowDeselect={false}
            onChange={(direction) =>
              onChange({
                ...definition,
                sort: [{ by: sort.by, direction: direction === 'desc' ? 'desc' : 'asc' }],
              })
            }
            w={140}
          />
        )}
        <NumberInput
          size="xs"
          label="Limit"
          placeholder="No limit"
          min={1}
          max={1_000_000}
          value={definition.limit ?? ''}
          onChange={(v) => {
            const { limit: _, ...rest } = definition;
            onChange(typeof v === 'number' && v > 0 ? { ...rest, limit: v } : rest);
          }}
          w={110}
        />
      </Group>
      <Errors messages={[...messagesAt(problems, 'visual'), ...messagesAt(problems, 'limit')]} />
    </Card>
  );
};
