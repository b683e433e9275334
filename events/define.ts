import type * as z from 'zod';

/** A bounded context publishes on the bus with `source` = `firefly.<context>`. */
export type Context =
  | 'catalog'
  | 'customers'
  | 'sales'
  | 'production'
  | 'delivery'
  | 'inventory'
  | 'purchasing'
  | 'marketing'
  | 'access'
  /** Detections raised over the event stream, and signals other functions report (webhook signatures). */
  | 'security'
  /** The platform's own operations: backups, restores, exports. */
  | 'ops'
  /** Connections to third parties and the webhooks they deliver. */
  | 'integrations'
  /** What the platform tells people: the notification centre's notifications and their emails. */
  | 'notifications'
  /** The platform's own health: alert rules, their datapoints and states. */
  | 'monitoring'
  /** Workflow automation: workflows, their versions, runs and the tasks runs create. */
  | 'workflows'
  /** Reporting: saved report definitions (the analytics dataset itself is built from the other contexts). */
  | 'reports'
  /** Insights: analyses of the history, the recommendations they raise and what each one realised. */
  | 'insights';

export interface EventVersion<S extends z.ZodType = z.ZodType> {
  readonly version: number;
  readonly schema: S;
  /** Turns data of this version into the shape of the next version. Absent on the latest version. */
  readonly upcast?: (data: Record<string, unknown>) => Record<string, unknown>;
}

export interface EventDefinition<T extends string = string, S extends z.ZodType = z.ZodType> {
  readonly type: T;
  readonly context: Context;
  readonly summary: string;
  /** The current schema: what new events are written with and what readers receive after upcasting. */
  readonly schema: S;
  readonly version: number;
  /** Older versions, oldest first, each with the upcaster to its successor. */
  readonly history: readonly EventVersion[];
}

export const defineEvent = <T extends string, S extends z.ZodType>(def: {
  type: T;
  context: Context;
  summary: string;
  schema: S;
  history?: EventVersion[];
}): EventDefinition<T, S> => ({
  ...def,
  history: def.history ?? [],
  version: (def.history?.length ?? 0) + 1,
});
