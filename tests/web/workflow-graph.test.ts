import { describe, expect, it } from 'vitest';
import {
  addAt,
  fieldsOf,
  insertPlaceholder,
  parseValue,
  removeAt,
  setGroupKind,
  toggleNot,
  withField,
} from '../../web/src/features/workflows/builder/condition.ts';
import { linkOfEdge, toFlow } from '../../web/src/features/workflows/builder/flow.ts';
import {
  addStep,
  connect,
  disconnect,
  moveStep,
  removeStep,
  TRIGGER_NODE,
  unreachable,
  updateStep,
} from '../../web/src/features/workflows/builder/graph.ts';
import type { WorkflowDefinition } from '../../web/src/features/workflows/definition.ts';

/** The builder's graph editing: what each canvas gesture and keyboard command does to the definition. */
const empty: WorkflowDefinition = {
  trigger: { kind: 'event', eventType: 'LeadCaptured' },
  start: '',
  steps: [],
};

const built = () => {
  let def = empty;
  const first = addStep(def, 'condition', { position: { x: 0, y: 140 } });
  def = first.def;
  const task = addStep(def, 'task', { position: { x: -100, y: 280 } });
  def = task.def;
  const email = addStep(def, 'email', { position: { x: 100, y: 280 } });
  def = connect(connect(email.def, 'condition-1', 'ifTrue', 'task-1'), 'condition-1', 'ifFalse', 'email-1');
  return def;
};

describe('workflow graph editing', () => {
  it('makes the first step added the start, and names steps by kind', () => {
    const { def, id } = addStep(empty, 'wait');
    expect(id).toBe('wait-1');
    expect(def.start).toBe('wait-1');
    expect(addStep(def, 'wait').id).toBe('wait-2');
    expect(addStep(def, 'wait').def.start).toBe('wait-1');
  });

  it('sets the field of the port a connection leaves from', () => {
    const def = built();
    const condition = def.steps.find((s) => s.id === 'condition-1');
    expect(condition).toMatchObject({ ifTrue: 'task-1', ifFalse: 'email-1' });
    const onError = connect(def, 'task-1', 'onError', 'email-1');
    expect(onError.steps.find((s) => s.id === 'task-1')).toMatchObject({ onError: 'email-1' });
    // A port holds one target: connecting again replaces it.
    expect(
      connect(onError, 'task-1', 'onError', 'condition-1').steps.find((s) => s.id === 'task-1'),
    ).toMatchObject({
      onError: 'condition-1',
    });
  });

  it('refuses a port the kind does not have, a self-loop and an unknown target', () => {
    const def = built();
    expect(connect(def, 'condition-1', 'next', 'task-1')).toEqual(def);
    expect(connect(def, 'task-1', 'next', 'task-1')).toEqual(def);
    expect(connect(def, 'task-1', 'next', 'nope')).toEqual(def);
  });

  it('connects the trigger to the start and parallel branches one by one', () => {
    let def = connect(built(), TRIGGER_NODE, 'next', 'task-1');
    expect(def.start).toBe('task-1');
    def = addStep(def, 'parallel').def;
    def = connect(connect(def, 'parallel-1', 'branch', 'task-1'), 'parallel-1', 'branch', 'email-1');
    expect(def.steps.find((s) => s.id === 'parallel-1')).toMatchObject({ branches: ['task-1', 'email-1'] });
    def = disconnect(def, { source: 'parallel-1', port: 'branch', index: 0 });
    expect(def.steps.find((s) => s.id === 'parallel-1')).toMatchObject({ branches: ['email-1'] });
  });

  it('disconnects a port, leaving the run to end there', () => {
    const def = disconnect(built(), { source: 'condition-1', port: 'ifFalse' });
    expect(def.steps.find((s) => s.id === 'condition-1')).not.toHaveProperty('ifFalse');
    expect(disconnect(def, { source: TRIGGER_NODE, port: 'next' }).start).toBe('');
  });

  it('adds a step after the selected one, taking its main port and passing on what it pointed at', () => {
    let def = addStep(empty, 'wait').def;
    def = addStep(def, 'email', { after: 'wait-1' }).def;
    const inserted = addStep(def, 'task', { after: 'wait-1' });
    const steps = Object.fromEntries(inserted.def.steps.map((s) => [s.id, s]));
    expect(steps['wait-1']).toMatchObject({ next: 'task-1' });
    expect(steps['task-1']).toMatchObject({ next: 'email-1', position: { x: 0, y: 280 } });
    // After a condition, the new step goes on its "if true" path.
    const afterCondition = addStep(built(), 'wait', { after: 'condition-1' }).def;
    expect(afterCondition.steps.find((s) => s.id === 'condition-1')).toMatchObject({ ifTrue: 'wait-1' });
    expect(afterCondition.steps.find((s) => s.id === 'wait-1')).toMatchObject({ next: 'task-1' });
  });

  it('removes a step with every edge into it; the step it led to starts the run instead', () => {
    let def = connect(built(), 'task-1', 'onError', 'email-1');
    def = removeStep(def, 'email-1');
    expect(def.steps.map((s) => s.id)).toEqual(['condition-1', 'task-1']);
    expect(def.steps.find((s) => s.id === 'condition-1')).not.toHaveProperty('ifFalse');
    expect(def.steps.find((s) => s.id === 'task-1')).not.toHaveProperty('onError');
    expect(removeStep(def, 'condition-1').start).toBe('task-1');
  });

  it('keeps id, position and edges when a step is reconfigured, and moves a step', () => {
    const def = built();
    const task = def.steps.find((s) => s.id === 'task-1');
    if (task?.kind !== 'task') throw new Error('task step expected');
    const changed = updateStep(def, { ...task, title: 'Call them', position: { x: 9, y: 9 } });
    expect(changed.steps.find((s) => s.id === 'task-1')).toMatchObject({
      title: 'Call them',
      position: task.position,
    });
    expect(moveStep(def, 'task-1', { x: 5, y: 6 }).steps.find((s) => s.id === 'task-1')?.position).toEqual({
      x: 5,
      y: 6,
    });
  });

  it('finds steps no path from the trigger reaches', () => {
    const def = addStep(built(), 'set').def;
    expect([...unreachable(def)]).toEqual(['set-1']);
  });

  it('draws the trigger and each step as nodes and each port in use as a labelled edge', () => {
    const def = built();
    const { nodes, edges } = toFlow(def, new Map([['task-1', ['Role is missing']]]), 'task-1');
    expect(nodes.map((n) => n.id)).toEqual([TRIGGER_NODE, 'condition-1', 'task-1', 'email-1']);
    expect(nodes.find((n) => n.id === 'task-1')).toMatchObject({
      selected: true,
      data: { problems: ['Role is missing'] },
    });
    expect(nodes[0]?.position).toEqual({ x: 0, y: 0 });
    expect(edges.map((e) => [e.source, e.sourceHandle, e.target, e.label])).toEqual([
      [TRIGGER_NODE, 'next', 'condition-1', undefined],
      ['condition-1', 'ifTrue', 'task-1', 'If true'],
      ['condition-1', 'ifFalse', 'email-1', 'If false'],
    ]);
    const edge = edges[2];
    if (!edge) throw new Error('edge expected');
    expect(disconnect(def, linkOfEdge(edge)).steps[0]).not.toHaveProperty('ifFalse');
  });
});

