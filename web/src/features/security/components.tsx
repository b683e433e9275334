import '@mantine/core/styles/Code.css';
import { Badge, Code, Group, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { roleLabel } from '../../lib/format';
import type { IncidentStatus, Severity } from './types';

/** Severity colours; each badge also says the severity in words, so colour never carries meaning alone. */
export const SEVERITY_COLORS: Record<Severity, string> = {
  critical: 'red',
  high: 'orange',
  medium: 'yellow',
  low: 'gray',
};

export const SeverityBadge = ({ severity }: { severity: Severity }) => (
  <Badge color={SEVERITY_COLORS[severity]} variant={severity === 'critical' ? 'filled' : 'light'}>
    {severity}
  </Badge>
);

const STATUS_COLORS: Record<IncidentStatus, string> = {
  open: 'red',
  acknowledged: 'blue',
  resolved: 'green',
};

export const StatusBadge = ({ status }: { status: IncidentStatus }) => (
  <Badge color={STATUS_COLORS[status]} variant="outline">
    {status}
  </Badge>
);

export const RoleBadge = ({ role }: { role: string | null }) =>
  role ? (
    <Badge variant="light" color="grape">
      {roleLabel(role)}
    </Badge>
  ) : (
    <Badge variant="outline" color="gray">
      No role
    </Badge>
  );

const show = (value: unknown): ReactNode => {
  if (Array.isArray(value)) return value.length ? value.map(String).join(', ') : '—';
  if (value && typeof value === 'object') return <Code block>{JSON.stringify(value, null, 2)}</Code>;
  return value === undefined || value === null || value === '' ? '—' : String(value);
};

/** A record's fields as a two-column table (evidence, an entry's changes). */
export const KeyValues = ({ values, caption }: { values: Record<string, unknown>; caption: string }) => (
  <Table captionSide="top" withRowBorders={false} verticalSpacing={4}>
    <Table.Caption style={{ textAlign: 'left' }}>{caption}</Table.Caption>
    <Table.Tbody>
      {Object.entries(values).map(([key, value]) => (
        <Table.Tr key={key}>
          <Table.Th scope="row" w={180} style={{ verticalAlign: 'top' }}>
            <Text size="sm" c="dimmed">
              {key}
            </Text>
          </Table.Th>
          <Table.Td style={{ wordBreak: 'break-word' }}>{show(value)}</Table.Td>
        </Table.Tr>
      ))}
    </Table.Tbody>
  </Table>
);

export const Mono = ({ children }: { children: ReactNode }) => (
  <Text component="span" ff="monospace" size="xs" style={{ wordBreak: 'break-all' }}>
    {children}
  </Text>
);

export const Line = ({ children }: { children: ReactNode }) => (
  <Group gap="xs" wrap="wrap">
    {children}
  </Group>
);
