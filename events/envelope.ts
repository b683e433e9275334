import * as z from 'zod';

/**
 * Who caused an event: the signed-in user (or system job, or an API key: `apikey:<keyId>`), their role,
 * and where the request came from.
 */
export const Actor = z.object({
  id: z.string().min(1),
  email: z.string().optional(),
  role: z.string().min(1),
  ip: z.string().optional(),
  userAgent: z.string().optional(),
  /** An API key's permissions (role `api-key`): what it could do when it acted. People have their role's. */
  permissions: z.array(z.string()).optional(),
});
export type Actor = z.infer<typeof Actor>;

export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'system' };

/** The envelope every stored and published event carries (see docs/architecture.md). */
export const Envelope = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  version: z.number().int().positive(),
  streamId: z.string().min(1),
  streamVersion: z.number().int().positive(),
  occurredAt: z.string().datetime({ offset: true }),
  actor: Actor,
  correlationId: z.string().min(1),
  causationId: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
});
export type Envelope<T = Record<string, unknown>> = Omit<z.infer<typeof Envelope>, 'data'> & { data: T };

/** Stream ids are `<aggregate>-<id>`; the aggregate prefix names the bounded context's record type. */
export const streamId = (aggregate: string, id: string): string => `${aggregate}-${id}`;
export const aggregateOf = (stream: string): string => stream.slice(0, stream.indexOf('-'));
export const idOf = (stream: string): string => stream.slice(stream.indexOf('-') + 1);
