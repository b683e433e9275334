import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { functionByArn, type LocalFunction } from './lambda.ts';
import { nextRun, type startScheduler } from './scheduler.ts';

/**
 * The part of EventBridge Scheduler's API the platform calls at run time (workflows' and saved
 * reports' schedules: functions/adapters/schedules.ts), over the local scheduler, so the same SDK calls
 * make, change and delete schedules in both clouds. Schedules are kept in a file under DATA_DIR and
 * re-armed at start, as Scheduler keeps them across deployments.
 */
interface StoredSchedule {
  Name: string;
  GroupName: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone?: string;
  State?: string;
  Target: { Arn: string; RoleArn: string; Input?: string };
}

type Scheduler = ReturnType<typeof startScheduler>;

const fail = (name: string, statusCode: number, message: string) =>
  Object.assign(new Error(message), { name, statusCode });

export const schedulerApi = (
  scheduler: Scheduler,
  functions: ReadonlyMap<string, LocalFunction>,
  file: string,
) => {
  const stored = new Map<string, StoredSchedule>(
    existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as StoredSchedule[]).map((s) => [s.Name, s])
      : [],
  );
  const save = () => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify([...stored.values()], null, 2));
    renameSync(`${file}.tmp`, file);
  };
  const arm = (schedule: StoredSchedule) => {
    const target = functionByArn(functions, schedule.Target.Arn);
    if (!target) throw fail('ValidationException', 400, `No function ${schedule.Target.Arn}`);
    if (schedule.State === 'DISABLED') return scheduler.remove(schedule.Name);
    scheduler.put({
      name: schedule.Name,
      expression: schedule.ScheduleExpression,
      timezone: schedule.ScheduleExpressionTimezone,
      target,
      input: schedule.Target.Input ? (JSON.parse(schedule.Target.Input) as Record<string, unknown>) : {},
    });
  };
  const validated = (input: Record<string, unknown>): StoredSchedule => {
    const schedule = input as unknown as StoredSchedule;
    if (!schedule.Name || !schedule.ScheduleExpression || !schedule.Target?.Arn)
      throw fail('ValidationException', 400, 'Name, ScheduleExpression and Target are required');
    try {
      nextRun(schedule.ScheduleExpression, new Date(), schedule.ScheduleExpressionTimezone);
    } catch (error) {
      throw fail('ValidationException', 400, (error as Error).message);
    }
    return {
      Name: schedule.Name,
      GroupName: schedule.GroupName ?? 'default',
      ScheduleExpression: schedule.ScheduleExpression,
      ScheduleExpressionTimezone: schedule.ScheduleExpressionTimezone,
      State: schedule.State,
      Target: schedule.Target,
    };
  };
  const existing = (name: string) => {
    const schedule = stored.get(name);
    if (!schedule) throw fail('ResourceNotFoundException', 404, `Schedule ${name} does not exist.`);
    return schedule;
  };
  const arnOf = (s: StoredSchedule) =>
    `arn:aws:scheduler:us-east-1:000000000000:schedule/${s.GroupName}/${s.Name}`;

  for (const schedule of stored.values()) {
    try {
      arm(schedule);
    } catch (error) {
      console.error(`[scheduler] schedule ${schedule.Name} not armed: ${(error as Error).message}`);
    }
  }

  return {
    'Scheduler.CreateSchedule': (input: Record<string, unknown>) => {
      const schedule = validated(input);
      if (stored.has(schedule.Name))
        throw fail('ConflictException', 409, `Schedule ${schedule.Name} already exists.`);
      arm(schedule);
      stored.set(schedule.Name, schedule);
      save();
      return { ScheduleArn: arnOf(schedule) };
    },
    'Scheduler.UpdateSchedule': (input: Record<string, unknown>) => {
      existing(String(input.Name));
      const schedule = validated(input);
      arm(schedule);
      stored.set(schedule.Name, schedule);
      save();
      return { ScheduleArn: arnOf(schedule) };
    },
    'Scheduler.DeleteSchedule': (input: Record<string, unknown>) => {
      const schedule = existing(String(input.Name));
      scheduler.remove(schedule.Name);
      stored.delete(schedule.Name);
      save();
      return {};
    },
    'Scheduler.GetSchedule': (input: Record<string, unknown>) => {
      const schedule = existing(String(input.Name));
      return { ...schedule, Arn: arnOf(schedule), State: schedule.State ?? 'ENABLED' };
    },
  };
};
