import { Badge, Skeleton, Stack } from '@mantine/core';
import type { AlertRule, HealthCheck } from './api';

const HEALTH: Record<HealthCheck['status'], { label: string; color: string }> = {
  ok: { label: 'OK', color: 'green' },
  degraded: { label: 'Degraded', color: 'yellow' },
  down: { label: 'Down', color: 'red' },
};

export const HealthBadge = ({ status }: { status: HealthCheck['status'] }) => (
  <Badge color={HEALTH[status].color} variant={status === 'ok' ? 'light' : 'filled'} radius="sm">
    {HEALTH[status].label}
  </Badge>
);

const STATE: Record<AlertRule['state'], { label: string; color: string }> = {
  OK: { label: 'OK', color: 'green' },
  ALARM: { label: 'Firing', color: 'red' },
  INSUFFICIENT_DATA: { label: 'No data', color: 'gray' },
};

export const AlertStateBadge = ({ state }: { state: AlertRule['state'] }) => (
  <Badge color={STATE[state].color} variant={state === 'ALARM' ? 'filled' : 'light'} radius="sm">
    {STATE[state].label}
  </Badge>
);

export const mOfN = (rule: AlertRule) =>
  `fires on ${rule.policy.fire.m} of ${rule.policy.fire.n}, recovers on ${rule.policy.recover.m} of ${rule.policy.recover.n}`;

const PLACEHOLDER_ROWS = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];

/** Rows of skeleton while a table loads. */
export const LoadingRows = ({ label }: { label: string }) => (
  <Stack gap="xs" aria-busy="true" aria-label={label}>
    {PLACEHOLDER_ROWS.map((row) => (
      <Skeleton key={row} height={24} />
    ))}
  </Stack>
);
