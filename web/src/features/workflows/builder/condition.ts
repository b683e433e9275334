import type { Comparison, Condition, Scalar } from '../definition.ts';

/**
 * Editing a condition tree (and / or / not over comparisons) by the path of indices to a node: `[]` is the
 * root, `[1, 0]` the first child of the root's second child (a `not` has its one child at index 0).
 */
export type CondPath = readonly number[];

export type GroupKind = 'all' | 'any' | 'not';

export const isComparison = (c: Condition): c is Comparison => 'field' in c;

export const groupKind = (c: Condition): GroupKind | undefined =>
  'all' in c ? 'all' : 'any' in c ? 'any' : 'not' in c ? 'not' : undefined;

export const childrenOf = (c: Condition): Condition[] =>
  'all' in c ? c.all : 'any' in c ? c.any : 'not' in c ? [c.not] : [];

const withChildren = (c: Condition, children: Condition[]): Condition => {
  if ('all' in c) return { all: children };
  if ('any' in c) return { any: children };
  if ('not' in c) return { not: children[0] ?? c.not };
  return c;
};

export const conditionAt = (c: Condition, path: CondPath): Condition | undefined => {
  if (path.length === 0) return c;
  const [head, ...rest] = path;
  const child = childrenOf(c)[head as number];
  return child === undefined ? undefined : conditionAt(child, rest);
};

/** The tree with the node at `path` replaced. */
export const replaceAt = (c: Condition, path: CondPath, next: Condition): Condition => {
  if (path.length === 0) return next;
  const [head, ...rest] = path;
  const children = childrenOf(c);
  if (head === undefined || head >= children.length) return c;
  return withChildren(
    c,
    children.map((child, i) => (i === head ? replaceAt(child, rest, next) : child)),
  );
};

/**
 * The tree without the node at `path`. A group left with no children goes too, and a `not` loses its
 * child only by going itself; the root is never removed (its caller replaces it instead).
 */
export const removeAt = (c: Condition, path: CondPath): Condition => {
  if (path.length === 0) return c;
  const parentPath = path.slice(0, -1);
  const parent = conditionAt(c, parentPath);
  if (!parent) return c;
  const kept = childrenOf(parent).filter((_, i) => i !== path[path.length - 1]);
  if (kept.length === 0 || 'not' in parent) {
    return parentPath.length === 0 ? (kept[0] ?? c) : removeAt(c, parentPath);
  }
  return replaceAt(c, parentPath, withChildren(parent, kept));
};

/** Adds a child to the group at `path`; a comparison there becomes an "all" of itself and the child. */
export const addAt = (c: Condition, path: CondPath, child: Condition): Condition => {
  const node = conditionAt(c, path);
  if (!node) return c;
  if ('all' in node) return replaceAt(c, path, { all: [...node.all, child] });
  if ('any' in node) return replaceAt(c, path, { any: [...node.any, child] });
  return replaceAt(c, path, { all: [node, child] });
};

/** Switches a group between and / or; wraps any node in a not, or unwraps a not. */
export const setGroupKind = (c: Condition, path: CondPath, kind: 'all' | 'any'): Condition => {
  const node = conditionAt(c, path);
  if (!node || isComparison(node) || 'not' in node) return c;
  return replaceAt(c, path, kind === 'all' ? { all: childrenOf(node) } : { any: childrenOf(node) });
};

export const toggleNot = (c: Condition, path: CondPath): Condition => {
  const node = conditionAt(c, path);
  if (!node) return c;
  return replaceAt(c, path, 'not' in node ? node.not : { not: node });
};

/** Every field a condition names (to check each against the fields that exist). */
export const fieldsOf = (c: Condition): string[] =>
  isComparison(c) ? [c.field] : childrenOf(c).flatMap(fieldsOf);

/** A field's type as the trigger's schema gives it; decides the comparisons offered and the value's input. */
export type FieldType = 'string' | 'number' | 'boolean' | 'timestamp' | 'other';

const OPS_BY_TYPE: Record<FieldType, Comparison['op'][]> = {
  string: ['equals', 'notEquals', 'matches', 'exists', 'missing'],
  number: [
    'equals',
    'notEquals',
    'greaterThan',
    'greaterThanOrEquals',
    'lessThan',
    'lessThanOrEquals',
    'exists',
    'missing',
  ],
  boolean: ['equals', 'notEquals', 'exists', 'missing'],
  timestamp: ['before', 'after', 'exists', 'missing'],
  // Lists, objects and fields of no single type: only whether they are there.
  other: ['exists', 'missing'],
};

export const opsFor = (type: FieldType): Comparison['op'][] => OPS_BY_TYPE[type];

export const takesValue = (op: Comparison['op']) => op !== 'exists' && op !== 'missing';

/** The typed value of what a person typed, for a field of `type` (numbers and booleans are not strings). */
export const parseValue = (text: string, type: FieldType): Scalar | undefined => {
  if (type === 'number') {
    const n = Number(text);
    return text.trim() === '' || Number.isNaN(n) ? undefined : n;
  }
  if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : undefined;
  return text;
};

/** A comparison changed to another field: its operator and value kept only if they still fit. */
export const withField = (c: Comparison, field: string, type: FieldType): Comparison => {
  const op = opsFor(type).includes(c.op) ? c.op : (opsFor(type)[0] ?? 'exists');
  const fits =
    c.value !== undefined &&
    (type === 'number'
      ? typeof c.value === 'number'
      : type === 'boolean'
        ? typeof c.value === 'boolean'
        : typeof c.value === 'string');
  return { field, op, ...(takesValue(op) && fits ? { value: c.value } : {}) };
};

/** Inserts `{{path}}` into a text at the caret (or at the end). */
export const insertPlaceholder = (text: string, path: string, caret = text.length): string => {
  const at = Math.max(0, Math.min(caret, text.length));
  return `${text.slice(0, at)}{{${path}}}${text.slice(at)}`;
};
