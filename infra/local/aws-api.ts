import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { LocalBus } from './bus.ts';

/**
 * The AWS JSON APIs the local cloud implements itself (EventBridge PutEvents), so handlers use the real
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

export const startAwsApi = async (
  operations: Record<string, JsonOperation>,
): Promise<{ url: string; stop: () => Promise<void> }> => {
  const server: Server = createServer(async (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = operations[target];
    if (!operation)
      return reply(res, 400, { __type: 'UnknownOperationException', message: `Unknown ${target}` });
    try {
      const input = JSON.parse((await read(req)) || '{}') as Record<string, unknown>;
      reply(res, 200, await operation(input));
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
