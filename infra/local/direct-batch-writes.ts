import type { AttributeValue, WriteRequest } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';

type BatchWrite = (requestItems: Record<string, WriteRequest[]>) => Promise<void>;
type Send = DynamoDBDocumentClient['send'];

/**
 * A bulk load's writes (the demo seed, `npm run rebuild`) go to the local DynamoDB by its message port
 * instead of HTTP while `work` runs: every `BatchWriteCommand` sent through `client` is marshalled as the
 * document client marshals it and handed to the emulator's worker, which writes it with the very routine
 * its BatchWriteItem action uses. What is left out is the SDK's serialising, signing and HTTP, and the
 * emulator's parsing: on a first start they were about half of this thread's work and the seed waited on
 * them. Everything else the client sends goes the usual way, as does a batch the worker refuses, so
 * the caller sees the SDK's own error for it. Only one bulk load at a time swaps `send`.
 */
export const withDirectBatchWrites = async <T>(
  client: DynamoDBDocumentClient,
  batchWrite: BatchWrite | undefined,
  work: () => Promise<T>,
): Promise<T> => {
  if (!batchWrite) return work();
  const send = client.send;
  const original = send as unknown as (...args: unknown[]) => Promise<unknown>;
  // The document client's own options; it marshals each attribute, so the item itself stays a map.
  const options = { ...client.config.translateConfig?.marshallOptions, convertTopLevelContainer: false };
  const attributes = (item: Record<string, unknown>) =>
    marshall(item, options) as Record<string, AttributeValue>;
  const marshalled = (requests: readonly Record<string, unknown>[]): WriteRequest[] =>
    requests.map((request) => {
      const { PutRequest: put, DeleteRequest: del } = request as {
        PutRequest?: { Item: Record<string, unknown> };
        DeleteRequest?: { Key: Record<string, unknown> };
      };
      return put
        ? { PutRequest: { Item: attributes(put.Item) } }
        : { DeleteRequest: { Key: attributes(del?.Key ?? {}) } };
    });
  const direct = async (command: BatchWriteCommand) => {
    const items = command.input.RequestItems ?? {};
    try {
      await batchWrite(Object.fromEntries(Object.entries(items).map(([table, r]) => [table, marshalled(r)])));
    } catch {
      return original.call(client, command);
    }
    return { UnprocessedItems: {}, $metadata: {} };
  };
  client.send = ((command: Parameters<Send>[0], ...rest: unknown[]) =>
    command instanceof BatchWriteCommand ? direct(command) : original.call(client, command, ...rest)) as Send;
  try {
    return await work();
  } finally {
    client.send = send;
  }
};
