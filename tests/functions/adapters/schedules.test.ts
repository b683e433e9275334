import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { deleteSchedule, putSchedule } from '../../../functions/adapters/schedules.ts';
import { env } from '../../../functions/runtime/env.ts';

/** What AWS answers, which the local Scheduler (tests/infra/local/scheduler.test.ts) mirrors. */
const scheduler = mockClient(SchedulerClient);
const ROLE = 'arn:aws:iam::123456789012:role/firefly-prod-workflow-schedules';
const STARTER = 'arn:aws:lambda:us-east-1:123456789012:function:firefly-prod-workflow-start';
const saved = { ...process.env };

beforeEach(() => {
  scheduler.reset();
  process.env[env.STAGE] = 'prod';
  process.env[env.WORKFLOW_SCHEDULER_ROLE_ARN] = ROLE;
  delete process.env[env.WORKFLOW_SCHEDULE_GROUP];
});
afterAll(() => {
  process.env = saved;
  scheduler.restore();
});

const schedule = {
  name: 'wf-01ABC',
  expression: 'cron(0 9 ? * MON-FRI *)',
  timezone: 'America/Denver',
  input: { workflowId: '01ABC' },
};

describe("a workflow's schedule in EventBridge Scheduler", () => {
  it("is created in the stage's group, targeting the starter as the schedules' role, with the run's time", async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    await putSchedule('workflows', schedule, STARTER);
    const [call] = scheduler.commandCalls(CreateScheduleCommand);
    expect(call!.args[0].input).toMatchObject({
      Name: 'wf-01ABC',
      GroupName: 'firefly-prod-workflows',
      ScheduleExpression: 'cron(0 9 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'America/Denver',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: STARTER, RoleArn: ROLE },
    });
    expect(JSON.parse(call!.args[0].input.Target!.Input!)).toEqual({
      workflowId: '01ABC',
      scheduledTime: '<aws.scheduler.scheduled-time>',
    });
    expect(scheduler.commandCalls(UpdateScheduleCommand)).toHaveLength(0);
  });

  it('is updated when it exists already (a new version, or a retry)', async () => {
    scheduler
      .on(CreateScheduleCommand)
      .rejects(new ConflictException({ Message: 'exists', message: 'exists', $metadata: {} }))
      .on(UpdateScheduleCommand)
      .resolves({ ScheduleArn: 'arn' });
    await putSchedule('workflows', { ...schedule, expression: 'rate(1 hour)' }, STARTER);
    expect(scheduler.commandCalls(UpdateScheduleCommand)[0]!.args[0].input).toMatchObject({
      ScheduleExpression: 'rate(1 hour)',
    });
  });

  it('is deleted, and deleting one already gone is no error; other errors are', async () => {
    scheduler
      .on(DeleteScheduleCommand)
      .rejects(new ResourceNotFoundException({ Message: 'gone', message: 'gone', $metadata: {} }));
    await expect(deleteSchedule('workflows', 'wf-01ABC')).resolves.toBeUndefined();
    expect(scheduler.commandCalls(DeleteScheduleCommand)[0]!.args[0].input).toEqual({
      Name: 'wf-01ABC',
      GroupName: 'firefly-prod-workflows',
    });
    scheduler
      .on(DeleteScheduleCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(deleteSchedule('workflows', 'wf-01ABC')).rejects.toThrow('denied');
  });
});

describe("a saved report's schedule, through the same adapter", () => {
  it("goes to the stage's reports group, run as the reports' schedule role", async () => {
    const REPORTS_ROLE = 'arn:aws:iam::123456789012:role/firefly-prod-report-schedules';
    process.env[env.REPORT_SCHEDULER_ROLE_ARN] = REPORTS_ROLE;
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    await putSchedule('reports', { ...schedule, name: 'report-01R', input: { reportId: '01R' } }, STARTER);
    expect(scheduler.commandCalls(CreateScheduleCommand)[0]!.args[0].input).toMatchObject({
      Name: 'report-01R',
      GroupName: 'firefly-prod-reports',
      Target: { Arn: STARTER, RoleArn: REPORTS_ROLE },
    });
  });
});
