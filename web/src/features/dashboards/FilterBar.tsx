import { Button, Group, Select, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { SharedFilter } from './api';

type DateFilter = Extract<SharedFilter, { kind: 'date' }>;
type EqualsFilter = Extract<SharedFilter, { kind: 'equals' }>;

const PRESETS: Record<string, { label: string; range: DateFilter['range'] }> = {
  'last-1-month': { label: 'Last month', range: { op: 'in_last', amount: 1, unit: 'month' } },
  'last-3-months': { label: 'Last 3 months', range: { op: 'in_last', amount: 3, unit: 'month' } },
  'last-12-months': { label: 'Last 12 months', range: { op: 'in_last', amount: 12, unit: 'month' } },
  'this-year': { label: 'This year', range: { op: 'in_current', unit: 'year' } },
};

/** Fields many datasets share: an equality filter on one narrows every tile that has it. */
const FIELDS = [
  { value: 'channel', label: 'Channel' },
  { value: 'model_name', label: 'Model' },
  { value: 'status', label: 'Status' },
];

const presetOf = (filter: DateFilter | undefined) => {
  if (!filter) return 'all';
  if (filter.range.op === 'between') return 'between';
  const same = Object.entries(PRESETS).find(
    ([, p]) => JSON.stringify(p.range) === JSON.stringify(filter.range),
  );
  return same?.[0] ?? 'all';
};

/**
 * The dashboard's shared filters: a date range and one field's values, applied to every tile they fit.
 * Each change is handed up at once (a typed list of values when it is left), and every tile reruns.
 */
export const FilterBar = ({
  filters,
  onChange,
}: {
  filters: SharedFilter[];
  onChange: (next: SharedFilter[]) => void;
}) => {
  const date = filters.find((f): f is DateFilter => f.kind === 'date');
  const equals = filters.find((f): f is EqualsFilter => f.kind === 'equals');
  const [from, setFrom] = useState(date?.range.op === 'between' ? date.range.from : '');
  const [to, setTo] = useState(date?.range.op === 'between' ? date.range.to : '');
  const [values, setValues] = useState(equals?.values.join(', ') ?? '');
  const [preset, setPreset] = useState(presetOf(date));
  useEffect(() => setValues(equals?.values.join(', ') ?? ''), [equals]);

  const emit = (nextDate: DateFilter | undefined, nextEquals: EqualsFilter | undefined) =>
    onChange([...(nextDate ? [nextDate] : []), ...(nextEquals ? [nextEquals] : [])]);
  const dateFrom = (choice: string, start = from, end = to): DateFilter | undefined => {
    if (choice === 'between')
      return start && end && start <= end
        ? { kind: 'date', range: { op: 'between', from: start, to: end } }
        : undefined;
    const p = PRESETS[choice];
    return p ? { kind: 'date', range: p.range } : undefined;
  };
  const equalsOf = (field: string | undefined, text: string): EqualsFilter | undefined => {
    const list = text
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    return field && list.length ? { kind: 'equals', field, values: list } : undefined;
  };
  const [field, setField] = useState<string | null>(equals?.field ?? 'channel');

  return (
    <Group align="flex-end" gap="sm" wrap="wrap" role="group" aria-label="Filters for every tile">
      <Select
        label="Dates"
        w={170}
        data={[
          { value: 'all', label: "Each report's own" },
          ...Object.entries(PRESETS).map(([value, p]) => ({ value, label: p.label })),
          { value: 'between', label: 'Between dates' },
        ]}
        value={preset}
        allowDeselect={false}
        onChange={(v) => {
          const choice = v ?? 'all';
          setPreset(choice);
          emit(dateFrom(choice), equals);
        }}
      />
      {preset === 'between' && (
        <>
          <TextInput
            type="date"
            label="From"
            value={from}
            onChange={(e) => {
              setFrom(e.currentTarget.value);
              emit(dateFrom('between', e.currentTarget.value, to), equals);
            }}
          />
          <TextInput
            type="date"
            label="To"
            value={to}
            onChange={(e) => {
              setTo(e.currentTarget.value);
              emit(dateFrom('between', from, e.currentTarget.value), equals);
            }}
          />
        </>
      )}
      <Select
        label="Narrow by"
        w={130}
        data={FIELDS}
        value={field}
        allowDeselect={false}
        onChange={(v) => {
          setField(v);
          if (equals) emit(date, equalsOf(v ?? undefined, values));
        }}
      />
      <TextInput
        label="Values"
        placeholder="e.g. web_form, referral"
        value={values}
        onChange={(e) => setValues(e.currentTarget.value)}
        onBlur={() => emit(date, equalsOf(field ?? undefined, values))}
        onKeyDown={(e) => {
          if (e.key === 'Enter') emit(date, equalsOf(field ?? undefined, values));
        }}
      />
      {filters.length > 0 && (
        <Button
          variant="subtle"
          onClick={() => {
            setPreset('all');
            setValues('');
            onChange([]);
          }}
        >
          Clear filters
        </Button>
      )}
    </Group>
  );
};