describe('condition editing', () => {
  const a = { field: '$.trigger.data.a', op: 'exists' as const };
  const b = { field: '$.trigger.data.b', op: 'equals' as const, value: 'x' };

  it('turns a comparison into an "all" when another is added, and switches and / or', () => {
    const both = addAt(a, [], b);
    expect(both).toEqual({ all: [a, b] });
    expect(setGroupKind(both, [], 'any')).toEqual({ any: [a, b] });
    expect(fieldsOf(both)).toEqual(['$.trigger.data.a', '$.trigger.data.b']);
  });

  it('wraps in not and unwraps, and removes children (a group left empty goes too)', () => {
    const tree = { all: [a, { any: [b] }] };
    expect(toggleNot(tree, [0])).toEqual({ all: [{ not: a }, { any: [b] }] });
    expect(toggleNot(toggleNot(tree, [0]), [0])).toEqual(tree);
    expect(removeAt(tree, [1, 0])).toEqual({ all: [a] });
    expect(removeAt({ all: [a] }, [0])).toEqual({ all: [a] });
    expect(removeAt({ all: [{ not: a }, b] }, [0, 0])).toEqual({ all: [b] });
  });

  it('keeps values typed as their field, and drops an operator or value that no longer fits', () => {
    expect(parseValue('12', 'number')).toBe(12);
    expect(parseValue('x', 'number')).toBeUndefined();
    expect(parseValue('true', 'boolean')).toBe(true);
    expect(withField(b, '$.trigger.data.n', 'number')).toEqual({ field: '$.trigger.data.n', op: 'equals' });
    expect(withField({ ...b, op: 'matches' }, '$.trigger.data.at', 'timestamp')).toEqual({
      field: '$.trigger.data.at',
      op: 'before',
      value: 'x',
    });
    expect(
      withField({ field: '$.trigger.data.n', op: 'lessThan', value: 3 }, '$.trigger.data.ok', 'boolean'),
    ).toEqual({
      field: '$.trigger.data.ok',
      op: 'equals',
    });
  });

  it('inserts a placeholder at the caret', () => {
    expect(insertPlaceholder('Hello !', '$.trigger.data.name', 6)).toBe('Hello {{$.trigger.data.name}}!');
  });
});
