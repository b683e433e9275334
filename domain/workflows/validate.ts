import type { Condition, Step, WorkflowDefinition } from '../../events/contexts/workflows.ts';
import { type EventField, eventFields } from '../../events/fields.ts';
import { isRole } from '../access/permissions.ts';
import { references, scopesOf, successors } from './graph.ts';
import { isTriggerEventType } from './triggers.ts';

/** Something that keeps a workflow from being published, pointing at its step and field. */
export interface Problem {
  stepId?: string;
  field: string;
  message: string;
}

export interface ValidateOptions {
  /** The API operations a command step may call, by operationId, with the permission each needs. */
  operations: ReadonlyMap<string, string>;
  /** The permissions chosen at publish; absent while drafting (command permissions are not checked then). */
  permissions?: readonly string[];
}

const DATA = '$.trigger.data.';
const SECONDS = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 } as const;
/** Step Functions ends a Standard execution after a year. */
const MAX_WAIT_SECONDS = 365 * 86_400;
const SCHEDULE = /^(cron\(\S+( \S+){5}\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\))$/;
const ORDERING = new Set(['greaterThan', 'greaterThanOrEquals', 'lessThan', 'lessThanOrEquals']);

const comparisons = (
  condition: Condition,
  at: string,
): { c: Extract<Condition, { op: string }>; at: string }[] => {
  if ('all' in condition) return condition.all.flatMap((c, i) => comparisons(c, `${at}.all.${i}`));
  if ('any' in condition) return condition.any.flatMap((c, i) => comparisons(c, `${at}.any.${i}`));
  if ('not' in condition) return comparisons(condition.not, `${at}.not`);
  return [{ c: condition, at }];
};

/** Problems of one comparison: a value its operator needs, of a type it compares, on a field that exists. */
const checkComparison = (
  { c, at }: ReturnType<typeof comparisons>[number],
  fields: Map<string, EventField> | undefined,
  eventType: string | undefined,
): { field: string; message: string }[] => {
  const problems: { field: string; message: string }[] = [];
  const push = (text: string) => {
    const [field, ...rest] = text.split(': ');
    problems.push({ field: field!, message: rest.join(': ') });
  };
  const needsValue = c.op !== 'exists' && c.op !== 'missing';
  if (needsValue && c.value === undefined) push(`${at}.value: "${c.op}" needs a value to compare with`);
  if (!needsValue && c.value !== undefined) push(`${at}.value: "${c.op}" takes no value`);
  if (
    (c.op === 'matches' || c.op === 'before' || c.op === 'after') &&
    c.value !== undefined &&
    typeof c.value !== 'string'
  )
    push(`${at}.value: "${c.op}" compares text`);
  if (
    (c.op === 'before' || c.op === 'after') &&
    typeof c.value === 'string' &&
    Number.isNaN(Date.parse(c.value))
  )
    push(`${at}.value: "${c.value}" is not a date and time`);
  if (ORDERING.has(c.op) && typeof c.value === 'boolean') push(`${at}.value: yes/no values have no order`);
  if (fields && c.field.startsWith(DATA)) {
    const path = c.field.slice(DATA.length);
    const field = fields.get(path);
    if (!field) push(`${at}.field: ${eventType} has no field "${path}"`);
    else if (needsValue && c.value !== undefined) {
      const expected =
        field.type === 'timestamp' ? 'string' : field.type === 'unknown' ? typeof c.value : field.type;
      if (expected !== typeof c.value)
        push(
          `${at}.value: "${path}" holds ${field.type === 'timestamp' ? 'a date and time' : `a ${field.type}`}, not a ${typeof c.value}`,
        );
    }
  }
  return problems;
};

