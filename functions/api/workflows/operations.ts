import { GRANTABLE_PERMISSIONS } from '../../../domain/workflows/workflows.ts';
import { operationIdOf } from '../../http/route.ts';
import { httpRoutes } from '../../manifest.ts';

export interface WorkflowOperation {
  operationId: string;
  method: string;
  path: string;
  summary: string;
  permission: string;
}

let cached: WorkflowOperation[] | undefined;

/**
 * The API operations a command step may run: the commands (not reads) whose permission a workflow can
 * be given, from the route contracts, so a new command route is offered without a second list.
 */
export const workflowOperations = (): WorkflowOperation[] => {
  cached ??= httpRoutes()
    .map(({ route }) => route)
    .filter(
      (route) =>
        route.method !== 'GET' && (GRANTABLE_PERMISSIONS as readonly string[]).includes(route.permission),
    )
    .map((route) => ({
      operationId: operationIdOf(route),
      method: route.method,
      path: route.path,
      summary: route.summary,
      permission: route.permission,
    }));
  return cached;
};

/** operationId → the permission it needs, as validation takes it. */
export const operationPermissions = (): ReadonlyMap<string, string> =>
  new Map(workflowOperations().map((o) => [o.operationId, o.permission]));
