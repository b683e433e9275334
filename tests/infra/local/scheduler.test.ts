import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startAwsApi } from '../../../infra/local/aws-api.ts';
import type { LocalFunction } from '../../../infra/local/lambda.ts';
import { nextRun, startScheduler } from '../../../infra/local/scheduler.ts';
import { schedulerApi } from '../../../infra/local/scheduler-api.ts';

describe('nextRun', () => {
  it('reads a cron expression in its time zone, across a daylight-saving change', () => {
    // 09:00 in Denver is 16:00 UTC in winter (MST) and 15:00 UTC in summer (MDT).
    expect(nextRun('cron(0 9 * * ? *)', new Date('2026-01-10T12:00:00Z'), 'America/Denver')).toEqual(
      new Date('2026-01-10T16:00:00Z'),
    );
    expect(nextRun('cron(0 9 * * ? *)', new Date('2026-07-10T16:00:00Z'), 'America/Denver')).toEqual(
      new Date('2026-07-11T15:00:00Z'),
    );
    // Denver moves to MDT on 8 March 2026: the run that morning is at 15:00 UTC.
    expect(nextRun('cron(0 9 * * ? *)', new Date('2026-03-07T17:00:00Z'), 'America/Denver')).toEqual(
      new Date('2026-03-08T15:00:00Z'),
    );
    expect(nextRun('cron(30 8 ? * MON *)', new Date('2026-12-02T00:00:00Z'))).toEqual(
      new Date('2026-12-07T08:30:00Z'),
    );
  });

  it('ignores the zone for a rate, and refuses an unknown zone or expression', () => {
    expect(nextRun('rate(5 minutes)', new Date('2026-12-02T00:00:00Z'), 'Asia/Tokyo')).toEqual(
      new Date('2026-12-02T00:05:00Z'),
    );
    expect(() => nextRun('cron(0 9 * * ? *)', new Date(), 'Mars/Olympus')).toThrow(RangeError);
    expect(() => nextRun('every day', new Date())).toThrow(/Unsupported/);
  });
});

describe("the local Scheduler API (the calls a workflow's schedule makes)", () => {
  const stops: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });

  const start = async (file: string) => {
    const invoked: unknown[] = [];
    const target: LocalFunction = {
      name: 'workflow-start',
      spec: { timeoutSeconds: 5 } as LocalFunction['spec'],
      handler: async (event) => {
        invoked.push(event);
        return {};
      },
    };
    const scheduler = startScheduler([], () => undefined);
    stops.push(scheduler.stop);
    const api = await startAwsApi(schedulerApi(scheduler, new Map([['workflow-start', target]]), file));
    stops.push(api.stop);
    const client = new SchedulerClient({
      endpoint: api.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    return { scheduler, client, invoked };
  };
  const schedule = {
    Name: 'wf-01TEST',
    GroupName: 'firefly-local-workflows',
    ScheduleExpression: 'cron(0 9 * * ? *)',
    ScheduleExpressionTimezone: 'Europe/Dublin',
    FlexibleTimeWindow: { Mode: 'OFF' as const },
    Target: {
      Arn: 'arn:aws:lambda:us-east-1:000000000000:function:firefly-local-workflow-start',
      RoleArn: 'arn:aws:iam::000000000000:role/x',
      Input: JSON.stringify({ workflowId: '01TEST', scheduledTime: '<aws.scheduler.scheduled-time>' }),
    },
  };

  it('creates, refuses a second create, updates, keeps schedules across a restart, and deletes', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'firefly-scheduler-')), 'schedules.json');
    const first = await start(file);
    await first.client.send(new CreateScheduleCommand(schedule));
    await expect(first.client.send(new CreateScheduleCommand(schedule))).rejects.toBeInstanceOf(
      ConflictException,
    );
    await first.client.send(new UpdateScheduleCommand({ ...schedule, ScheduleExpression: 'rate(1 hour)' }));
    await first.scheduler.runNow('wf-01TEST');
    // The run's time replaces Scheduler's placeholder, as Scheduler's context attribute does.
    expect(first.invoked[0]).toMatchObject({
      workflowId: '01TEST',
      scheduledTime: expect.stringMatching(/^20/),
    });
    for (const stop of stops.splice(0).reverse()) await stop();

    const second = await start(file);
    expect(second.scheduler.names()).toEqual(['wf-01TEST']);
    const got = await second.client.send(
      new GetScheduleCommand({ Name: 'wf-01TEST', GroupName: schedule.GroupName }),
    );
    expect(got).toMatchObject({
      ScheduleExpression: 'rate(1 hour)',
      ScheduleExpressionTimezone: 'Europe/Dublin',
    });
    await second.client.send(new DeleteScheduleCommand({ Name: 'wf-01TEST', GroupName: schedule.GroupName }));
    expect(second.scheduler.names()).toEqual([]);
    await expect(
      second.client.send(new DeleteScheduleCommand({ Name: 'wf-01TEST', GroupName: schedule.GroupName })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('refuses an expression or zone it cannot run, and a target that is no function', async () => {
    const { client } = await start(join(mkdtempSync(join(tmpdir(), 'firefly-scheduler-')), 's.json'));
    for (const bad of [
      { ...schedule, ScheduleExpression: 'every day' },
      { ...schedule, ScheduleExpressionTimezone: 'Mars/Olympus' },
      { ...schedule, Target: { ...schedule.Target, Arn: 'arn:aws:lambda:x:0:function:nothing' } },
    ])
      await expect(client.send(new CreateScheduleCommand(bad))).rejects.toMatchObject({
        name: 'ValidationException',
      });
  });
});

describe('holding the schedules (a first start seeding)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A scheduler with one schedule, `tick`, every minute, held until `release`; its runs' times. */
  const heldTick = () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const ran: number[] = [];
    const target: LocalFunction = {
      name: 'tick',
      spec: { timeoutSeconds: 5 } as LocalFunction['spec'],
      handler: async () => {
        ran.push(Date.now());
        return {};
      },
    };
    const scheduler = startScheduler([], () => undefined);
    let release: () => void = () => undefined;
    scheduler.hold(
      new Promise<void>((resolve) => {
        release = resolve;
      }),
    );
    scheduler.put({ name: 'tick', expression: 'rate(1 minute)', target });
    return { scheduler, ran, release: () => release() };
  };

  it('runs a schedule that falls due while held only once the hold ends', async () => {
    const { scheduler, ran, release } = heldTick();
    try {
      await vi.advanceTimersByTimeAsync(150_000);
      expect(ran).toEqual([]);
      const released = Date.now();
      release();
      await vi.advanceTimersByTimeAsync(1_000);
      // The run that fell due while held, once, then the schedule goes on.
      expect(ran).toEqual([released]);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(ran.length).toBe(2);
    } finally {
      scheduler.stop();
    }
  });

  it('neither runs nor re-arms a run still waiting on the hold when it stops', async () => {
    const { scheduler, ran, release } = heldTick();
    await vi.advanceTimersByTimeAsync(90_000);
    scheduler.stop();
    release();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ran).toEqual([]);
    // Nothing is left armed to keep a stopped cloud's process alive.
    expect(vi.getTimerCount()).toBe(0);
  });
});