/** Steps on a cycle (within one scope) that has no wait step: such a loop would spin without pause. */
const loopsWithoutWait = (definition: WorkflowDefinition, byId: Map<string, Step>): string[][] => {
  // Tarjan's strongly connected components over successor edges.
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (id: string) => {
    indexOf.set(id, index);
    low.set(id, index++);
    stack.push(id);
    onStack.add(id);
    for (const { id: next } of successors(byId.get(id)!)) {
      if (!byId.has(next)) continue;
      if (!indexOf.has(next)) {
        visit(next);
        low.set(id, Math.min(low.get(id)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(id, Math.min(low.get(id)!, indexOf.get(next)!));
    }
    if (low.get(id) === indexOf.get(id)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== id);
      components.push(component);
    }
  };
  for (const step of definition.steps) if (!indexOf.has(step.id)) visit(step.id);
  return components.filter((component) => {
    const cyclic =
      component.length > 1 || successors(byId.get(component[0]!)!).some((s) => s.id === component[0]);
    return cyclic && !component.some((id) => byId.get(id)!.kind === 'wait');
  });
};

/**
 * Everything that keeps a definition from being published, each naming its step and field: references
 * to steps that do not exist, unreachable steps, conditions that lead nowhere, missing configuration,
 * loops without a wait, parallel branches that leak, duplicate ids, trigger events and fields the
 * catalog does not have, commands the chosen permissions do not allow. Empty when it can be published.
 */
export const validateWorkflow = (definition: WorkflowDefinition, options: ValidateOptions): Problem[] => {
  const problems: Problem[] = [];
  const add = (stepId: string | undefined, field: string, message: string) =>
    problems.push({ ...(stepId ? { stepId } : {}), field, message });

  const seen = new Set<string>();
  for (const step of definition.steps) {
    if (seen.has(step.id)) add(step.id, 'id', `Another step already has the id "${step.id}"`);
    seen.add(step.id);
  }
  const byId = new Map(definition.steps.map((s) => [s.id, s]));
  if (!byId.has(definition.start))
    add(undefined, 'start', `The first step "${definition.start}" does not exist`);
  for (const step of definition.steps)
    for (const ref of references(step))
      if (!byId.has(ref.id)) add(step.id, ref.field, `No step has the id "${ref.id}"`);
      else if (ref.id === step.id && ref.field.startsWith('branches'))
        add(step.id, ref.field, 'A parallel step cannot be its own branch');

  // The trigger.
  const trigger = definition.trigger;
  let fields: Map<string, EventField> | undefined;
  const eventType = trigger.kind === 'event' ? trigger.eventType : undefined;
  if (trigger.kind === 'event') {
    const known = isTriggerEventType(trigger.eventType) ? eventFields(trigger.eventType) : undefined;
    if (!known)
      add(
        undefined,
        'trigger.eventType',
        `"${trigger.eventType}" is not an event type that can start a workflow`,
      );
    else fields = new Map(known.map((f) => [f.path, f]));
    if (trigger.when)
      for (const found of comparisons(trigger.when, 'trigger.when')) {
        if (!found.c.field.startsWith(DATA))
          add(
            undefined,
            `${found.at}.field`,
            "A trigger's conditions can only name fields of the event ($.trigger.data.…)",
          );
        for (const p of checkComparison(found, fields, eventType)) add(undefined, p.field, p.message);
      }
  }
  if (trigger.kind === 'schedule' && !SCHEDULE.test(trigger.expression))
    add(
      undefined,
      'trigger.expression',
      'A schedule is cron(minutes hours day-of-month month day-of-week year) or rate(N minutes|hours|days)',
    );
  if (trigger.kind === 'schedule' && !trigger.timezone)
    add(undefined, 'trigger.timezone', 'Choose a time zone');
  if (trigger.kind === 'webhook' && !trigger.integrationId)
    add(undefined, 'trigger.integrationId', 'Choose the integration whose webhook starts it');

  // Each step's own configuration.
  for (const step of definition.steps) {
    const conditionProblems = (condition: Condition, at: string) => {
      for (const found of comparisons(condition, at)) {
        for (const p of checkComparison(found, fields, eventType)) add(step.id, p.field, p.message);
        // `$.errors.<id>` is set only when step <id> fails and takes its error path.
        const failed = /^\$\.errors\.([^.]+)/.exec(found.c.field)?.[1];
        const target = failed ? (byId.get(failed) as { onError?: string } | undefined) : undefined;
        if (failed && !target?.onError)
          add(
            step.id,
            `${found.at}.field`,
            `Step "${failed}" has no error path, so $.errors.${failed} is never set`,
          );
      }
    };
    switch (step.kind) {
      case 'condition':
        conditionProblems(step.when, 'when');
        if (!step.ifTrue && !step.ifFalse)
          add(
            step.id,
            'ifTrue',
            'The condition leads nowhere: say where the run goes when it holds, or when it does not',
          );
        break;
      case 'wait':
        if (!step.for === !step.until)
          add(step.id, 'for', 'Wait for a duration, or until a date of the run: exactly one');
        else if (step.for && step.for.amount * SECONDS[step.for.unit] > MAX_WAIT_SECONDS)
          add(step.id, 'for.amount', 'A run lasts at most a year: wait 365 days or less');
        break;
      case 'set':
        if (Object.keys(step.vars).length === 0) add(step.id, 'vars', 'Set at least one variable');
        break;
      case 'command': {
        const permission = options.operations.get(step.operation);
        if (!permission)
          add(step.id, 'operation', `"${step.operation}" is not an operation a workflow can run`);
        else if (options.permissions && !options.permissions.includes(permission))
          add(
            step.id,
            'operation',
            `"${step.operation}" needs the permission ${permission}, which the workflow is not given`,
          );
        for (const part of ['params', 'body'] as const)
          for (const key of Object.keys(step[part] ?? {}))
            if (key.endsWith('.$')) add(step.id, `${part}.${key}`, 'A name cannot end with ".$"');
        break;
      }
      case 'email':
        if ('role' in step.to && !isRole(step.to.role))
          add(step.id, 'to.role', `"${step.to.role}" is not a role`);
        break;
      case 'task':
        if (!isRole(step.role)) add(step.id, 'role', `"${step.role}" is not a role`);
        break;
      case 'webhook':
        if (!step.endpointId) add(step.id, 'endpointId', 'Choose the outbound webhook endpoint');
        for (const key of Object.keys(step.payload ?? {}))
          if (key.endsWith('.$')) add(step.id, `payload.${key}`, 'A name cannot end with ".$"');
        break;
      case 'parallel':
      case 'lookup':
        break;
    }
  }

  // The graph: reachable, no leaking branches, no loop without a wait.
  if (byId.has(definition.start)) {
    const { owner, shared } = scopesOf(definition);
    for (const step of definition.steps)
      if (!owner.has(step.id)) add(step.id, 'id', 'No path from the trigger reaches this step');
    for (const [id, names] of shared)
      add(
        id,
        'id',
        `This step is reached from more than one of ${[...names].map((n) => (n === 'root' ? 'the main flow' : `branch ${n}`)).join(' and ')}: a parallel branch must end inside itself`,
      );
  }
  for (const loop of loopsWithoutWait(definition, byId))
    add(loop.toSorted()[0], 'next', `The steps ${loop.toSorted().join(', ')} loop without a wait step`);
  return problems;
};
