import type { ContentPattern, EventPattern, FieldMatcher } from './rules.ts';

/**
 * EventBridge pattern matching for the operators the rules in events/ and workflows' trigger patterns
 * (domain/workflows/pattern.ts) use: exact values, `prefix`, `anything-but`, `numeric`, `exists` and
 * `wildcard`. Semantics as AWS documents them: every field named in the pattern must match; a field
 * matches when any value in its list matches; an array in the event matches when any of its elements
 * does; a field absent from the event matches nothing but `exists: false`.
 */
const NUMERIC: Record<string, (a: number, b: number) => boolean> = {
  '=': (a, b) => a === b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
};

const numericMatch = (ops: (string | number)[], value: unknown): boolean => {
  if (typeof value !== 'number') return false;
  for (let i = 0; i < ops.length; i += 2) {
    const compare = NUMERIC[String(ops[i])];
    if (!compare?.(value, Number(ops[i + 1]))) return false;
  }
  return true;
};

/** `*` is any run of characters; `\*` a literal star. */
const wildcardMatch = (pattern: string, value: unknown): boolean => {
  if (typeof value !== 'string') return false;
  const source = pattern
    .split(/(?<!\\)\*/)
    .map((part) => part.replaceAll('\\*', '*').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's').test(value);
};

const matchValue = (condition: FieldMatcher, value: unknown): boolean => {
  if (typeof condition !== 'object') return value === condition;
  if ('prefix' in condition) return typeof value === 'string' && value.startsWith(condition.prefix);
  if ('numeric' in condition) return numericMatch(condition.numeric, value);
  if ('wildcard' in condition) return wildcardMatch(condition.wildcard, value);
  if ('exists' in condition) return condition.exists;
  const excluded = condition['anything-but'];
  return value !== undefined && !(Array.isArray(excluded) ? excluded : [excluded]).includes(value as string);
};

const matchField = (conditions: FieldMatcher[], value: unknown): boolean => {
  if (value === undefined) return conditions.some((c) => typeof c === 'object' && 'exists' in c && !c.exists);
  // `exists` matches leaf values only.
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return false;
  const values = Array.isArray(value) ? value : [value];
  return values.some((v) =>
    conditions.some((c) => (typeof c === 'object' && 'exists' in c ? c.exists : matchValue(c, v))),
  );
};

type Pattern = EventPattern | ContentPattern | Record<string, unknown>;

export const matches = (pattern: Pattern, event: Record<string, unknown>): boolean =>
  Object.entries(pattern).every(([field, condition]) => {
    const value = event[field];
    if (Array.isArray(condition)) return matchField(condition as FieldMatcher[], value);
    if (condition && typeof condition === 'object') {
      if (value === undefined || value === null || typeof value !== 'object') {
        // A nested pattern against an absent object: only `exists: false` all the way down can match.
        return matches(condition as Pattern, {});
      }
      return matches(condition as Pattern, value as Record<string, unknown>);
    }
    return false;
  });
