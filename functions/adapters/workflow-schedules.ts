import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { config } from '../runtime/config.ts';
import { scheduler } from './clients.ts';

export interface WorkflowSchedule {
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
 * Creates or updates a workflow's schedule in the stage's workflows group, targeting `targetArn` (the
 * starter) as the schedules' role. Idempotent: a retry of the same schedule updates it to itself.
 */
export const putWorkflowSchedule = async (schedule: WorkflowSchedule, targetArn: string): Promise<void> => {
  const { groupName, roleArn } = config.workflowSchedules;
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

/** Deletes a workflow's schedule; one already gone is no error. */
export const deleteWorkflowSchedule = async (name: string): Promise<void> => {
  try {
    await scheduler().send(
      new DeleteScheduleCommand({ Name: name, GroupName: config.workflowSchedules.groupName }),
    );
  } catch (error) {
    if (!isNamed(error, ResourceNotFoundException, 'ResourceNotFoundException')) throw error;
  }
};
