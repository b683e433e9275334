import { StateMachine } from 'aws-local-stepfunctions';
import { afterAll, describe, expect, it } from 'vitest';
import { type Asl, compileWorkflow, DONE, TRIGGER_CHECK } from '../../../domain/workflows/compile.ts';
import type { Condition, WorkflowDefinition } from '../../../events/contexts/workflows.ts';
import { checkAsl, InvalidAslError } from '../../../functions/workflows/asl.ts';
import { definition, runInput, STEP_ARN } from './sample.ts';

/** As long as a step id may be. */
const LONG_ID = `a${'b'.repeat(39)}`;

type Json = Parameters<StateMachine['run']>[0];
type Handler = (input: Json) => Promise<Json> | Json;

const compile = (d: WorkflowDefinition) => {
  const asl = compileWorkflow(d, { stepFunctionArn: STEP_ARN });
  checked.push(checkAsl(asl));
  return asl;
};
/** Every compiled definition is checked with asl-validator (asynchronously: it loads on demand). */
const checked: Promise<void>[] = [];
afterAll(async () => {
  await Promise.all(checked);
});

/** Runs compiled ASL on the local engine, task steps answered by `handlers` (by state name). */
const run = async (
  asl: Asl,
  input: unknown,
  handlers: Record<string, Handler> = {},
  waits: Record<string, number> = {},
) => {
  const machine = new StateMachine(asl as ConstructorParameters<typeof StateMachine>[0], {
    validationOptions: { checkArn: true, checkPaths: true },
  });
  const retryStates = Object.keys(asl.States);
  const execution = machine.run(input as Json, {
    overrides: {
      taskResourceLocalHandlers: handlers,
      waitTimeOverrides: waits,
      retryIntervalOverrides: Object.fromEntries(retryStates.map((s) => [s, 0])),
    },
    context: { Execution: { Id: 'arn:aws:states:us-east-1:000000000000:execution:m:e1' } },
  });
  return (await execution.result) as Record<string, unknown> & { vars: Record<string, unknown> };
};

/** A condition step that records which way it went in $.vars.went. */
const branching = (when: Condition) =>
  definition([
    { id: 'c', kind: 'condition', when, ifTrue: 'yes', ifFalse: 'no' },
    { id: 'yes', kind: 'set', vars: { went: { value: 'yes' } } },
    { id: 'no', kind: 'set', vars: { went: { value: 'no' } } },
  ]);

const went = async (when: Condition, data: Record<string, unknown>) =>
  (await run(compile(branching(when)), runInput(data))).vars.went;

