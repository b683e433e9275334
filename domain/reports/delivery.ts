import type { ReportCondition } from '../../events/contexts/reports.ts';
import { can, type Permission, type Role } from '../access/permissions.ts';
import type { Event } from '../shared/decider.ts';

/**
 * What a scheduled report's delivery decides without I/O: whether its condition holds on a result,
 * and its run history folded from the `reportrun-<reportId>` stream.
 */
type Cell = string | number | boolean | null;

export type ConditionOutcome = { deliver: true; detail: string } | { deliver: false; reason: string };

/**
 * `falls-by`: the last row's value against the row before it (the result's rows are its periods,
 * oldest first, as a report by month sorted by month gives them). Fewer than two rows, or a previous
 * value of zero or none, cannot show a fall: nothing is delivered, and the reason says why.
 */
export const checkCondition = (
  condition: ReportCondition | undefined,
  rows: readonly Record<string, Cell>[],
): ConditionOutcome => {
  if (!condition) return { deliver: true, detail: 'no condition' };
  const values = rows.map((r) => r[condition.value]);
  if (values.length < 2) return { deliver: false, reason: `fewer than two periods of ${condition.value}` };
  const [previous, last] = values.slice(-2).map((v) => (typeof v === 'number' ? v : Number(v)));
  if (!Number.isFinite(previous) || !Number.isFinite(last) || previous === 0)
    return { deliver: false, reason: `no previous ${condition.value} to compare with` };
  const change = ((last! - previous!) / Math.abs(previous!)) * 100;
  const fell = -change;
  const words = `${condition.value} went from ${previous} to ${last} (${change.toFixed(1)}%)`;
  return fell > condition.percent
    ? { deliver: true, detail: `${words}: fell more than ${condition.percent}%` }
    : { deliver: false, reason: `${words}: did not fall more than ${condition.percent}%` };
};

export type RunEvent = Event<
  'ReportRunStarted' | 'ReportRunSucceeded' | 'ReportRunSkipped' | 'ReportRunFailed'
>;

export interface ReportRun {
  runId: string;
  trigger: 'schedule' | 'manual';
  status: 'running' | 'succeeded' | 'skipped' | 'failed';
  startedAt: string;
  scheduledTime?: string;
  endedAt?: string;
  durationMs?: number;
  rows?: number;
  files?: Extract<RunEvent, { type: 'ReportRunSucceeded' }>['data']['files'];
  delivered?: Extract<RunEvent, { type: 'ReportRunSucceeded' }>['data']['delivered'];
  reason?: string;
  error?: string;
}

/** Runs newest first, from their events and when each happened. */
export const foldRuns = (events: readonly (RunEvent & { occurredAt: string })[]): ReportRun[] => {
  const runs = new Map<string, ReportRun>();
  for (const event of events) {
    const { runId } = event.data;
    if (event.type === 'ReportRunStarted') {
      runs.set(runId, {
        runId,
        trigger: event.data.trigger,
        status: 'running',
        startedAt: event.occurredAt,
        ...(event.data.scheduledTime ? { scheduledTime: event.data.scheduledTime } : {}),
      });
      continue;
    }
    const run = runs.get(runId);
    if (!run) continue;
    const ended = { endedAt: event.occurredAt, durationMs: event.data.durationMs };
    if (event.type === 'ReportRunSucceeded') {
      const { rows, files, delivered } = event.data;
      Object.assign(run, { status: 'succeeded', rows, files, delivered, ...ended });
    } else if (event.type === 'ReportRunSkipped') {
      Object.assign(run, { status: 'skipped', rows: event.data.rows, reason: event.data.reason, ...ended });
    } else {
      Object.assign(run, { status: 'failed', error: event.data.error, ...ended });
    }
  }
  return [...runs.values()].reverse();
};

/** The owner of a scheduled report as the user directory has them now (undefined: no such user). */
export interface OwnerNow {
  enabled: boolean;
  role: Role | null;
}

/**
 * Why a run may not read the report's data now, if it may not: a run reads as its report's owner does
 * today, not as when the report was saved, so a removed or disabled owner, or one whose role lost a
 * dataset the report touches, delivers nothing.
 */
export const ownerRefusal = (
  owner: OwnerNow | undefined,
  needs: readonly Permission[],
): string | undefined => {
  if (!owner) return "The report's owner no longer has an account";
  if (!owner.enabled) return "The report's owner is disabled";
  if (!owner.role) return "The report's owner has no role";
  const role = owner.role;
  const missing = needs.filter((p) => !can(role, p));
  if (missing.length)
    return `The report's owner (now ${role}) may no longer read what it reads: ${missing.join(', ')}`;
  return undefined;
};
