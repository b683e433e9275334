import { sourceOf } from '../../events/catalog.ts';
import type { Condition, Trigger } from '../../events/contexts/workflows.ts';
import { eventFields, type FieldType } from '../../events/fields.ts';
import type { ContentPattern, DetailPattern, FieldMatcher } from '../../events/rules.ts';

type Comparison = Extract<Condition, { op: string }>;
type EventTrigger = Extract<Trigger, { kind: 'event' }>;

/** An event trigger as an EventBridge rule: the pattern, and what the pattern cannot say. */
export interface TriggerPattern {
  pattern: ContentPattern;
  /**
   * The part of the trigger's condition no pattern can express (timestamps, or/not, text ordering): the
   * compiled state machine checks it first and ends the run quietly when it does not hold.
   */
  residual?: Condition;
}

const DATA = '$.trigger.data.';

/** EventBridge compares numbers within ±5e9 only. */
const NUMERIC_LIMIT = 5e9;

const RANGE: Partial<Record<Comparison['op'], string>> = {
  greaterThan: '>',
  greaterThanOrEquals: '>=',
  lessThan: '<',
  lessThanOrEquals: '<=',
};
const LOWER = new Set(['>', '>=']);

/** The conjuncts of a condition: `all` flattened, anything else as one. */
const conjuncts = (condition: Condition): Condition[] =>
  'all' in condition ? condition.all.flatMap(conjuncts) : [condition];

/**
 * One comparison as a pattern matcher, only where EventBridge means exactly what the state machine's
 * Choice would: the field is a scalar of the catalog schema (an array in the event would match any of
 * its elements, an object never matches `exists`).
 */
const matcherOf = (comparison: Comparison, type: FieldType | undefined): FieldMatcher | undefined => {
  if (type !== 'string' && type !== 'number' && type !== 'boolean' && type !== 'timestamp') return undefined;
  const { op, value } = comparison;
  if (op === 'exists' || op === 'missing') return { exists: op === 'exists' };
  if (op === 'equals' && value !== undefined) {
    if (typeof value === 'number' && Math.abs(value) > NUMERIC_LIMIT) return undefined;
    return value;
  }
  const range = RANGE[op];
  if (range && typeof value === 'number' && Math.abs(value) <= NUMERIC_LIMIT)
    return { numeric: [range, value] };
  if (op === 'matches' && typeof value === 'string' && !value.includes('\\') && !value.includes('**')) {
    const stars = value.split('*').length - 1;
    if (stars === 0) return value;
    if (stars === 1 && value.endsWith('*')) return { prefix: value.slice(0, -1) };
    return { wildcard: value };
  }
  return undefined;
};

/** Two matchers on one field that both must hold, as one: a lower and an upper numeric bound. */
const combine = (a: FieldMatcher, b: FieldMatcher): FieldMatcher | undefined => {
  if (typeof a !== 'object' || typeof b !== 'object' || !('numeric' in a) || !('numeric' in b))
    return undefined;
  if (a.numeric.length !== 2 || b.numeric.length !== 2) return undefined;
  if (LOWER.has(String(a.numeric[0])) === LOWER.has(String(b.numeric[0]))) return undefined;
  const [lower, upper] = LOWER.has(String(a.numeric[0])) ? [a, b] : [b, a];
  return { numeric: [...lower.numeric, ...upper.numeric] };
};

const place = (detail: DetailPattern, path: string[], matcher: FieldMatcher): boolean => {
  const [head, ...rest] = path;
  if (!head) return false;
  const current = detail[head];
  if (rest.length === 0) {
    if (current === undefined) {
      detail[head] = [matcher];
      return true;
    }
    if (!Array.isArray(current) || current.length !== 1) return false;
    const combined = combine(current[0]!, matcher);
    if (!combined) return false;
    detail[head] = [combined];
    return true;
  }
  if (Array.isArray(current)) return false;
  const inner: DetailPattern = current ?? {};
  if (!place(inner, rest, matcher)) return false;
  detail[head] = inner;
  return true;
};

/** An event trigger → its EventBridge pattern (`source`, `detail-type`, filters on `detail.data`). */
export const triggerPattern = (trigger: EventTrigger): TriggerPattern => {
  const pattern: ContentPattern = {
    source: [sourceOf(trigger.eventType)],
    'detail-type': [trigger.eventType],
  };
  if (!trigger.when) return { pattern };
  const types = new Map((eventFields(trigger.eventType) ?? []).map((f) => [f.path, f.type]));
  const data: DetailPattern = {};
  const left: Condition[] = [];
  for (const condition of conjuncts(trigger.when)) {
    const comparison = 'op' in condition ? condition : undefined;
    const path = comparison?.field.startsWith(DATA) ? comparison.field.slice(DATA.length) : undefined;
    const matcher = comparison && path ? matcherOf(comparison, types.get(path)) : undefined;
    // A field placed wholly or not at all: a half-placed conjunct would be checked twice or not at all.
    const trial = structuredClone(data);
    if (matcher && path && place(trial, path.split('.'), matcher)) Object.assign(data, trial);
    else left.push(condition);
  }
  if (Object.keys(data).length) pattern.detail = { data };
  if (left.length === 0) return { pattern };
  return { pattern, residual: left.length === 1 ? left[0] : { all: left } };
};
