import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { config, type ScheduleGroup } from '../runtime/config.ts';
import { scheduler } from './clients.ts';

export type { ScheduleGroup } from '../runtime/config.ts';

/**
 * The platform's one way to keep schedules made at run time in EventBridge Scheduler: workflows'
 * schedule triggers and saved reports' schedules. Each kind has a group of the stage's own and a role
 * its schedules run as, which may invoke that kind's starter only.
 */
export interface Schedule {
  name: string;
  /** `rate(...)` or `cron(...)`, as EventBridge Scheduler reads them. */
  expression: string;
  timezone: string;
  /** What the target receives; `scheduledTime` is filled in by Scheduler at each run. */
  input: Record<string, unknown>;
}

const isNamed = (error: unknown, type: { name: string }, name: string) =>
  error instanceof (type as unknown as new () => Error) || (error as Error).name === name;

/**
 * Creates or updates a schedule in the stage's group of its kind, targeting `targetArn` (the kind's
 * starter) as the group's role. Idempotent: a retry of the same schedule updates it to itself.
 */
export const putSchedule = async (
  group: ScheduleGroup,
  schedule: Schedule,
  targetArn: string,
): Promise<void> => {
  const { groupName, roleArn } = config.schedules(group);
  const params = {
    Name: schedule.name,
    GroupName: groupName,
    ScheduleExpression: schedule.expression,
    ScheduleExpressionTimezone: schedule.timezone,
    FlexibleTimeWindow: { Mode: 'OFF' as const },
    State: 'ENABLED' as const,
    Target: {
      Arn: targetArn,
      RoleArn: roleArn,
      // Scheduler substitutes its context attribute: the run's own time, as the local scheduler passes.
      Input: JSON.stringify({ ...schedule.input, scheduledTime: '<aws.scheduler.scheduled-time>' }),
      RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
    },
  };
  try {
    await scheduler().send(new CreateScheduleCommand(params));
  } catch (error) {
    if (!isNamed(error, ConflictException, 'ConflictException')) throw error;
    await scheduler().send(new UpdateScheduleCommand(params));
  }
};

/** Deletes a schedule of the kind's group; one already gone is no error. */
export const deleteSchedule = async (group: ScheduleGroup, name: string): Promise<void> => {
  try {
    await scheduler().send(
      new DeleteScheduleCommand({ Name: name, GroupName: config.schedules(group).groupName }),
    );
  } catch (error) {
    if (!isNamed(error, ResourceNotFoundException, 'ResourceNotFoundException')) throw error;
  }
};
