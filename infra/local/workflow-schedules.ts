import { scheduleFor } from '../../functions/workflows/start.ts';
import { triggerRows } from '../../functions/workflows/triggers.ts';
import type { LocalFunction } from './lambda.ts';
import type { startScheduler } from './scheduler.ts';

const PREFIX = 'wf-';

/**
 * Keeps the local scheduler's workflow schedules in step with the active workflows' schedule triggers,
 * as EventBridge Scheduler schedules made at publish do in AWS (target: workflow-start). Local
 * schedules run in UTC: a trigger's time zone is not applied here.
 */
export const workflowScheduleSync = (scheduler: ReturnType<typeof startScheduler>, target: LocalFunction) => {
  /** Each schedule's expression as armed: an unchanged one keeps its timer. */
  const armed = new Map<string, string>();
  return async (): Promise<string[]> => {
    const wanted = new Map(
      (await triggerRows())
        .filter((row) => row.active)
        .flatMap((row) => {
          const schedule = scheduleFor(row);
          return schedule ? [[schedule.name, schedule] as const] : [];
        }),
    );
    for (const name of scheduler.names())
      if (name.startsWith(PREFIX) && !wanted.has(name)) {
        scheduler.remove(name);
        armed.delete(name);
      }
    for (const schedule of wanted.values()) {
      if (armed.get(schedule.name) === schedule.expression) continue;
      scheduler.put({ name: schedule.name, expression: schedule.expression, target, input: schedule.input });
      armed.set(schedule.name, schedule.expression);
    }
    return [...wanted.keys()];
  };
};
