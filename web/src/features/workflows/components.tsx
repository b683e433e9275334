import { Badge } from '@mantine/core';
import type { Trigger } from './definition';
import type { RunStatus, WorkflowStatus } from './types';

const WORKFLOW_COLORS: Record<WorkflowStatus, string> = {
  draft: 'gray',
  active: 'green',
  paused: 'yellow',
  archived: 'dark',
};
const WORKFLOW_LABELS: Record<WorkflowStatus, string> = {
  draft: 'Draft',
  active: 'Active',
  paused: 'Paused',
  archived: 'Archived',
};

export const WorkflowStatusBadge = ({ status }: { status: WorkflowStatus }) => (
  <Badge color={WORKFLOW_COLORS[status] ?? 'gray'} variant="light" radius="sm" data-testid="workflow-status">
    {WORKFLOW_LABELS[status] ?? status}
  </Badge>
);

const RUN_COLORS: Record<RunStatus, string> = {
  running: 'blue',
  succeeded: 'green',
  failed: 'red',
  cancelled: 'gray',
  timed_out: 'orange',
  interrupted: 'orange',
};
export const RUN_LABELS: Record<RunStatus, string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  timed_out: 'Timed out',
  interrupted: 'Interrupted',
};

export const RunStatusBadge = ({ status }: { status: RunStatus }) => (
  <Badge
    color={RUN_COLORS[status] ?? 'gray'}
    variant="light"
    radius="sm"
    data-testid="run-status"
    data-status={status}
  >
    {RUN_LABELS[status] ?? status}
  </Badge>
);

/** What starts a workflow, in a few words. */
export const triggerSummary = (trigger: Trigger | undefined): string => {
  if (!trigger) return '—';
  switch (trigger.kind) {
    case 'event':
      return `On ${trigger.eventType || '…'}${trigger.when ? ' (filtered)' : ''}`;
    case 'schedule':
      return `${trigger.expression} (${trigger.timezone ?? 'UTC'})`;
    case 'webhook':
      return 'Inbound webhook';
    case 'manual':
      return 'By hand';
  }
};

const RUN_TRIGGER_LABELS: Record<string, string> = {
  event: 'Event',
  schedule: 'Schedule',
  webhook: 'Webhook',
  manual: 'By hand',
  test: 'Test run',
  rerun: 'Re-run',
};

export const runTriggerSummary = (t: { kind: string; eventType?: string }) =>
  `${RUN_TRIGGER_LABELS[t.kind] ?? t.kind}${t.eventType ? ` · ${t.eventType}` : ''}`;

/** A duration in the unit that reads best: 840 ms, 12.4 s, 3 min 5 s, 2 h 10 min. */
export const duration = (ms: number | undefined): string => {
  if (ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} min`;
};
