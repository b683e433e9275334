import { Badge, Center, Loader, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { LoadError } from '../../components/ProblemAlert';
import { money, percent } from '../../lib/format';
import type { Recommendation } from './api';

export const STATUS_COLUMNS: { status: Recommendation['status']; label: string; color: string }[] = [
  { status: 'proposed', label: 'Proposed', color: 'blue' },
  { status: 'accepted', label: 'Accepted', color: 'teal' },
  { status: 'implemented', label: 'Implemented', color: 'green' },
  { status: 'measured', label: 'Measured', color: 'grape' },
  { status: 'dismissed', label: 'Dismissed', color: 'gray' },
];

export const StatusBadge = ({ status }: { status: Recommendation['status'] }) => {
  const column = STATUS_COLUMNS.find((c) => c.status === status)!;
  return (
    <Badge variant="light" radius="sm" color={column.color}>
      {column.label}
    </Badge>
  );
};

export const valueRange = (v: Recommendation['estimatedValue']) =>
  `${money(v.cents)} (${money(v.lo)} – ${money(v.hi)})`;

export const confidenceText = (c: Recommendation['confidence']) =>
  `${percent(c.value)} measured on ${c.samples} past case${c.samples === 1 ? '' : 's'}`;

/** A figure of a recommendation's evidence, shown in its unit. */
export const figureText = (f: Recommendation['evidence']['figures'][number]): string => {
  if (typeof f.value === 'string') return f.value;
  switch (f.unit) {
    case 'cents':
      return money(f.value);
    case 'share':
      return percent(f.value);
    default:
      return f.value.toLocaleString('en-US', { maximumFractionDigits: 2 });
  }
};

export const Loading = ({ label }: { label: string }) => (
  <Center mih={120} aria-busy="true">
    <Loader aria-label={label} />
  </Center>
);

export const NoRunYet = () => (
  <Text c="dimmed">
    No insights run yet. Runs happen nightly; someone who manages insights can run them now.
  </Text>
);

/**
 * A page of the latest run's figures: its header, then an error with a retry, a loader, "no run yet",
 * or the figures themselves, in that order.
 */
export const RunFigures = <T extends { runId?: string | null }>({
  header,
  query,
  what,
  children,
}: {
  header: ReactNode;
  query: UseQueryResult<T>;
  what: string;
  children: (data: T) => ReactNode;
}) => (
  <>
    {header}
    {query.isError ? (
      <LoadError error={query.error} onRetry={() => void query.refetch()} what={what} />
    ) : !query.data ? (
      <Loading label={`Loading ${what.toLowerCase()}`} />
    ) : !query.data.runId ? (
      <NoRunYet />
    ) : (
      children(query.data)
    )}
  </>
);
