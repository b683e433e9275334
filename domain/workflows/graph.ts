import type { Step, WorkflowDefinition } from '../../events/contexts/workflows.ts';

/** Where a step may send the run next within its own scope (a parallel's branches are scopes of their own). */
export const successors = (step: Step): { field: string; id: string }[] => {
  const out: { field: string; id: string }[] = [];
  const add = (field: string, id: string | undefined) => {
    if (id) out.push({ field, id });
  };
  if (step.kind === 'condition') {
    add('ifTrue', step.ifTrue);
    add('ifFalse', step.ifFalse);
    return out;
  }
  add('next', step.next);
  if ('onError' in step) add('onError', step.onError);
  return out;
};

/** Every step id a step names: its successors and, for a parallel, its branches' first steps. */
export const references = (step: Step): { field: string; id: string }[] => [
  ...successors(step),
  ...(step.kind === 'parallel' ? step.branches.map((id, i) => ({ field: `branches.${i}`, id })) : []),
];

/** A scope's steps: the workflow's own (`root`) or one branch of a parallel (`<parallelId>[<i>]`). */
export interface Scope {
  name: string;
  start: string;
  steps: string[];
}

/**
 * The scopes of a definition and which scope reaches each step, walking from the start. A step reached
 * from two scopes (a branch that leaks into the main flow or another branch) is listed in `shared`.
 */
export const scopesOf = (definition: WorkflowDefinition) => {
  const byId = new Map(definition.steps.map((s) => [s.id, s]));
  const owner = new Map<string, string>();
  const shared = new Map<string, Set<string>>();
  const scopes: Scope[] = [];
  const walk = (name: string, start: string) => {
    const scope: Scope = { name, start, steps: [] };
    scopes.push(scope);
    const queue = [start];
    const nested: [string, string][] = [];
    while (queue.length) {
      const id = queue.shift()!;
      const step = byId.get(id);
      if (!step) continue;
      const claimed = owner.get(id);
      if (claimed !== undefined) {
        if (claimed !== name) shared.set(id, new Set([...(shared.get(id) ?? [claimed]), name]));
        continue;
      }
      owner.set(id, name);
      scope.steps.push(id);
      for (const { id: next } of successors(step)) queue.push(next);
      if (step.kind === 'parallel')
        for (const [i, b] of step.branches.entries()) nested.push([`${id}[${i}]`, b]);
    }
    for (const [branch, first] of nested) walk(branch, first);
  };
  walk('root', definition.start);
  return { scopes, owner, shared, byId };
};
