import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { Step } from '../../../events/contexts/workflows.ts';
import { lambda } from '../../adapters/clients.ts';
import type { HttpEvent, HttpResult } from '../../http/adapter.ts';
import { operationIdOf } from '../../http/route.ts';
import { httpRoutes } from '../../manifest.ts';
import { config } from '../../runtime/config.ts';
import { commandRefused, forbidden, misconfigured, transient } from './errors.ts';
import { stepIdOf } from './ids.ts';
import { type RunData, resolveAll } from './values.ts';

/** The identity a workflow's command steps act as, and what its published version lets them do. */
export interface WorkflowIdentity {
  workflowId: string;
  permissions: readonly string[];
}

const byOperation = () => new Map(httpRoutes().map((r) => [operationIdOf(r.route), r]));
let routes: ReturnType<typeof byOperation> | undefined;

const problemOf = (body: string | undefined): { code: string; detail: string } => {
  try {
    const problem = JSON.parse(body ?? '{}') as {
      type?: string;
      detail?: string;
      title?: string;
      errors?: { path: string; message: string }[];
    };
    // A validation problem names each field: the step's author needs those, not just their count.
    const fields = (problem.errors ?? []).map((e) => `${e.path}: ${e.message}`).join('; ');
    return {
      code: problem.type?.split('/').at(-1) ?? 'refused',
      detail: [problem.detail ?? problem.title ?? 'The platform refused the command', fields]
        .filter(Boolean)
        .join(': '),
    };
  } catch {
    return { code: 'refused', detail: String(body).slice(0, 300) };
  }
};

/**
 * Runs an API operation as the workflow (`workflow:<workflowId>`, with its version's permissions) by
 * invoking the route's own function with the request API Gateway would give it: the route's
 * validation, permission check and business rules apply, and every event it causes names the workflow
 * as its actor. POSTs carry an Idempotency-Key stable across the step's retries, so a retry after a
 * lost answer replays rather than repeats.
 */
export const runCommand = async (
  step: Extract<Step, { kind: 'command' }>,
  data: RunData,
  execution: string,
  identity: WorkflowIdentity,
): Promise<unknown> => {
  routes ??= byOperation();
  const found = routes.get(step.operation);
  if (!found) throw misconfigured(`No API operation ${step.operation}`);
  const { route, functionName } = found;
  const values = resolveAll(step.params, data);
  const pathNames = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const pathParameters = Object.fromEntries(pathNames.map((name) => [name, String(values[name] ?? '')]));
  const query = Object.fromEntries(
    Object.entries(values)
      .filter(([name]) => !pathNames.includes(name))
      .map(([name, value]) => [name, String(value)]),
  );
  const rawPath = route.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(pathParameters[name]!),
  );
  const key = stepIdOf(execution, step.id);
  const event = {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath,
    rawQueryString: new URLSearchParams(query).toString(),
    headers: {
      'content-type': 'application/json',
      'x-correlation-id': key,
      ...(route.method === 'POST' ? { 'idempotency-key': `workflow-${key}` } : {}),
    },
    pathParameters,
    queryStringParameters: query,
    body: route.body ? JSON.stringify(resolveAll(step.body, data)) : undefined,
    isBase64Encoded: false,
    requestContext: {
      requestId: key,
      routeKey: `${route.method} ${route.path}`,
      http: {
        method: route.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'Firefly-Workflows/1',
      },
      authorizer: {
        lambda: {
          kind: 'workflow',
          workflowId: identity.workflowId,
          permissions: identity.permissions.join(','),
        },
      },
    },
  } as unknown as HttpEvent;
  const deployed = config.apiFunctions[functionName];
  if (!deployed) throw misconfigured(`No deployed function for ${functionName}`);
  const answer = await lambda().send(
    new InvokeCommand({ FunctionName: deployed, Payload: Buffer.from(JSON.stringify(event)) }),
  );
  if (answer.FunctionError) throw transient(`${step.operation} failed: ${answer.FunctionError}`);
  const result = JSON.parse(Buffer.from(answer.Payload ?? []).toString('utf8') || '{}') as HttpResult;
  const status = result.statusCode ?? 500;
  if (status >= 200 && status < 300) return result.body ? (JSON.parse(result.body) as unknown) : {};
  const problem = problemOf(result.body);
  if (status === 403) throw forbidden(problem.detail);
  if (status === 429 || status >= 500) throw transient(`${step.operation}: HTTP ${status} ${problem.detail}`);
  throw commandRefused(problem.code, problem.detail);
};
