import type { Trigger } from '../../events/contexts/workflows.ts';
import { deleteSchedule, putSchedule, type Schedule } from '../adapters/schedules.ts';
import type { RunnableVersion } from './runs.ts';

/** What a workflow's schedule sends its target, the starter (EventBridge Scheduler's input; the local one's too). */
export interface ScheduledStart {
  workflowId: string;
  scheduledTime?: string;
}

/** The name of a workflow's schedule: one per workflow, whichever version is live. */
export const scheduleName = (workflowId: string) => `wf-${workflowId}`;

/** The schedule a published version's schedule trigger needs; none for other triggers. */
export const scheduleFor = (version: RunnableVersion & { trigger: Trigger }): Schedule | undefined =>
  version.trigger.kind === 'schedule'
    ? {
        name: scheduleName(version.workflowId),
        expression: version.trigger.expression,
        timezone: version.trigger.timezone,
        input: { workflowId: version.workflowId } satisfies ScheduledStart,
      }
    : undefined;

/**
 * Makes the workflow's schedule match its trigger row: there while it is active with a schedule
 * trigger, gone otherwise (paused, archived, or another trigger kind published). Idempotent, so a
 * redelivered switch event or a retry sets the same state again.
 */
export const syncSchedule = async (
  row: RunnableVersion & { trigger: Trigger; active: boolean },
  starterArn: string,
): Promise<void> => {
  const schedule = row.active ? scheduleFor(row) : undefined;
  if (schedule) await putSchedule('workflows', schedule, starterArn);
  else await deleteSchedule('workflows', scheduleName(row.workflowId));
};
