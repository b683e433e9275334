import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { dynamo } from '../adapters/clients.ts';
import { config } from '../runtime/config.ts';
import { HttpProblem } from './problem.ts';

/**
 * Idempotency-Key handling in the manner of Powertools' idempotency utility: claim the key with a
 * conditional put, run once, store the response; a retry with the same key and body gets the stored
 * response, a different body is refused, a retry while the first is still running gets 409.
 * Own code rather than Powertools' because it relies on ReturnValuesOnConditionCheckFailure, which the
 * local DynamoDB lacks. Records expire after a day (filtered on read: the local DynamoDB has no TTL).
 */
const TTL_SECONDS = 24 * 60 * 60;

interface Record_ {
  key: string;
  status: 'in_progress' | 'complete';
  bodyHash: string;
  expiresAt: number;
  response?: APIGatewayProxyStructuredResultV2;
}

export const hashBody = (body: string | undefined): string =>
  createHash('sha256')
    .update(body ?? '')
    .digest('hex');

export type Claim = { replay: APIGatewayProxyStructuredResultV2 } | { claimed: string };

export const claim = async (scope: string, key: string, bodyHash: string): Promise<Claim> => {
  const id = `${scope}#${key}`;
  const now = Math.floor(Date.now() / 1000);
  const item: Record_ = { key: id, status: 'in_progress', bodyHash, expiresAt: now + TTL_SECONDS };
  try {
    await dynamo().send(
      new PutCommand({
        TableName: config.idempotencyTable,
        Item: item,
        ConditionExpression: 'attribute_not_exists(#k) OR expiresAt < :now',
        ExpressionAttributeNames: { '#k': 'key' },
        ExpressionAttributeValues: { ':now': now },
      }),
    );
    return { claimed: id };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  const existing = (
    await dynamo().send(
      new GetCommand({ TableName: config.idempotencyTable, Key: { key: id }, ConsistentRead: true }),
    )
  ).Item as Record_ | undefined;
  if (!existing) return claim(scope, key, bodyHash);
  if (existing.bodyHash !== bodyHash) {
    throw new HttpProblem(
      422,
      'idempotency-key-reused',
      'Idempotency key reused',
      'This Idempotency-Key was already used with a different request body',
    );
  }
  if (existing.status === 'in_progress' || !existing.response) {
    throw new HttpProblem(
      409,
      'request-in-progress',
      'Request in progress',
      'A request with this key is running',
    );
  }
  return { replay: existing.response };
};

export const complete = async (id: string, bodyHash: string, response: APIGatewayProxyStructuredResultV2) => {
  const item: Record_ = {
    key: id,
    status: 'complete',
    bodyHash,
    expiresAt: Math.floor(Date.now() / 1000) + TTL_SECONDS,
    response,
  };
  await dynamo().send(new PutCommand({ TableName: config.idempotencyTable, Item: item }));
};

/** A failed request releases its key so the client may retry it. */
export const release = async (id: string) => {
  await dynamo().send(new DeleteCommand({ TableName: config.idempotencyTable, Key: { key: id } }));
};
