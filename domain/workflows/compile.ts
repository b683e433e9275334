import type { Condition, Step, WorkflowDefinition } from '../../events/contexts/workflows.ts';
import { scopesOf } from './graph.ts';
import { triggerPattern } from './pattern.ts';

/**
 * A workflow definition → Amazon States Language (JSONPath), by the rules in docs/workflows.md: one
 * state per step named by its id, task steps calling the one `workflow-step` function, conditions as
 * Choice states, waits, parallel branches, retries with backoff and jitter, error paths as Catch.
 * Pure: the step function's ARN is given. Expects a definition `validateWorkflow` found no problems in.
 */
export interface Asl {
  Comment?: string;
  StartAt: string;
  States: Record<string, AslState>;
  TimeoutSeconds?: number;
}
export type AslState = Record<string, unknown> & { Type: string };
type ChoiceRule = Record<string, unknown>;

export interface CompileOptions {
  /** The `workflow-step` function every Task state invokes. */
  stepFunctionArn: string;
  comment?: string;
  /**
   * A test run's step made to fail on purpose: its Task tells the step runner so, which throws
   * `Firefly.TestFailure` (never retried), and the step's error path runs at once.
   */
  failStep?: string;
}

/** Errors the step runner throws on a business rule or a missing record: retrying cannot help. */
export const NOT_RETRIED = [
  'Firefly.CommandRefused',
  'Firefly.NotFound',
  'Firefly.Forbidden',
  'Firefly.TestFailure',
] as const;
export const DEFAULT_RETRY = { maxAttempts: 3, intervalSeconds: 2, backoffRate: 2 } as const;
/** Lambda's own limit: a task state never gives up on the step function before Lambda does. */
const TASK_TIMEOUT_SECONDS = 900;

/** State names steps cannot take (step ids are lower-case). */
export const DONE = 'Done';
export const TRIGGER_CHECK = 'TriggerCondition';
export const NOT_MATCHED = 'TriggerNotMatched';

const TASK_KINDS = new Set<Step['kind']>(['lookup', 'command', 'email', 'webhook', 'task']);
const SECONDS = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 } as const;

const typeCheck = { string: 'IsString', number: 'IsNumeric', boolean: 'IsBoolean' } as const;
const ORDERED = {
  greaterThan: 'GreaterThan',
  greaterThanOrEquals: 'GreaterThanEquals',
  lessThan: 'LessThan',
  lessThanOrEquals: 'LessThanEquals',
} as const;

/**
 * A comparison as a Choice rule, guarded so a missing field or one of another type is simply false
 * (AWS fails the run with States.Runtime on a comparison against a missing field).
 */
const comparisonRule = (c: Extract<Condition, { op: string }>): ChoiceRule => {
  const Variable = c.field;
  if (c.op === 'exists' || c.op === 'missing') return { Variable, IsPresent: c.op === 'exists' };
  if (c.op === 'notEquals') return { Not: comparisonRule({ ...c, op: 'equals' }) };
  const guarded = (check: string, rule: ChoiceRule): ChoiceRule => ({
    And: [
      { Variable, IsPresent: true },
      { Variable, [check]: true },
      { Variable, ...rule },
    ],
  });
  const value = c.value;
  if (c.op === 'before' || c.op === 'after')
    return guarded('IsTimestamp', {
      [c.op === 'before' ? 'TimestampLessThan' : 'TimestampGreaterThan']: value,
    });
  if (c.op === 'matches') return guarded('IsString', { StringMatches: String(value) });
  const type = typeof value as 'string' | 'number' | 'boolean';
  const prefix = type === 'string' ? 'String' : type === 'number' ? 'Numeric' : 'Boolean';
  const operator = c.op === 'equals' ? 'Equals' : ORDERED[c.op];
  return guarded(typeCheck[type], { [`${prefix}${operator}`]: value });
};

export const choiceRule = (condition: Condition): ChoiceRule => {
  if ('all' in condition) return { And: condition.all.map(choiceRule) };
  if ('any' in condition) return { Or: condition.any.map(choiceRule) };
  if ('not' in condition) return { Not: choiceRule(condition.not) };
  return comparisonRule(condition);
};

/** `next` as ASL: the next state, or the end of the run (or of its branch). */
const flow = (next: string | undefined) => (next ? { Next: next } : { End: true });

