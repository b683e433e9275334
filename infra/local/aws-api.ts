import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { LocalBus } from './bus.ts';
import { invoke, type LocalFunction } from './lambda.ts';

/**
 * The AWS APIs the local cloud implements itself (EventBridge PutEvents, Scheduler's schedules), so handlers use the real
 * SDK clients, pointed here by AWS_ENDPOINT_URL_EVENTBRIDGE, exactly as they do in AWS.
 */
export type JsonOperation = (input: Record<string, unknown>) => Promise<unknown> | unknown;

const read = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const reply = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
  res.end(JSON.stringify(body));
};

/** Lambda's Invoke is a REST call: `POST /2015-03-31/functions/<name>/invocations`, the payload as the body. */
const INVOKE = /^\/2015-03-31\/functions\/([^/]+)\/invocations/;

/** Lambda Invoke: the operation named `Lambda.Invoke` gets `{ FunctionName, Payload }` and returns the result. */
const invokeLambda = async (
  operation: JsonOperation | undefined,
  name: string,
  req: IncomingMessage,
  res: ServerResponse,
) => {
  if (!operation) return reply(res, 404, { Type: 'User', message: 'Function not found' });
  const text = await read(req);
  try {
    const result = await operation({ FunctionName: name, Payload: text ? JSON.parse(text) : {} });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(result ?? null));
  } catch (error) {
    const err = error as Error;
    if ((err as { statusCode?: number }).statusCode === 404)
      return reply(res, 404, { Type: 'User', message: err.message, __type: 'ResourceNotFoundException' });
    // As Lambda answers a function that threw: 200, X-Amz-Function-Error, the error as the payload.
    res.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' });
    res.end(JSON.stringify({ errorType: err.name, errorMessage: err.message }));
  }
};

/**
 * EventBridge Scheduler is a REST API: `/schedules/<name>`, the operation by method, the group in the
 * query (get, delete) or the body (create, update).
 */
const SCHEDULE = /^\/schedules\/([^/?]+)(?:\?(.*))?$/;
const SCHEDULE_OPERATIONS: Record<string, string> = {
  POST: 'CreateSchedule',
  PUT: 'UpdateSchedule',
  DELETE: 'DeleteSchedule',
  GET: 'GetSchedule',
};

const run = async (
  res: ServerResponse,
  operation: JsonOperation,
  input: () => Promise<Record<string, unknown>>,
) => {
  try {
    reply(res, 200, await operation(await input()));
  } catch (error) {
    const name = error instanceof Error ? error.name : 'InternalFailure';
    // A client error an operation throws can say so (AWS names some without an "Exception" suffix,
    // e.g. Step Functions' ExecutionDoesNotExist), so the SDK fails fast instead of retrying.
    const declared = (error as { statusCode?: number }).statusCode;
    const status = declared ?? (name === 'SyntaxError' || name.endsWith('Exception') ? 400 : 500);
    reply(res, status, {
      __type: name === 'SyntaxError' ? 'SerializationException' : name,
      message: String(error),
    });
  }
};

export const startAwsApi = async (
  operations: Record<string, JsonOperation>,
): Promise<{ url: string; stop: () => Promise<void> }> => {
  const server: Server = createServer(async (req, res) => {
    const invoke = INVOKE.exec(req.url ?? '');
    if (invoke && req.method === 'POST')
      return invokeLambda(operations['Lambda.Invoke'], decodeURIComponent(invoke[1]!), req, res);
    const schedule = SCHEDULE.exec(req.url ?? '');
    if (schedule) {
      const operation = operations[`Scheduler.${SCHEDULE_OPERATIONS[req.method ?? ''] ?? ''}`];
      if (!operation) return reply(res, 405, { __type: 'ValidationException', message: 'Unsupported' });
      const groupName = new URLSearchParams(schedule[2] ?? '').get('groupName');
      return run(res, operation, async () => ({
        ...(JSON.parse((await read(req)) || '{}') as Record<string, unknown>),
        Name: decodeURIComponent(schedule[1]!),
        ...(groupName ? { GroupName: groupName } : {}),
      }));
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = operations[target];
    if (!operation)
      return reply(res, 400, { __type: 'UnknownOperationException', message: `Unknown ${target}` });
    return run(res, operation, async () => JSON.parse((await read(req)) || '{}') as Record<string, unknown>);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** Lambda Invoke of the local functions by their manifest names (a workflow's command step). */
export const lambdaOperations = (
  functions: ReadonlyMap<string, LocalFunction>,
): Record<string, JsonOperation> => ({
  'Lambda.Invoke': (input) => {
    const fn = functions.get(String(input.FunctionName));
    if (!fn) throw Object.assign(new Error(`Function not found: ${input.FunctionName}`), { statusCode: 404 });
    return invoke(fn, input.Payload);
  },
});

export const eventBridgeOperations = (bus: LocalBus, busName: string): Record<string, JsonOperation> => ({
  'AWSEvents.PutEvents': (input) => bus.putEvents((input.Entries ?? []) as PutEventsRequestEntry[]),
  // What the deep health check asks of the bus (functions/monitoring/deep-health.ts).
  'AWSEvents.DescribeEventBus': (input) => {
    if (input.Name !== undefined && input.Name !== busName)
      throw Object.assign(new Error(`Event bus ${String(input.Name)} does not exist`), {
        name: 'ResourceNotFoundException',
      });
    return { Name: busName, Arn: `arn:aws:events:us-east-1:000000000000:event-bus/${busName}` };
  },
});
