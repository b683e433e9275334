import type { EventPattern, PatternValue } from '../../events/rules.ts';

/**
 * EventBridge pattern matching for the operators the rules in events/ use: exact values, `prefix`
 * and `anything-but`. Semantics as AWS documents them: every field named in the pattern must match;
 * a field matches when any value in its list matches; an array in the event matches when any of its
 * elements does; a field absent from the event matches nothing.
 */
const matchValue = (condition: PatternValue, value: unknown): boolean => {
  if (typeof condition === 'string') return value === condition;
  if ('prefix' in condition) return typeof value === 'string' && value.startsWith(condition.prefix);
  const excluded = condition['anything-but'];
  return value !== undefined && !(Array.isArray(excluded) ? excluded : [excluded]).includes(value as string);
};

const matchField = (conditions: PatternValue[], value: unknown): boolean => {
  if (value === undefined) return false;
  const values = Array.isArray(value) ? value : [value];
  return values.some((v) => conditions.some((c) => matchValue(c, v)));
};

type Pattern = EventPattern | Record<string, unknown>;

export const matches = (pattern: Pattern, event: Record<string, unknown>): boolean =>
  Object.entries(pattern).every(([field, condition]) => {
    const value = event[field];
    if (Array.isArray(condition)) return matchField(condition as PatternValue[], value);
    if (condition && typeof condition === 'object') {
      return (
        value !== null &&
        typeof value === 'object' &&
        matches(condition as Pattern, value as Record<string, unknown>)
      );
    }
    return false;
  });