const retryOf = (step: Extract<Step, { retry?: unknown }>, always: boolean) => {
  if (!step.retry && !always) return {};
  const policy = step.retry ?? DEFAULT_RETRY;
  return {
    Retry: [
      { ErrorEquals: [...NOT_RETRIED], MaxAttempts: 0 },
      {
        ErrorEquals: ['States.ALL'],
        IntervalSeconds: policy.intervalSeconds,
        MaxAttempts: policy.maxAttempts,
        BackoffRate: policy.backoffRate,
        JitterStrategy: 'FULL',
      },
    ],
  };
};

const catchOf = (step: Extract<Step, { onError?: string }>) =>
  step.onError
    ? { Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: `$.errors.${step.id}`, Next: step.onError }] }
    : {};

/** What the step runner is told of its step: everything but where it sits on the canvas. */
const stepPayload = (step: Step) => {
  const { position: _, ...rest } = step;
  return rest;
};

export const compileWorkflow = (definition: WorkflowDefinition, options: CompileOptions): Asl => {
  const { scopes, byId } = scopesOf(definition);
  const scopeStates = (name: string): Record<string, AslState> => {
    const scope = scopes.find((s) => s.name === name);
    if (!scope) throw new Error(`No scope ${name}`);
    const states: Record<string, AslState> = {};
    let ends = false;
    const orDone = (id: string | undefined) => {
      if (id) return id;
      ends = true;
      return DONE;
    };
    for (const id of scope.steps) {
      const step = byId.get(id)!;
      switch (step.kind) {
        case 'condition':
          states[id] = {
            Type: 'Choice',
            Choices: [{ ...choiceRule(step.when), Next: orDone(step.ifTrue) }],
            Default: orDone(step.ifFalse),
          };
          break;
        case 'wait':
          states[id] = {
            Type: 'Wait',
            ...(step.until
              ? { TimestampPath: step.until }
              : { Seconds: (step.for?.amount ?? 0) * SECONDS[step.for?.unit ?? 'seconds'] }),
            ...flow(step.next),
          };
          break;
        case 'set': {
          // One Pass per variable: ASL (JSONPath) cannot merge new fields into $.vars in one state.
          const entries = Object.entries(step.vars);
          // Named by position: `<id>.<name>` could pass ASL's 80 characters.
          entries.forEach(([name, value], i) => {
            const last = i === entries.length - 1;
            states[i === 0 ? id : `${id}.${i}`] = {
              Type: 'Pass',
              ...('path' in value ? { InputPath: value.path } : { Result: value.value }),
              ResultPath: `$.vars.${name}`,
              ...(last ? flow(step.next) : { Next: `${id}.${i + 1}` }),
            };
          });
          if (entries.length === 0) states[id] = { Type: 'Pass', ...flow(step.next) };
          break;
        }
        case 'parallel':
          states[id] = {
            Type: 'Parallel',
            Branches: step.branches.map((first, i) => ({
              StartAt: first,
              States: scopeStates(`${id}[${i}]`),
            })),
            ResultPath: null,
            ...retryOf(step, false),
            ...catchOf(step),
            ...flow(step.next),
          };
          break;
        default:
          if (!TASK_KINDS.has(step.kind)) throw new Error(`Unknown step kind ${step.kind}`);
          states[id] = {
            Type: 'Task',
            Resource: options.stepFunctionArn,
            Parameters: {
              step: stepPayload(step),
              'data.$': '$',
              'execution.$': '$$.Execution.Id',
              ...(options.failStep === id ? { failOnPurpose: true } : {}),
            },
            // A looked-up record is kept under the name the step gives it.
            ResultPath: step.kind === 'lookup' ? `$.vars.${step.as}` : `$.steps.${id}`,
            TimeoutSeconds: TASK_TIMEOUT_SECONDS,
            ...retryOf(step, true),
            ...catchOf(step),
            ...flow(step.next),
          };
      }
    }
    if (ends) states[DONE] = { Type: 'Succeed' };
    return states;
  };

  const States = scopeStates('root');
  let StartAt = definition.start;
  const residual =
    definition.trigger.kind === 'event' ? triggerPattern(definition.trigger).residual : undefined;
  if (residual) {
    States[TRIGGER_CHECK] = {
      Type: 'Choice',
      Comment: "The trigger's conditions its event pattern cannot express",
      Choices: [{ ...choiceRule(residual), Next: definition.start }],
      Default: NOT_MATCHED,
    };
    States[NOT_MATCHED] = { Type: 'Succeed', Comment: 'The trigger event did not meet the conditions' };
    StartAt = TRIGGER_CHECK;
  }
  return { ...(options.comment ? { Comment: options.comment } : {}), StartAt, States };
};
