import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { OPEN_STATUSES } from '../../domain/insights/recommendations.ts';
import { dynamo } from '../adapters/clients.ts';
import { aggregates } from '../application/aggregates.ts';
import { loadRecord } from '../application/command.ts';
import { config } from '../runtime/config.ts';

/**
 * "Not raised twice while one is open", held when runs overlap (a refresh beside the nightly run) or
 * follow each other faster than the recommendations' view is projected: a row per key names the
 * recommendation that holds it, taken with a conditional write, and taken over only when the event
 * store says that recommendation is no longer open.
 */
const VIEW = 'insights-key';
/** A claim whose recommendation never appeared is abandoned after this (a run's Analyse task limit). */
const ABANDONED_MS = 15 * 60_000;

const put = async (key: string, recommendationId: string, holder?: string) => {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: config.viewsTable,
        Item: { view: VIEW, id: key, recommendationId, claimedAt: Date.now() },
        ...(holder
          ? {
              ConditionExpression: 'recommendationId = :holder',
              ExpressionAttributeValues: { ':holder': holder },
            }
          : { ConditionExpression: 'attribute_not_exists(id)' }),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

/** Takes the key for a new recommendation; false when an open one holds it (or another run just took it). */
export const claimKey = async (key: string, recommendationId: string): Promise<boolean> => {
  if (await put(key, recommendationId)) return true;
  const row = await dynamo().send(
    new GetCommand({ TableName: config.viewsTable, Key: { view: VIEW, id: key }, ConsistentRead: true }),
  );
  const claim = row.Item as { recommendationId?: string; claimedAt?: number } | undefined;
  if (!claim?.recommendationId) return put(key, recommendationId);
  const held = await loadRecord(aggregates.recommendation, claim.recommendationId);
  if (held.state.exists && OPEN_STATUSES.includes(held.state.status)) return false;
  // Claimed by a run that is proposing it this moment, or that died before it could (taken over later).
  if (!held.state.exists && Date.now() - (claim.claimedAt ?? 0) < ABANDONED_MS) return false;
  return put(key, recommendationId, claim.recommendationId);
};
