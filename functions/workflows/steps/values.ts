import type * as z from 'zod';
import type { ValueRef } from '../../../events/contexts/workflows.ts';

/** The run's data, as every state sees it (events/contexts/workflows.ts). */
export type RunData = Record<string, unknown>;

/** The value at a `$.a.b` path of the run's data; undefined when any segment is missing. */
export const valueAt = (data: RunData, path: string): unknown =>
  path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)
    .reduce<unknown>(
      (value, key) =>
        value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined,
      data,
    );

export const resolve = (ref: z.infer<typeof ValueRef>, data: RunData): unknown =>
  'path' in ref ? valueAt(data, ref.path) : ref.value;

export const resolveAll = (
  refs: Record<string, z.infer<typeof ValueRef>> | undefined,
  data: RunData,
): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(refs ?? {})
      .map(([name, ref]) => [name, resolve(ref, data)] as const)
      .filter(([, value]) => value !== undefined),
  );

const PLACEHOLDER = /\{\{\s*(\$[A-Za-z0-9_.-]*)\s*\}\}/g;

const asText = (value: unknown): string =>
  value === undefined || value === null
    ? ''
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);

/** Text with `{{$.path}}` placeholders filled from the run's data, as plain text (a missing field: empty). */
export const fill = (text: string, data: RunData): string =>
  text.replace(PLACEHOLDER, (_, path: string) => asText(valueAt(data, path)));
