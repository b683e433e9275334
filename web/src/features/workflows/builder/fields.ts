import type { Step, WorkflowDefinition } from '../definition.ts';
import type { FieldType } from './condition.ts';

/** A field of the run's data a step may name: its path, how the picker shows it, and its type. */
export interface FieldInfo {
  path: string;
  label: string;
  type: FieldType;
  /** The values an enumerated field may take: offered as a list. */
  values?: (string | number | boolean)[];
}

/** What the builder offers in its pickers, from `GET /api/workflows/meta` and the outbound endpoints. */
export interface BuilderMeta {
  /** Domain event types a trigger can name, each with the fields of its data. */
  eventTypes: {
    type: string;
    summary?: string;
    fields: { name: string; type: FieldType; values?: (string | number | boolean)[] }[];
  }[];
  /** API operations a command step can run, with the parameters and body fields each takes. */
  operations: { id: string; summary: string; permission?: string; params: string[]; body: string[] }[];
  /** The permissions a workflow's command steps may be given at publish. */
  permissions: readonly string[];
  recordKinds: readonly string[];
  roles: readonly string[];
  endpoints: { id: string; label: string }[];
}

const typeOfValue = (step: Step, name: string): FieldType => {
  if (step.kind !== 'set') return 'string';
  const ref = step.vars[name];
  if (ref && 'value' in ref)
    return typeof ref.value === 'number' ? 'number' : typeof ref.value === 'boolean' ? 'boolean' : 'string';
  return 'string';
};

/**
 * The fields a step can name: the trigger event's data (as its schema lists them, so a condition can name
 * only fields that exist) and the variables set or looked up by the workflow's steps.
 */
export const availableFields = (def: WorkflowDefinition, meta: BuilderMeta): FieldInfo[] => {
  const trigger =
    def.trigger.kind === 'event'
      ? (
          meta.eventTypes.find((e) => e.type === (def.trigger as { eventType: string }).eventType)?.fields ??
          []
        ).map((f) => ({ path: `$.trigger.data.${f.name}`, label: `Trigger · ${f.name}`, type: f.type }))
      : [];
  const vars = def.steps.flatMap((step): FieldInfo[] => {
    if (step.kind === 'set')
      return Object.keys(step.vars).map((name) => ({
        path: `$.vars.${name}`,
        label: `Variable · ${name}`,
        type: typeOfValue(step, name),
      }));
    if (step.kind === 'lookup')
      return [{ path: `$.vars.${step.as}.id`, label: `${step.name} · ${step.as}.id`, type: 'string' }];
    return [];
  });
  return [...new Map([...trigger, ...vars].map((f) => [f.path, f])).values()];
};

/** The trigger's fields alone: what an event trigger's own condition may name. */
export const triggerFields = (def: WorkflowDefinition, meta: BuilderMeta): FieldInfo[] =>
  availableFields(def, meta).filter((f) => f.path.startsWith('$.trigger.'));
