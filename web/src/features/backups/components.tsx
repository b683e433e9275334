import '@mantine/core/styles/Code.css';
import { Badge, Code, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { DrillResult, RunStatus, Verification } from './types';

const units = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 1536 -> "1.5 KB". */
export const bytes = (n: number | undefined): string => {
  if (n === undefined) return '—';
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
};

/** 83_000 -> "1 min 23 s". */
export const duration = (ms: number | undefined): string => {
  if (ms === undefined) return '—';
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
};

export const count = (n: number | undefined) => (n === undefined ? '—' : n.toLocaleString());

const STATUS: Record<RunStatus, { color: string; label: string }> = {
  queued: { color: 'gray', label: 'Queued' },
  running: { color: 'blue', label: 'Running' },
  completed: { color: 'green', label: 'Completed' },
  failed: { color: 'red', label: 'Failed' },
  expired: { color: 'gray', label: 'Expired' },
};

/** Status in words and colour, so colour never carries meaning alone. */
export const RunBadge = ({ status }: { status: RunStatus }) => (
  <Badge color={STATUS[status].color} variant={status === 'failed' ? 'filled' : 'light'}>
    {STATUS[status].label}
  </Badge>
);

export const VerifiedBadge = ({ verification }: { verification?: Verification }) =>
  verification ? (
    <Badge color={verification.ok ? 'green' : 'red'} variant="outline">
      {verification.ok ? 'Verified' : `${verification.problems.length} problems`}
    </Badge>
  ) : null;

export const DrillBadge = ({ drill }: { drill?: DrillResult }) => {
  if (!drill)
    return (
      <Text size="sm" c="dimmed" component="span">
        No drill
      </Text>
    );
  if (drill.ok === undefined)
    return (
      <Badge color="blue" variant="light">
        Drill running
      </Badge>
    );
  return (
    <Badge color={drill.ok ? 'green' : 'red'} variant="light">
      {drill.ok ? 'Drill: views match' : drill.error ? 'Drill failed' : 'Drill: views differ'}
    </Badge>
  );
};

/** A value for a table cell: nested values as formatted JSON. */
export const showValue = (value: unknown): ReactNode => {
  if (value && typeof value === 'object') return <Code block>{JSON.stringify(value, null, 2)}</Code>;
  return value === undefined || value === null || value === '' ? '—' : String(value);
};

/** Fields as a two-column table. */
export const Facts = ({ values, caption }: { values: [string, ReactNode][]; caption: string }) => (
  <Table captionSide="top" withRowBorders={false} verticalSpacing={4}>
    <Table.Caption style={{ textAlign: 'left' }}>{caption}</Table.Caption>
    <Table.Tbody>
      {values.map(([key, value]) => (
        <Table.Tr key={key}>
          <Table.Th scope="row" w={200} style={{ verticalAlign: 'top' }}>
            <Text size="sm" c="dimmed">
              {key}
            </Text>
          </Table.Th>
          <Table.Td style={{ overflowWrap: 'anywhere' }}>{value ?? '—'}</Table.Td>
        </Table.Tr>
      ))}
    </Table.Tbody>
  </Table>
);

/** A datetime-local value (the browser's local time) as an ISO instant; undefined when empty. */
export const toInstant = (local: string): string | undefined =>
  local ? new Date(local).toISOString() : undefined;
