import { describe, expect, it } from 'vitest';
import { compareDefinitions } from '../../web/src/features/workflows/compare.ts';
import type { WorkflowDefinition } from '../../web/src/features/workflows/definition.ts';

/** Two versions side by side: what changed, part by part. */
const v1: WorkflowDefinition = {
  trigger: { kind: 'event', eventType: 'LeadCaptured' },
  start: 'wait-1',
  steps: [
    {
      id: 'wait-1',
      name: 'Wait',
      kind: 'wait',
      position: { x: 0, y: 0 },
      for: { amount: 1, unit: 'days' },
      next: 'email-1',
    },
    {
      id: 'email-1',
      name: 'Welcome',
      kind: 'email',
      position: { x: 0, y: 140 },
      to: { role: 'sales' },
      subject: 'Hi',
      body: 'Hello',
    },
  ],
};

describe('comparing two versions', () => {
  it('marks each part added, removed, changed or the same; moving a step is no change', () => {
    const v2: WorkflowDefinition = {
      ...v1,
      trigger: {
        kind: 'event',
        eventType: 'LeadCaptured',
        when: { field: '$.trigger.data.source', op: 'exists' },
      },
      steps: [
        {
          id: 'wait-1',
          name: 'Wait',
          kind: 'wait',
          position: { x: 50, y: 50 },
          for: { amount: 1, unit: 'days' },
          next: 'task-1',
        },
        {
          id: 'task-1',
          name: 'Call',
          kind: 'task',
          position: { x: 0, y: 280 },
          role: 'sales',
          title: 'Call',
        },
      ],
    };
    const rows = compareDefinitions(v1, v2).map((r) => [r.key, r.change]);
    expect(rows).toEqual([
      ['trigger', 'changed'],
      ['start', 'same'],
      ['wait-1', 'changed'],
      ['task-1', 'added'],
      ['email-1', 'removed'],
    ]);
    const moved = { ...v1, steps: v1.steps.map((s) => ({ ...s, position: { x: 9, y: 9 } })) };
    expect(compareDefinitions(v1, moved).every((r) => r.change === 'same')).toBe(true);
  });
});
