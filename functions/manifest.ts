import type { RuleName } from '../events/rules.ts';
import { authRoutes } from './api/auth/contract.ts';
import { catalogRoutes } from './api/catalog/contract.ts';
import { customerRoutes } from './api/customers/contract.ts';
import { orderRoutes } from './api/orders/contract.ts';
import { systemRoutes } from './api/system/contract.ts';
import type { RouteContract } from './shared/route.ts';
import type { TableName } from './tables.ts';

export { type TableName, type TableSpec, tables } from './tables.ts';

/**
 * The app manifest: every function, what triggers it and what it may touch, and the tables it all
 * lives in. The CDK app deploys exactly this; the local cloud runs exactly this; a test holds them to it.
 */
export type Trigger =
  | { kind: 'http'; route: RouteContract }
  /** New commits in the event store: the DynamoDB stream in AWS, the outbox poller locally. */
  | { kind: 'commits' }
  | { kind: 'rule'; rule: RuleName }
  | { kind: 'schedule'; name: string; expression: string; description: string };

export interface Access {
  /** Tables and whether the function only reads them or also writes. */
  tables?: Partial<Record<TableName, 'read' | 'write'>>;
  /** May put events on the bus. */
  bus?: boolean;
  /** May call the user pool's public sign-in flows. */
  userPool?: boolean;
}

export interface FunctionSpec {
  /** Source file, relative to the repository root; it exports `handler`. */
  entry: string;
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  triggers: Trigger[];
  access: Access;
}

const http = (routes: readonly RouteContract[]): Trigger[] =>
  routes.map((route) => ({ kind: 'http', route }));

const api = (
  name: string,
  routes: readonly RouteContract[],
  access: Access,
  description: string,
): [string, FunctionSpec] => [
  `api-${name}`,
  {
    entry: `functions/api/${name}/handler.ts`,
    description,
    memoryMb: 1024,
    timeoutSeconds: 10,
    triggers: http(routes),
    access,
  },
];

const records: Access = { tables: { events: 'write', views: 'read', idempotency: 'write' } };

export const functions: Record<string, FunctionSpec> = Object.fromEntries([
  api(
    'system',
    systemRoutes,
    { tables: { views: 'read' } },
    'Health, the OpenAPI document and the API docs page',
  ),
  api(
    'auth',
    authRoutes,
    { tables: { events: 'write' }, userPool: true },
    'Sign-in, token refresh and who-am-I',
  ),
  api('catalog', catalogRoutes, records, 'Tiny-home models and their options'),
  api('customers', customerRoutes, records, 'Customers'),
  api('orders', orderRoutes, records, 'Orders and their stages'),
  [
    'publisher',
    {
      entry: 'functions/publish/handler.ts',
      description: 'Puts newly committed events on the bus and clears their outbox mark',
      memoryMb: 512,
      timeoutSeconds: 60,
      triggers: [{ kind: 'commits' }],
      access: { tables: { events: 'write' }, bus: true },
    },
  ],
  [
    'sweeper',
    {
      entry: 'functions/publish/sweeper.ts',
      description: 'Republishes commits still marked unpublished: the safety net behind the publisher',
      memoryMb: 512,
      timeoutSeconds: 120,
      triggers: [
        {
          kind: 'schedule',
          name: 'outbox-sweep',
          expression: 'rate(1 minute)',
          description: 'Publish commits the publisher missed',
        },
      ],
      access: { tables: { events: 'write' }, bus: true },
    },
  ],
  [
    'projector',
    {
      entry: 'functions/projections/handler.ts',
      description: 'Keeps the read models current from the event stream',
      memoryMb: 512,
      timeoutSeconds: 30,
      triggers: [{ kind: 'rule', rule: 'allDomainEvents' }],
      access: { tables: { events: 'read', views: 'write' } },
    },
  ],
]);

/**
 * Step Functions state machines. The ASL file (JSONPath only: the local engine ignores JSONata) names
 * each Task state's Resource as a `${StateName}` placeholder; `tasks` maps state names to functions.
 * The CDK app substitutes the functions' ARNs; the local cloud maps the states to the same handlers.
 */
export interface StateMachineSpec {
  /** ASL file, relative to the repository root (statemachines/<name>.asl.json). */
  definition: string;
  description: string;
  tasks: Record<string, string>;
  /** Schedules that start an execution (input: `{ schedule, scheduledTime }`). */
  triggers: Extract<Trigger, { kind: 'schedule' }>[];
  timeoutSeconds: number;
}

export const stateMachines: Record<string, StateMachineSpec> = {};

export const httpRoutes = (): { functionName: string; route: RouteContract }[] =>
  Object.entries(functions).flatMap(([functionName, spec]) =>
    spec.triggers.flatMap((t) => (t.kind === 'http' ? [{ functionName, route: t.route }] : [])),
  );
