import { createHash, randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { dynamo } from '../adapters/clients.ts';
import { config } from '../runtime/config.ts';

/**
 * Idempotency-Key handling with the semantics of Powertools' idempotency utility
 * (`@aws-lambda-powertools/idempotency`, DynamoDBPersistenceLayer):
 *
 * - a request claims its key with a conditional put of an `in_progress` record; the claim carries an
 *   in-progress expiry, the moment the function running it must have ended (now + the invocation's
 *   remaining time), so a claim whose function timed out or crashed does not block retries;
 * - the put succeeds when there is no record, the record has expired (`expiresAt`, a day) or it is an
 *   in-progress record past its in-progress expiry: a retry reclaims a dead claim;
 * - a retry while a live claim runs gets {@link IdempotencyInProgressError}, a retry with another body
 *   {@link IdempotencyKeyReusedError}; a retry after completion gets the stored response for a day.
 *
 * This module throws typed errors; the HTTP edge (errors.ts) maps them to problem responses.
 *
 * Own code rather than the Powertools package: the package is not among this project's dependencies,
 * and the stored response is replayed with an `Idempotent-Replayed` header scoped per caller and route,
 * which is a few lines here. Differences kept on purpose: the in-progress expiry is in milliseconds as
 * in Powertools, and completing or releasing a claim is conditional on the claim's own token, so a
 * request that outlived its claim (and was reclaimed by a retry) cannot overwrite or delete the
 * retry's record. Expired records are also filtered on read: the local DynamoDB has no TTL.
 */
export const TTL_SECONDS = 24 * 60 * 60;

/** The in-progress window when the invocation's remaining time is unknown (tests, scripts). */
export const DEFAULT_IN_PROGRESS_MS = 60_000;

interface IdempotencyRecord {
  key: string;
  status: 'in_progress' | 'complete';
  bodyHash: string;
  /** Seconds since the epoch: the record's end of life (the table's TTL attribute). */
  expiresAt: number;
  /** Milliseconds since the epoch: after this an in-progress claim may be taken over by a retry. */
  inProgressExpiresAt?: number;
  /** Identifies one claim, so only its own request completes or releases it. */
  token?: string;
  response?: APIGatewayProxyStructuredResultV2;
}

/** A request with this key is still running (its claim is live). */
export class IdempotencyInProgressError extends Error {
  override name = 'IdempotencyInProgressError';
  constructor(
    /** How long, at most, until the running request's claim expires. */
    readonly retryAfterMs: number,
  ) {
    super('A request with this Idempotency-Key is still running');
  }
}

/** The key was used before with a different request body (Powertools: IdempotencyValidationError). */
export class IdempotencyKeyReusedError extends Error {
  override name = 'IdempotencyKeyReusedError';
  constructor() {
    super('This Idempotency-Key was already used with a different request body');
  }
}

export const hashBody = (body: string | undefined): string =>
  createHash('sha256')
    .update(body ?? '')
    .digest('hex');

/** The claim a request holds while it runs. */
export interface Held {
  id: string;
  token: string;
  bodyHash: string;
}

export type Claim = { replay: APIGatewayProxyStructuredResultV2 } | { claimed: Held };

/** How long a claim stays live: the invocation's remaining time, or the default where unknown. */
export const inProgressWindow = (remainingMs: number | undefined): number =>
  remainingMs !== undefined && Number.isFinite(remainingMs) && remainingMs > 0
    ? remainingMs
    : DEFAULT_IN_PROGRESS_MS;

const MAX_ATTEMPTS = 3;

/**
 * Claims `key` within `scope` for a request with body hash `bodyHash`, whose invocation has
 * `remainingMs` left; or returns the stored response of the request that completed with it.
 */
export const claim = async (
  scope: string,
  key: string,
  bodyHash: string,
  remainingMs?: number,
): Promise<Claim> => {
  const id = `${scope}#${key}`;
  for (let attempt = 1; ; attempt += 1) {
    const nowMs = Date.now();
    const now = Math.floor(nowMs / 1000);
    const token = randomUUID();
    const item: IdempotencyRecord = {
      key: id,
      status: 'in_progress',
      bodyHash,
      expiresAt: now + TTL_SECONDS,
      inProgressExpiresAt: nowMs + inProgressWindow(remainingMs),
      token,
    };
    try {
      await dynamo().send(
        new PutCommand({
          TableName: config.idempotencyTable,
          Item: item,
          ConditionExpression:
            'attribute_not_exists(#k) OR #e < :now OR (#s = :inProgress AND #ipe < :nowMs)',
          ExpressionAttributeNames: {
            '#k': 'key',
            '#e': 'expiresAt',
            '#s': 'status',
            '#ipe': 'inProgressExpiresAt',
          },
          ExpressionAttributeValues: { ':now': now, ':nowMs': nowMs, ':inProgress': 'in_progress' },
        }),
      );
      return { claimed: { id, token, bodyHash } };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const existing = (
      await dynamo().send(
        new GetCommand({ TableName: config.idempotencyTable, Key: { key: id }, ConsistentRead: true }),
      )
    ).Item as IdempotencyRecord | undefined;
    const readAt = Date.now();
    // Gone, expired or its claim lapsed between the put and the read: claim again.
    const lapsed =
      !existing ||
      existing.expiresAt < Math.floor(readAt / 1000) ||
      (existing.status === 'in_progress' &&
        existing.inProgressExpiresAt !== undefined &&
        existing.inProgressExpiresAt < readAt);
    if (lapsed && attempt < MAX_ATTEMPTS) continue;
    if (!existing) throw new IdempotencyInProgressError(0);
    if (existing.bodyHash !== bodyHash) throw new IdempotencyKeyReusedError();
    if (existing.status === 'complete' && existing.response) return { replay: existing.response };
    throw new IdempotencyInProgressError(
      existing.inProgressExpiresAt === undefined
        ? existing.expiresAt * 1000 - readAt
        : Math.max(0, existing.inProgressExpiresAt - readAt),
    );
  }
};

/** Whether the put or delete failed only because the claim is no longer this request's. */
const lostClaim = (error: unknown) => error instanceof ConditionalCheckFailedException;

/**
 * Stores the response of a claimed request for replay. When the claim has meanwhile been taken over by
 * a retry (this request outlived its in-progress expiry), the retry's record is left alone.
 */
export const complete = async (held: Held, response: APIGatewayProxyStructuredResultV2) => {
  const item: IdempotencyRecord = {
    key: held.id,
    status: 'complete',
    bodyHash: held.bodyHash,
    expiresAt: Math.floor(Date.now() / 1000) + TTL_SECONDS,
    token: held.token,
    response,
  };
  try {
    await dynamo().send(
      new PutCommand({
        TableName: config.idempotencyTable,
        Item: item,
        ConditionExpression: '#t = :token',
        ExpressionAttributeNames: { '#t': 'token' },
        ExpressionAttributeValues: { ':token': held.token },
      }),
    );
  } catch (error) {
    if (!lostClaim(error)) throw error;
  }
};

/** A failed request releases its key so the client may retry it (only its own claim). */
export const release = async (held: Held) => {
  try {
    await dynamo().send(
      new DeleteCommand({
        TableName: config.idempotencyTable,
        Key: { key: held.id },
        ConditionExpression: '#t = :token',
        ExpressionAttributeNames: { '#t': 'token' },
        ExpressionAttributeValues: { ':token': held.token },
      }),
    );
  } catch (error) {
    if (!lostClaim(error)) throw error;
  }
};
