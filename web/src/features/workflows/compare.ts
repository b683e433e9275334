import type { WorkflowDefinition } from './definition.ts';

/** One row of two versions side by side: the trigger or a step, as each version has it. */
export interface CompareRow {
  key: string;
  label: string;
  change: 'added' | 'removed' | 'changed' | 'same';
  left?: unknown;
  right?: unknown;
}

/** Positions are where a step sits on the canvas, not what the workflow does: moving one is no change. */
const meaning = (value: unknown) => {
  if (value && typeof value === 'object' && 'position' in value) {
    const { position: _p, ...rest } = value as Record<string, unknown>;
    return JSON.stringify(rest);
  }
  return JSON.stringify(value);
};

/**
 * Two definitions compared part by part: the trigger, the start, then each step by id in the newer
 * version's order with the removed ones after, each marked added, removed, changed or the same.
 */
export const compareDefinitions = (left: WorkflowDefinition, right: WorkflowDefinition): CompareRow[] => {
  const row = (key: string, label: string, l: unknown, r: unknown): CompareRow => ({
    key,
    label,
    change:
      l === undefined
        ? 'added'
        : r === undefined
          ? 'removed'
          : meaning(l) === meaning(r)
            ? 'same'
            : 'changed',
    ...(l === undefined ? {} : { left: l }),
    ...(r === undefined ? {} : { right: r }),
  });
  const leftSteps = new Map(left.steps.map((s) => [s.id, s]));
  const rightIds = new Set(right.steps.map((s) => s.id));
  return [
    row('trigger', 'Trigger', left.trigger, right.trigger),
    row('start', 'First step', left.start, right.start),
    ...right.steps.map((s) => row(s.id, `${s.name} (${s.id})`, leftSteps.get(s.id), s)),
    ...left.steps
      .filter((s) => !rightIds.has(s.id))
      .map((s) => row(s.id, `${s.name} (${s.id})`, s, undefined)),
  ];
};
