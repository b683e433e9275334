import { describe, expect, it } from 'vitest';
import { validateWorkflow } from '../../../domain/workflows/validate.ts';
import type { Condition, WorkflowDefinition } from '../../../events/contexts/workflows.ts';
import { eventFields } from '../../../events/fields.ts';
import { definition } from './sample.ts';

const operations = new Map([
  ['cancelOrder', 'orders:write'],
  ['createTask', 'tasks:complete'],
]);
const problems = (d: WorkflowDefinition, permissions?: string[]) =>
  validateWorkflow(d, { operations, permissions });

const paymentFailed = (when?: Condition) =>
  ({ kind: 'event', eventType: 'PaymentFailed', ...(when ? { when } : {}) }) as const;

describe('validating a workflow', () => {
  it('finds nothing wrong with a sound workflow', () => {
    const d = definition(
      [
        {
          id: 'c',
          kind: 'condition',
          when: { field: '$.trigger.data.amountCents', op: 'greaterThan', value: 100 },
          ifTrue: 'w',
        },
        { id: 'w', kind: 'wait', for: { amount: 1, unit: 'days' }, next: 'cmd' },
        { id: 'cmd', kind: 'command', operation: 'cancelOrder' },
      ],
      paymentFailed({ field: '$.trigger.data.method', op: 'equals', value: 'card' }),
    );
    expect(problems(d, ['orders:write'])).toEqual([]);
  });

  it("lets a condition branch on a step's error only where that step has an error path", () => {
    const refused = (onError: boolean) =>
      definition([
        {
          id: 'cmd',
          kind: 'command',
          operation: 'cancelOrder',
          ...(onError ? { onError: 'why' } : { next: 'why' }),
        },
        {
          id: 'why',
          kind: 'condition',
          when: { field: '$.errors.cmd.Error', op: 'equals', value: 'Firefly.CommandRefused' },
          ifTrue: 'note',
        },
        { id: 'note', kind: 'set', vars: { refused: { value: true } } },
      ]);
    expect(problems(refused(true), ['orders:write'])).toEqual([]);
    expect(problems(refused(false), ['orders:write'])).toEqual([
      {
        stepId: 'why',
        field: 'when.field',
        message: 'Step "cmd" has no error path, so $.errors.cmd is never set',
      },
    ]);
  });

  it('points at steps that name unknown steps, and at the start', () => {
    const d = definition([
      { id: 'a', kind: 'set', vars: { x: { value: 1 } }, next: 'zz' },
      { id: 'p', kind: 'parallel', branches: ['a', 'nope'] },
    ]);
    expect(problems({ ...d, start: 'missing' })).toEqual(
      expect.arrayContaining([
        { field: 'start', message: 'The first step "missing" does not exist' },
        { stepId: 'a', field: 'next', message: 'No step has the id "zz"' },
        { stepId: 'p', field: 'branches.1', message: 'No step has the id "nope"' },
      ]),
    );
  });

  it('finds duplicate ids, unreachable steps and conditions that lead nowhere', () => {
    const d = definition([
      { id: 'c', kind: 'condition', when: { field: '$.vars.x', op: 'exists' } },
      { id: 'lost', kind: 'set', vars: { x: { value: 1 } } },
      { id: 'lost', kind: 'set', vars: { y: { value: 1 } } },
    ]);
    const found = problems(d);
    expect(found).toContainEqual({
      stepId: 'lost',
      field: 'id',
      message: 'Another step already has the id "lost"',
    });
    expect(found).toContainEqual({
      stepId: 'lost',
      field: 'id',
      message: 'No path from the trigger reaches this step',
    });
    expect(found).toContainEqual(expect.objectContaining({ stepId: 'c', field: 'ifTrue' }));
  });

  it('finds missing configuration', () => {
    const d = definition([
      { id: 'w', kind: 'wait', next: 's' },
      { id: 's', kind: 'set', vars: {}, next: 't' },
      { id: 't', kind: 'task', role: 'janitor', title: 'Sweep', next: 'm' },
      { id: 'm', kind: 'email', to: { role: 'nobody' }, subject: 'x', body: 'y', next: 'h' },
      { id: 'h', kind: 'webhook', endpointId: '', payload: { 'a.$': { value: 1 } } },
    ]);
    expect(problems(d).map((p) => `${p.stepId}.${p.field}`)).toEqual([
      'w.for',
      's.vars',
      't.role',
      'm.to.role',
      'h.endpointId',
      'h.payload.a.$',
    ]);
    expect(
      problems(definition([{ id: 'w', kind: 'wait', for: { amount: 1, unit: 'days' }, until: '$.vars.at' }])),
    ).toEqual([expect.objectContaining({ stepId: 'w', field: 'for' })]);
    expect(
      problems(
        definition([{ id: 'w', kind: 'set', vars: { a: { value: 1 } } }], {
          kind: 'schedule',
          expression: 'every day',
          timezone: 'UTC',
        }),
      ),
    ).toEqual([expect.objectContaining({ field: 'trigger.expression' })]);
  });

  it('refuses waits longer than a run may last', () => {
    const wait = (amount: number) =>
      problems(definition([{ id: 'w', kind: 'wait', for: { amount, unit: 'days' } }]));
    expect(wait(365)).toEqual([]);
    expect(wait(366)).toEqual([
      { stepId: 'w', field: 'for.amount', message: 'A run lasts at most a year: wait 365 days or less' },
    ]);
  });

  it('finds loops without a wait, and accepts one with a wait', () => {
    const loop = definition([
      { id: 'a', kind: 'set', vars: { n: { value: 1 } }, next: 'b' },
      { id: 'b', kind: 'condition', when: { field: '$.vars.n', op: 'equals', value: 1 }, ifTrue: 'a' },
    ]);
    expect(problems(loop)).toEqual([
      { stepId: 'a', field: 'next', message: 'The steps a, b loop without a wait step' },
    ]);
    const waiting = definition([
      { id: 'a', kind: 'wait', for: { amount: 1, unit: 'hours' }, next: 'b' },
      { id: 'b', kind: 'condition', when: { field: '$.vars.n', op: 'equals', value: 1 }, ifTrue: 'a' },
    ]);
    expect(problems(waiting)).toEqual([]);
  });

  it('finds parallel branches that leak into the main flow or each other', () => {
    const d = definition([
      { id: 'p', kind: 'parallel', branches: ['l', 'r'], next: 'end' },
      { id: 'l', kind: 'set', vars: { a: { value: 1 } }, next: 'end' },
      { id: 'r', kind: 'set', vars: { b: { value: 1 } }, next: 'l' },
      { id: 'end', kind: 'set', vars: { c: { value: 1 } } },
    ]);
    const found = problems(d);
    expect(found).toContainEqual(expect.objectContaining({ stepId: 'end', field: 'id' }));
    expect(found).toContainEqual(expect.objectContaining({ stepId: 'l', field: 'id' }));
  });

  it("checks the trigger's event type and that conditions name fields of its schema, with values of their type", () => {
    expect(
      problems(
        definition([{ id: 'a', kind: 'set', vars: { x: { value: 1 } } }], {
          kind: 'event',
          eventType: 'NoSuchThing',
        }),
      ),
    ).toEqual([
      { field: 'trigger.eventType', message: '"NoSuchThing" is not an event type that can start a workflow' },
    ]);
    const d = definition(
      [
        {
          id: 'c',
          kind: 'condition',
          when: {
            any: [
              { field: '$.trigger.data.colour', op: 'equals', value: 'red' },
              { field: '$.trigger.data.amountCents', op: 'equals', value: 'x' },
            ],
          },
          ifTrue: 'c2',
        },
        {
          id: 'c2',
          kind: 'condition',
          when: { field: '$.trigger.data.amountCents', op: 'greaterThan' },
          ifTrue: 'c',
        },
      ],
      paymentFailed({ field: '$.trigger.data.reasonCode', op: 'exists' }),
    );
    const found = problems(d);
    expect(found).toEqual(
      expect.arrayContaining([
        { field: 'trigger.when.field', message: 'PaymentFailed has no field "reasonCode"' },
        { stepId: 'c', field: 'when.any.0.field', message: 'PaymentFailed has no field "colour"' },
        { stepId: 'c', field: 'when.any.1.value', message: '"amountCents" holds a number, not a string' },
        { stepId: 'c2', field: 'when.value', message: '"greaterThan" needs a value to compare with' },
      ]),
    );
  });

  it('refuses commands the chosen permissions do not allow, and operations that do not exist', () => {
    const d = definition([
      { id: 'cmd', kind: 'command', operation: 'cancelOrder', next: 'x' },
      { id: 'x', kind: 'command', operation: 'dropTables' },
    ]);
    expect(problems(d, ['orders:read'])).toEqual([
      {
        stepId: 'cmd',
        field: 'operation',
        message: '"cancelOrder" needs the permission orders:write, which the workflow is not given',
      },
      { stepId: 'x', field: 'operation', message: '"dropTables" is not an operation a workflow can run' },
    ]);
    // While drafting (no permissions chosen yet) only unknown operations are problems.
    expect(problems(d)).toHaveLength(1);
  });

  it("lists an event type's fields with their types from its zod schema", () => {
    expect(eventFields('PaymentFailed')).toEqual([
      { path: 'orderId', type: 'string', required: true },
      { path: 'paymentId', type: 'string', required: true },
      { path: 'amountCents', type: 'number', required: true },
      { path: 'method', type: 'string', required: true, values: expect.any(Array) },
      { path: 'reason', type: 'string', required: true },
      { path: 'on', type: 'string', required: true },
    ]);
    expect(eventFields('Nope')).toBeUndefined();
  });
});
