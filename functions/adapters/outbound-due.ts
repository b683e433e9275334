import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../runtime/config.ts';
import { dynamo } from './clients.ts';

/**
 * The due index of outbound deliveries: one row per delivery awaiting an attempt, in the views table
 * under the partition `outboundDue` with the sort key `<due time ISO>#<deliveryId>`, so the retry
 * schedule finds what is due with one Query (`id <= now`), never a scan. A row is claimed (a lease)
 * before its attempt, so the consumer and the schedule never send the same attempt twice; a lease
 * that outlives its holder (a crash) expires and the schedule takes the delivery up again.
 */
const VIEW = 'outboundDue';
/** Longer than an attempt can take (15 s timeout plus the records around it). */
export const LEASE_MS = 60_000;

export interface DueRow {
  id: string;
  deliveryId: string;
  dueAt: string;
  claimedUntil?: number;
}

const keyOf = (dueAt: string, deliveryId: string) => `${dueAt}#${deliveryId}`;

/** Adds a due row; `claimed` puts it under the caller's lease at once (the consumer's first attempt). */
export const putDue = async (deliveryId: string, dueAt: string, claimed = false): Promise<DueRow> => {
  const row: DueRow = {
    id: keyOf(dueAt, deliveryId),
    deliveryId,
    dueAt,
    ...(claimed ? { claimedUntil: Date.now() + LEASE_MS } : {}),
  };
  await dynamo().send(new PutCommand({ TableName: config.viewsTable, Item: { view: VIEW, ...row } }));
  return row;
};

export const deleteDue = async (row: Pick<DueRow, 'id'>): Promise<void> => {
  await dynamo().send(new DeleteCommand({ TableName: config.viewsTable, Key: { view: VIEW, id: row.id } }));
};

/** Takes the lease on a due row; false when another worker holds it or the row is gone. */
export const claimDue = async (row: Pick<DueRow, 'id'>, now = Date.now()): Promise<boolean> => {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: config.viewsTable,
        Key: { view: VIEW, id: row.id },
        UpdateExpression: 'SET claimedUntil = :lease',
        ConditionExpression:
          'attribute_exists(id) AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)',
        ExpressionAttributeValues: { ':lease': now + LEASE_MS, ':now': now },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

/** Rows due at or before `now`, oldest first, a page at a time. */
export const dueRows = async (now: Date, limit: number): Promise<DueRow[]> => {
  const result = await dynamo().send(
    new QueryCommand({
      TableName: config.viewsTable,
      KeyConditionExpression: '#view = :view AND #id <= :until',
      ExpressionAttributeNames: { '#view': 'view', '#id': 'id' },
      // '#' sorts before every id character, so `<now>~` covers every delivery due at `now`.
      ExpressionAttributeValues: { ':view': VIEW, ':until': `${now.toISOString()}~` },
      Limit: limit,
    }),
  );
  return (result.Items ?? []) as DueRow[];
};
