import awsCronParser from 'aws-cron-parser';
import { invoke, type LocalFunction } from './lambda.ts';

/**
 * The local stand-in for EventBridge Scheduler: reads the same `rate(...)` and `cron(...)` expressions
 * from the manifest and invokes the target with the input the CDK app configures for Scheduler.
 */
const RATE = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/;
const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/** The wall-clock time in `timeZone` of an instant, as the UTC fields of a Date (cron reads those). */
const wallClock = (at: Date, timeZone: string): Date => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  return new Date(
    Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) +
      at.getUTCMilliseconds(),
  );
};

/** The instant a wall-clock time in `timeZone` names (the offset taken where it applies, twice for DST). */
const fromWallClock = (wall: Date, timeZone: string): Date => {
  let at = wall;
  for (let i = 0; i < 2; i++)
    at = new Date(wall.getTime() - (wallClock(at, timeZone).getTime() - at.getTime()));
  return at;
};

/**
 * The next run of a schedule expression after `after`. A cron expression is read in `timeZone` (as
 * EventBridge Scheduler's ScheduleExpressionTimezone); a rate ignores it. An unknown zone throws.
 */
export const nextRun = (expression: string, after: Date, timeZone = 'UTC'): Date => {
  const rate = RATE.exec(expression);
  if (rate) {
    const unit = rate[2]!.replace(/s$/, '') as keyof typeof UNIT_MS;
    return new Date(after.getTime() + Number(rate[1]) * UNIT_MS[unit]);
  }
  const cron = /^cron\((.+)\)$/.exec(expression);
  if (cron) {
    const next = awsCronParser.next(awsCronParser.parse(cron[1]!), wallClock(after, timeZone));
    if (next) return fromWallClock(next, timeZone);
  }
  throw new Error(`Unsupported schedule expression ${expression}`);
};

export interface Schedule {
  name: string;
  expression: string;
  target: LocalFunction;
  /** The IANA zone a cron expression is read in (UTC when absent). */
  timezone?: string;
  /** What Scheduler passes the target, besides `schedule` and `scheduledTime`. */
  input?: Record<string, unknown>;
}

export const startScheduler = (schedules: Schedule[], onError: (name: string, error: unknown) => void) => {
  const timers = new Map<string, NodeJS.Timeout>();
  let held: Promise<unknown> | undefined;
  // A run waiting on a hold when the scheduler stops must neither run nor arm the next: a timer armed
  // after stop() would keep a stopped cloud's process alive (`npm run seed` never exited).
  let stopped = false;
  const arm = (schedule: Schedule, after: Date) => {
    if (stopped) return;
    const at = nextRun(schedule.expression, after, schedule.timezone);
    // setTimeout cannot wait longer than ~24.8 days; re-arm from the cap instead.
    const delay = Math.min(at.getTime() - Date.now(), 2 ** 31 - 1);
    timers.set(
      schedule.name,
      setTimeout(
        async () => {
          // A run that falls due while the schedules are held (a first start seeding) waits for it, and
          // the runs missed meanwhile are not made up one by one: the next is counted from now.
          let next = at;
          try {
            if (held) {
              await held;
              next = new Date();
            }
            if (stopped) return;
            await invoke(schedule.target, {
              ...schedule.input,
              schedule: schedule.name,
              scheduledTime: at.toISOString(),
            });
          } catch (error) {
            onError(schedule.name, error);
          }
          arm(schedule, next);
        },
        Math.max(0, delay),
      ),
    );
  };
  for (const schedule of schedules) arm(schedule, new Date());
  const remove = (name: string) => {
    clearTimeout(timers.get(name));
    timers.delete(name);
    const index = schedules.findIndex((s) => s.name === name);
    if (index >= 0) schedules.splice(index, 1);
  };
  return {
    /** Runs a schedule's target now, as "run now" in the console does. */
    runNow: (name: string) => {
      const schedule = schedules.find((s) => s.name === name);
      if (!schedule) throw new Error(`No schedule ${name}`);
      return invoke(schedule.target, {
        ...schedule.input,
        schedule: name,
        scheduledTime: new Date().toISOString(),
      });
    },
    /** Schedules made at run time (a workflow's schedule trigger), replacing one of the same name. */
    put: (schedule: Schedule) => {
      remove(schedule.name);
      schedules.push(schedule);
      arm(schedule, new Date());
    },
    remove,
    /** Holds every run that falls due until `until` settles (a first start's seeding), then runs it once. */
    hold: (until: Promise<unknown>) => {
      const mine = until.then(
        () => undefined,
        () => undefined,
      );
      held = mine;
      void mine.then(() => {
        if (held === mine) held = undefined;
      });
    },
    names: () => schedules.map((s) => s.name),
    stop: () => {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
};
