import * as z from 'zod';
import { eventCatalog } from './catalog.ts';

/** What a field of an event's data holds, as a workflow's conditions compare it. */
export type FieldType = 'string' | 'number' | 'boolean' | 'timestamp' | 'array' | 'object' | 'unknown';

export interface EventField {
  /** Dotted path inside the event's data (`customer.email`). */
  path: string;
  type: FieldType;
  /** Always present in the event (required all the way down). */
  required: boolean;
  /** The values an enumerated text field may take. */
  values?: (string | number | boolean)[];
}

type JsonSchema = {
  type?: string | string[];
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: (string | number | boolean | null)[];
  const?: string | number | boolean | null;
};

const typeOf = (schema: JsonSchema): FieldType => {
  const alternatives = (schema.anyOf ?? schema.oneOf)?.filter((s) => s.type !== 'null');
  if (alternatives?.length) {
    const types = [...new Set(alternatives.map(typeOf))];
    return types.length === 1 ? types[0]! : 'unknown';
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'string') return schema.format === 'date-time' ? 'timestamp' : 'string';
  if (type === 'number' || type === 'integer') return 'number';
  if (type === 'boolean' || type === 'array' || type === 'object') return type;
  if (schema.const !== undefined) return typeof schema.const === 'string' ? 'string' : 'unknown';
  return 'unknown';
};

const walk = (schema: JsonSchema, prefix: string, required: boolean): EventField[] =>
  Object.entries(schema.properties ?? {}).flatMap(([name, field]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    const present = required && (schema.required ?? []).includes(name);
    const type = typeOf(field);
    const values = field.enum?.filter((v) => v !== null) ?? (field.const != null ? [field.const] : undefined);
    const own: EventField = { path, type, required: present, ...(values?.length ? { values } : {}) };
    return [own, ...(type === 'object' ? walk(field, path, present) : [])];
  });

const cache = new Map<string, EventField[]>();

/**
 * The fields of an event type's data, read from its zod schema (the one definition of its shape), so a
 * workflow's conditions can name only fields that exist. Undefined for a type not in the catalog.
 */
export const eventFields = (type: string): EventField[] | undefined => {
  const definition = eventCatalog.get(type);
  if (!definition) return undefined;
  let fields = cache.get(type);
  if (!fields) {
    const schema = z.toJSONSchema(definition.schema, { io: 'output', unrepresentable: 'any' }) as JsonSchema;
    fields = walk(schema, '', true);
    cache.set(type, fields);
  }
  return fields;
};
