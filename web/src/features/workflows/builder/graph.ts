import type { Position, Step, StepKind, WorkflowDefinition } from '../definition.ts';

/**
 * Editing a workflow's graph as plain data: every canvas gesture and every keyboard command becomes one of
 * these pure functions over the definition, so the canvas only draws what they return.
 */

/** The trigger's node: not a step, so never a valid step id (those start with a letter). */
export const TRIGGER_NODE = '@trigger';

/** Where a step's edge leaves from: the field of the step it sets. */
export type Port = 'next' | 'ifTrue' | 'ifFalse' | 'onError' | 'branch';

export const PORT_LABELS: Record<Port, string> = {
  next: 'Next',
  ifTrue: 'If true',
  ifFalse: 'If false',
  onError: 'On error',
  branch: 'Branch',
};

const FAILING: readonly StepKind[] = ['parallel', 'lookup', 'command', 'email', 'webhook', 'task'];

/** The ports a kind of step has, its main one first. */
export const portsOf = (kind: StepKind): Port[] => {
  if (kind === 'condition') return ['ifTrue', 'ifFalse'];
  if (kind === 'parallel') return ['branch', 'next', 'onError'];
  return FAILING.includes(kind) ? ['next', 'onError'] : ['next'];
};

/** One outgoing edge of a step (`index` numbers a parallel step's branches). */
export interface Link {
  source: string;
  port: Port;
  index?: number;
  target: string;
}

/** A step's outgoing edges, in port order. */
export const linksOf = (step: Step): Link[] => {
  const links: Link[] = [];
  const add = (port: Port, target: string | undefined, index?: number) => {
    if (target) links.push({ source: step.id, port, target, ...(index === undefined ? {} : { index }) });
  };
  if (step.kind === 'condition') {
    add('ifTrue', step.ifTrue);
    add('ifFalse', step.ifFalse);
    return links;
  }
  if (step.kind === 'parallel') {
    for (const [i, b] of step.branches.entries()) add('branch', b, i);
  }
  add('next', step.next);
  if ('onError' in step) add('onError', step.onError);
  return links;
};

/** Every edge of the graph, the trigger's to the first step included. */
export const allLinks = (def: WorkflowDefinition): Link[] => [
  ...(def.start ? [{ source: TRIGGER_NODE, port: 'next' as const, target: def.start }] : []),
  ...def.steps.flatMap(linksOf),
];

export const linkId = (link: Omit<Link, 'target'>) =>
  link.index === undefined ? `${link.source}:${link.port}` : `${link.source}:${link.port}:${link.index}`;

const withPort = (step: Step, port: Port, target: string | undefined): Step => {
  if (port === 'branch') {
    if (step.kind !== 'parallel' || !target || step.branches.includes(target)) return step;
    return { ...step, branches: [...step.branches, target] };
  }
  if (!portsOf(step.kind).includes(port)) return step;
  const copy: Record<string, unknown> = { ...step };
  if (target) copy[port] = target;
  else delete copy[port];
  return copy as Step;
};

const mapStep = (def: WorkflowDefinition, id: string, change: (step: Step) => Step): WorkflowDefinition => ({
  ...def,
  steps: def.steps.map((s) => (s.id === id ? change(s) : s)),
});

export const stepById = (def: WorkflowDefinition, id: string): Step | undefined =>
  def.steps.find((s) => s.id === id);

/**
 * Points a step's port (or the trigger) at another step. A port holds one target, so connecting replaces
 * what it pointed at; a parallel step's branch port adds a branch. A step never connects to itself.
 */
export const connect = (
  def: WorkflowDefinition,
  source: string,
  port: Port,
  target: string,
): WorkflowDefinition => {
  if (source === target || !stepById(def, target)) return def;
  if (source === TRIGGER_NODE) return { ...def, start: target };
  return mapStep(def, source, (s) => withPort(s, port, target));
};

/** Removes one edge: the port is left empty (the run ends there), or the branch is dropped. */
export const disconnect = (def: WorkflowDefinition, link: Omit<Link, 'target'>): WorkflowDefinition => {
  if (link.source === TRIGGER_NODE) return { ...def, start: '' };
  return mapStep(def, link.source, (s) => {
    if (link.port !== 'branch') return withPort(s, link.port, undefined);
    if (s.kind !== 'parallel') return s;
    return { ...s, branches: s.branches.filter((_, i) => i !== link.index) };
  });
};

/** The first free id for a new step of a kind: `email-1`, `email-2`… */
export const freshId = (def: WorkflowDefinition, kind: StepKind): string => {
  const taken = new Set(def.steps.map((s) => s.id));
  let n = 1;
  while (taken.has(`${kind}-${n}`)) n += 1;
  return `${kind}-${n}`;
};

export const KIND_LABELS: Record<StepKind, string> = {
  condition: 'Condition',
  wait: 'Wait',
  parallel: 'Parallel branches',
  lookup: 'Look up a record',
  command: 'Run a command',
  email: 'Send an email',
  webhook: 'Call a webhook',
  task: 'Create a task',
  set: 'Set variables',
};

export const STEP_KINDS = Object.keys(KIND_LABELS) as StepKind[];

