import { describe, expect, it } from 'vitest';
import { compileWorkflow } from '../../../domain/workflows/compile.ts';
import { WORKFLOW_TEMPLATES, workflowTemplate } from '../../../domain/workflows/templates.ts';
import { validateWorkflow } from '../../../domain/workflows/validate.ts';
import { WorkflowDefinition } from '../../../events/contexts/workflows.ts';
import { eventFields } from '../../../events/fields.ts';
import { operationPermissions } from '../../../functions/api/workflows/operations.ts';
import { checkAsl } from '../../../functions/workflows/asl.ts';
import { STEP_ARN } from './sample.ts';

const operations = operationPermissions();
const TRIGGER_FIELD = /\$\.trigger\.data\.([A-Za-z0-9_]+)/g;

describe('workflow templates', () => {
  it('are the six of issue 12, each with its own id', () => {
    expect(WORKFLOW_TEMPLATES.map((t) => t.id)).toEqual([
      'deposit-reminder',
      'low-stock-reorder',
      'new-lead-welcome',
      'build-completed-delivery',
      'payment-failed-reminders',
      'damage-claim-filed',
    ]);
    expect(workflowTemplate('deposit-reminder')?.name).toBe('Deposit reminder');
    expect(workflowTemplate('nope')).toBeUndefined();
  });

  describe.each(WORKFLOW_TEMPLATES.map((t) => [t.id, t] as const))('%s', (_, template) => {
    it('is a definition the one schema accepts, with nothing to fix before publishing', () => {
      expect(WorkflowDefinition.parse(template.definition)).toEqual(template.definition);
      expect(
        validateWorkflow(template.definition, { operations, permissions: template.permissions }),
      ).toEqual([]);
    });

    it('asks exactly the permissions its command steps need', () => {
      const needed = template.definition.steps.flatMap((s) =>
        s.kind === 'command' ? [operations.get(s.operation)] : [],
      );
      expect(template.permissions.toSorted()).toEqual([...new Set(needed)].toSorted());
      if (template.permissions.length)
        expect(validateWorkflow(template.definition, { operations, permissions: [] })).not.toEqual([]);
    });

    it('names only fields its trigger event has, in its texts too', () => {
      const { trigger } = template.definition;
      expect(trigger.kind).toBe('event');
      if (trigger.kind !== 'event') return;
      const fields = new Set((eventFields(trigger.eventType) ?? []).map((f) => f.path));
      const named = [...JSON.stringify(template.definition).matchAll(TRIGGER_FIELD)].map((m) => m[1]!);
      expect(named.length).toBeGreaterThan(0);
      expect(named.filter((f) => !fields.has(f))).toEqual([]);
    });

    it('compiles to ASL that Step Functions accepts', async () => {
      const asl = compileWorkflow(template.definition, { stepFunctionArn: STEP_ARN });
      await expect(checkAsl(asl)).resolves.toBeUndefined();
    });
  });
});