describe('compiling a workflow to ASL', () => {
  it('compiles every step kind to valid ASL, one state per step named by its id', async () => {
    const asl = compile(
      definition([
        {
          id: 'look',
          kind: 'lookup',
          record: 'order',
          recordId: { path: '$.trigger.data.orderId' },
          as: 'order',
          next: 'when',
        },
        {
          id: 'when',
          kind: 'condition',
          when: { field: '$.vars.order.stage', op: 'equals', value: 'placed' },
          ifTrue: 'pause',
        },
        { id: 'pause', kind: 'wait', for: { amount: 2, unit: 'hours' }, next: 'both' },
        { id: 'both', kind: 'parallel', branches: ['mail', 'hook'], next: 'cmd' },
        {
          id: 'mail',
          kind: 'email',
          to: { role: 'manager' },
          subject: 'Hi',
          body: 'Order {{$.trigger.data.orderId}}',
        },
        { id: 'hook', kind: 'webhook', endpointId: 'ep1', next: 'todo' },
        { id: 'todo', kind: 'task', role: 'manager', title: 'Call them' },
        {
          id: 'cmd',
          kind: 'command',
          operation: 'cancelOrder',
          retry: { maxAttempts: 5, intervalSeconds: 3, backoffRate: 1.5 },
          onError: 'note',
        },
        {
          id: 'note',
          kind: 'set',
          vars: { failed: { value: true }, order: { path: '$.trigger.data.orderId' } },
        },
      ]),
    );
    expect(asl.StartAt).toBe('look');
    expect(Object.keys(asl.States).toSorted()).toEqual([
      'Done',
      'both',
      'cmd',
      'look',
      'note',
      'note.1',
      'pause',
      'when',
    ]);
    expect(asl.States.look).toMatchObject({
      Type: 'Task',
      Resource: STEP_ARN,
      Parameters: { step: { id: 'look', kind: 'lookup' }, 'data.$': '$', 'execution.$': '$$.Execution.Id' },
      ResultPath: '$.vars.order',
    });
    expect(asl.States.when).toMatchObject({ Type: 'Choice', Default: DONE });
    expect(asl.States.pause).toEqual({ Type: 'Wait', Seconds: 7200, Next: 'both' });
    const both = asl.States.both as unknown as { Branches: Asl[]; ResultPath: null };
    expect(both.ResultPath).toBeNull();
    expect(both.Branches.map((b) => [b.StartAt, Object.keys(b.States)])).toEqual([
      ['mail', ['mail']],
      ['hook', ['hook', 'todo']],
    ]);
    expect(asl.States.cmd).toMatchObject({
      ResultPath: '$.steps.cmd',
      Retry: [
        {
          ErrorEquals: [
            'Firefly.CommandRefused',
            'Firefly.NotFound',
            'Firefly.Forbidden',
            'Firefly.TestFailure',
          ],
          MaxAttempts: 0,
        },
        {
          ErrorEquals: ['States.ALL'],
          IntervalSeconds: 3,
          MaxAttempts: 5,
          BackoffRate: 1.5,
          JitterStrategy: 'FULL',
        },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.errors.cmd', Next: 'note' }],
    });
    // Canvas positions are not the step runner's business.
    expect(JSON.stringify(asl)).not.toContain('position');
    await expect(checkAsl(asl)).resolves.toBeUndefined();
    await expect(checkAsl({ StartAt: 'nowhere', States: {} })).rejects.toThrow(InvalidAslError);
  });

  it('branches both ways on equals, numbers, and/or/not and timestamps', async () => {
    expect(
      await went({ field: '$.trigger.data.status', op: 'equals', value: 'paid' }, { status: 'paid' }),
    ).toBe('yes');
    expect(
      await went({ field: '$.trigger.data.status', op: 'equals', value: 'paid' }, { status: 'due' }),
    ).toBe('no');
    const bigAndNotVip: Condition = {
      all: [
        { field: '$.trigger.data.amount', op: 'greaterThanOrEquals', value: 1000 },
        { not: { field: '$.trigger.data.tier', op: 'equals', value: 'vip' } },
      ],
    };
    expect(await went(bigAndNotVip, { amount: 1000, tier: 'basic' })).toBe('yes');
    expect(await went(bigAndNotVip, { amount: 1000, tier: 'vip' })).toBe('no');
    expect(await went(bigAndNotVip, { amount: 999, tier: 'basic' })).toBe('no');
    const either: Condition = {
      any: [
        { field: '$.trigger.data.email', op: 'matches', value: '*@firefly.test' },
        { field: '$.trigger.data.urgent', op: 'equals', value: true },
      ],
    };
    expect(await went(either, { email: 'a@firefly.test' })).toBe('yes');
    expect(await went(either, { email: 'a@else.test', urgent: true })).toBe('yes');
    expect(await went(either, { email: 'a@else.test', urgent: false })).toBe('no');
    const before: Condition = { field: '$.trigger.data.dueAt', op: 'before', value: '2026-01-01T00:00:00Z' };
    expect(await went(before, { dueAt: '2025-12-31T23:59:59Z' })).toBe('yes');
    expect(await went(before, { dueAt: '2026-01-02T00:00:00Z' })).toBe('no');
    expect(
      await went(
        { field: '$.trigger.data.dueAt', op: 'after', value: '2026-01-01T00:00:00Z' },
        { dueAt: '2026-01-02T00:00:00Z' },
      ),
    ).toBe('yes');
  });

  it('treats a missing field or one of another type as not matching, never as a failed run', async () => {
    expect(await went({ field: '$.trigger.data.amount', op: 'greaterThan', value: 5 }, {})).toBe('no');
    expect(await went({ field: '$.trigger.data.amount', op: 'greaterThan', value: 5 }, { amount: '9' })).toBe(
      'no',
    );
    expect(await went({ field: '$.trigger.data.amount', op: 'notEquals', value: 5 }, {})).toBe('yes');
    expect(await went({ field: '$.trigger.data.note', op: 'exists' }, { note: 'x' })).toBe('yes');
    expect(await went({ field: '$.trigger.data.note', op: 'missing' }, { note: 'x' })).toBe('no');
  });

  it('ends the run when a condition has no way to go', async () => {
    const asl = compile(
      definition([
        {
          id: 'c',
          kind: 'condition',
          when: { field: '$.trigger.data.n', op: 'equals', value: 1 },
          ifTrue: 'yes',
        },
        { id: 'yes', kind: 'set', vars: { went: { value: 'yes' } } },
      ]),
    );
    expect((await run(asl, runInput({ n: 2 }))).vars.went).toBeUndefined();
    expect((await run(asl, runInput({ n: 1 }))).vars.went).toBe('yes');
  });

  it('waits for a duration or until a date of the run', async () => {
    const asl = compile(
      definition([
        { id: 'a', kind: 'wait', for: { amount: 7, unit: 'days' }, next: 'b' },
        { id: 'b', kind: 'wait', until: '$.trigger.data.at', next: 'c' },
        { id: 'c', kind: 'set', vars: { waited: { value: true } } },
      ]),
    );
    expect(asl.States.a).toMatchObject({ Seconds: 604_800 });
    expect(asl.States.b).toMatchObject({ TimestampPath: '$.trigger.data.at' });
    const started = Date.now();
    const output = await run(asl, runInput({ at: '2099-01-01T00:00:00Z' }), {}, { a: 0, b: 0 });
    expect(output.vars.waited).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('runs parallel branches and sets variables from the run and from literals', async () => {
    const asl = compile(
      definition([
        { id: 'p', kind: 'parallel', branches: ['left', 'right'], next: LONG_ID },
        {
          id: 'left',
          kind: 'lookup',
          record: 'customer',
          recordId: { path: '$.trigger.data.customerId' },
          as: 'customer',
        },
        { id: 'right', kind: 'task', role: 'manager', title: 'Check' },
        {
          id: LONG_ID,
          kind: 'set',
          vars: { who: { path: '$.trigger.data.customerId' }, [`n${'x'.repeat(39)}`]: { value: 3 } },
        },
      ]),
    );
    const calls: string[] = [];
    const output = await run(asl, runInput({ customerId: 'c1' }), {
      left: (input) => {
        calls.push((input as { step: { id: string } }).step.id);
        return { name: 'Ada' };
      },
      right: (input) => {
        calls.push((input as { step: { id: string } }).step.id);
        return { taskId: 't1' };
      },
    });
    expect(calls.toSorted()).toEqual(['left', 'right']);
    // A parallel's branches write into their own copy: the run's data after it is as before, plus `after`.
    // A long variable name on a long step id still makes a valid state name (at most 80 characters).
    expect(output.vars).toEqual({ who: 'c1', [`n${'x'.repeat(39)}`]: 3 });
  });

  it('retries a failing step with backoff, then takes its error path with the error', async () => {
    const asl = compile(
      definition([
        {
          id: 'hook',
          kind: 'webhook',
          endpointId: 'ep',
          retry: { maxAttempts: 2, intervalSeconds: 1, backoffRate: 2 },
          onError: 'failed',
        },
        { id: 'failed', kind: 'set', vars: { error: { path: '$.errors.hook.Error' } } },
      ]),
    );
    let attempts = 0;
    const output = await run(asl, runInput({}), {
      hook: () => {
        attempts++;
        const error = new Error('503 from receiver');
        error.name = 'Firefly.Transient';
        throw error;
      },
    });
    expect(attempts).toBe(3);
    expect(output.vars.error).toBe('Firefly.Transient');
  });

  it('does not retry a refused command, and a condition can branch on the refusal', async () => {
    const asl = compile(
      definition([
        { id: 'cmd', kind: 'command', operation: 'cancelOrder', onError: 'why', next: 'ok' },
        {
          id: 'why',
          kind: 'condition',
          when: { field: '$.errors.cmd.Error', op: 'equals', value: 'Firefly.CommandRefused' },
          ifTrue: 'refused',
          ifFalse: 'broken',
        },
        { id: 'ok', kind: 'set', vars: { went: { value: 'ok' } } },
        { id: 'refused', kind: 'set', vars: { went: { value: 'refused' } } },
        { id: 'broken', kind: 'set', vars: { went: { value: 'broken' } } },
      ]),
    );
    let attempts = 0;
    const failing = (name: string) => () => {
      attempts++;
      const error = new Error('no');
      error.name = name;
      throw error;
    };
    expect((await run(asl, runInput({}), { cmd: failing('Firefly.CommandRefused') })).vars.went).toBe(
      'refused',
    );
    expect(attempts).toBe(1);
    attempts = 0;
    expect((await run(asl, runInput({}), { cmd: failing('Error') })).vars.went).toBe('broken');
    expect(attempts).toBe(4);
    expect((await run(asl, runInput({}), { cmd: () => ({ ok: true }) })).vars.went).toBe('ok');
  });

  it("checks the trigger's inexpressible conditions first and ends quietly when they fail", async () => {
    const asl = compile(
      definition([{ id: 'go', kind: 'set', vars: { went: { value: 'yes' } } }], {
        kind: 'event',
        eventType: 'PaymentFailed',
        when: {
          all: [
            { field: '$.trigger.data.orderId', op: 'matches', value: 'ord-*' },
            { field: '$.trigger.data.reason', op: 'greaterThan', value: 'm' },
          ],
        },
      }),
    );
    expect(asl.StartAt).toBe(TRIGGER_CHECK);
    expect((await run(asl, runInput({ orderId: 'ord-1', reason: 'z' }))).vars.went).toBe('yes');
    expect((await run(asl, runInput({ orderId: 'ord-1', reason: 'a' }))).vars.went).toBeUndefined();
  });
});

describe('a test run made to fail', () => {
  it('tells only the chosen task step to fail, and never retries that failure', () => {
    const d = definition([
      { id: 'look', kind: 'lookup', record: 'order', recordId: { value: 'o1' }, as: 'order', next: 'note' },
      { id: 'note', kind: 'task', role: 'manager', title: 'Check' },
    ]);
    const asl = compileWorkflow(d, { stepFunctionArn: STEP_ARN, failStep: 'note' });
    const params = (name: string) =>
      (asl.States[name] as unknown as { Parameters: Record<string, unknown> }).Parameters;
    expect(params('note').failOnPurpose).toBe(true);
    expect(params('look').failOnPurpose).toBeUndefined();
    const retry = (asl.States.note as unknown as { Retry: { ErrorEquals: string[]; MaxAttempts: number }[] })
      .Retry;
    expect(retry.find((r) => r.ErrorEquals.includes('Firefly.TestFailure'))?.MaxAttempts).toBe(0);
  });
});