/** What a new step starts with, from what the builder knows (the trigger's first field, a role). */
export interface Seeds {
  field?: string;
  role?: string;
}

/** A new step of a kind with its fields filled with the least surprising values. */
export const newStep = (kind: StepKind, id: string, position: Position, seeds: Seeds = {}): Step => {
  const base = { id, name: KIND_LABELS[kind], position };
  const field = seeds.field ?? '$.trigger.data';
  const role = seeds.role ?? 'manager';
  switch (kind) {
    case 'condition':
      return { ...base, kind, when: { field, op: 'exists' } };
    case 'wait':
      return { ...base, kind, for: { amount: 1, unit: 'days' } };
    case 'parallel':
      return { ...base, kind, branches: [] };
    case 'lookup':
      return { ...base, kind, record: 'customer', recordId: { path: field }, as: 'record' };
    case 'command':
      return { ...base, kind, operation: '' };
    case 'email':
      return { ...base, kind, to: { role }, subject: 'Subject', body: 'Message' };
    case 'webhook':
      return { ...base, kind, endpointId: '' };
    case 'task':
      return { ...base, kind, role, title: 'Follow up' };
    case 'set':
      return { ...base, kind, vars: {} };
  }
};

/** Distance between a step and the one added after it. */
export const STEP_GAP = 140;

/**
 * Adds a step: dropped on the canvas at a position, or (keyboard) after the selected step, where it takes
 * the selected step's main port and passes on whatever that port pointed at. The first step of a graph
 * becomes its start.
 */
export const addStep = (
  def: WorkflowDefinition,
  kind: StepKind,
  options: { position?: Position; after?: string; seeds?: Seeds } = {},
): { def: WorkflowDefinition; id: string } => {
  const id = freshId(def, kind);
  const previous = options.after === undefined ? undefined : stepById(def, options.after);
  const below = previous ? { x: previous.position.x, y: previous.position.y + STEP_GAP } : undefined;
  const lowest = def.steps.reduce<Position | undefined>(
    (low, s) => (!low || s.position.y > low.y ? s.position : low),
    undefined,
  );
  const position =
    options.position ?? below ?? (lowest ? { x: lowest.x, y: lowest.y + STEP_GAP } : { x: 0, y: STEP_GAP });
  let step = newStep(kind, id, position, options.seeds);
  let next: WorkflowDefinition = { ...def, steps: [...def.steps, step] };
  if (!def.start) next = { ...next, start: id };
  if (previous) {
    const port = previous.kind === 'parallel' ? 'next' : (portsOf(previous.kind)[0] ?? 'next');
    const onward = linksOf(previous).find((l) => l.port === port)?.target;
    if (onward) {
      step = withPort(step, portsOf(kind)[0] === 'branch' ? 'next' : (portsOf(kind)[0] ?? 'next'), onward);
      next = { ...next, steps: next.steps.map((s) => (s.id === id ? step : s)) };
    }
    next = connect(next, previous.id, port, id);
  }
  return { def: next, id };
};

/**
 * Removes a step and every edge into it. When it was the start, the step it led to (its main port's) starts
 * the run instead, so removing the first step does not orphan the rest.
 */
export const removeStep = (def: WorkflowDefinition, id: string): WorkflowDefinition => {
  const removed = stepById(def, id);
  if (!removed) return def;
  const unlinked = (step: Step): Step => {
    let kept = step;
    for (const link of linksOf(step).filter((l) => l.target === id && l.port !== 'branch'))
      kept = withPort(kept, link.port, undefined);
    return kept.kind === 'parallel' ? { ...kept, branches: kept.branches.filter((b) => b !== id) } : kept;
  };
  const steps = def.steps.filter((s) => s.id !== id).map(unlinked);
  const start = def.start === id ? (linksOf(removed).find((l) => l.target !== id)?.target ?? '') : def.start;
  return { ...def, steps, start };
};

export const moveStep = (def: WorkflowDefinition, id: string, position: Position): WorkflowDefinition =>
  mapStep(def, id, (s) => ({ ...s, position }));

/** Replaces a step's configuration; its id, position and edges stay as they are. */
export const updateStep = (def: WorkflowDefinition, next: Step): WorkflowDefinition =>
  mapStep(def, next.id, (s) => ({ ...next, id: s.id, position: s.position }) as Step);

/** Where the trigger's node sits: above the first step (the definition keeps no position for it). */
export const triggerPosition = (def: WorkflowDefinition): Position => {
  const first = def.start ? stepById(def, def.start) : def.steps[0];
  return first ? { x: first.position.x, y: first.position.y - STEP_GAP } : { x: 0, y: 0 };
};

/** Steps no path from the trigger reaches (drawn dimmed; validation names them too). */
export const unreachable = (def: WorkflowDefinition): Set<string> => {
  const seen = new Set<string>();
  const queue = def.start ? [def.start] : [];
  while (queue.length) {
    const id = queue.shift() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const step = stepById(def, id);
    if (step) queue.push(...linksOf(step).map((l) => l.target));
  }
  return new Set(def.steps.map((s) => s.id).filter((id) => !seen.has(id)));
};
