import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { env } from '../runtime/env.ts';
import { dynamo } from './clients.ts';

/**
 * API keys' hashes and last use, beside the integrations' credentials (one item per key, slot
 * `api-key`). Kept out of the events so the hash never travels with them (bus, audit, exports,
 * outbound webhooks); a SHA-256 of 256 random bits needs no further sealing. Last use is written here
 * rather than as an event: it changes with traffic, not with decisions.
 */
const SLOT = 'api-key';
const table = () => process.env[env.CREDENTIALS_TABLE]!;

export interface StoredKeyHash {
  hash: Buffer;
  lastUsedAt?: string;
}

export const storeKeyHash = async (keyId: string, hash: Buffer): Promise<void> => {
  await dynamo().send(
    new PutCommand({
      TableName: table(),
      Item: {
        integrationId: keyId,
        slot: SLOT,
        hash: hash.toString('base64'),
        storedAt: new Date().toISOString(),
      },
      // A key id is new on every issue; never overwrite another key's hash.
      ConditionExpression: 'attribute_not_exists(integrationId)',
    }),
  );
};

export const readKeyHash = async (keyId: string): Promise<StoredKeyHash | undefined> => {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: table(), Key: { integrationId: keyId, slot: SLOT }, ConsistentRead: true }),
  );
  if (!Item || typeof Item.hash !== 'string') return undefined;
  return { hash: Buffer.from(Item.hash, 'base64'), lastUsedAt: Item.lastUsedAt as string | undefined };
};

/**
 * Records a use at `now` unless one was recorded less than `minGapMs` before: at most one write per key
 * per gap, however busy the key. Answers whether it wrote.
 */
export const touchKeyUse = async (keyId: string, now: Date, minGapMs: number): Promise<boolean> => {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: table(),
        Key: { integrationId: keyId, slot: SLOT },
        UpdateExpression: 'SET lastUsedAt = :now',
        ConditionExpression:
          'attribute_exists(integrationId) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :cutoff)',
        ExpressionAttributeValues: {
          ':now': now.toISOString(),
          ':cutoff': new Date(now.getTime() - minGapMs).toISOString(),
        },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

/** When each key was last used, for a page of keys (read 100 at a time, DynamoDB's batch limit). */
export const lastUses = async (keyIds: readonly string[]): Promise<Map<string, string>> => {
  const uses = new Map<string, string>();
  for (let i = 0; i < keyIds.length; i += 100) await readUses(keyIds.slice(i, i + 100), uses);
  return uses;
};

const readUses = async (keyIds: readonly string[], uses: Map<string, string>) => {
  let keys = keyIds.map((keyId) => ({ integrationId: keyId, slot: SLOT }));
  for (let round = 0; keys.length > 0 && round < 5; round++) {
    const { Responses, UnprocessedKeys } = await dynamo().send(
      new BatchGetCommand({
        RequestItems: {
          [table()]: { Keys: keys, ProjectionExpression: 'integrationId, lastUsedAt' },
        },
      }),
    );
    for (const item of Responses?.[table()] ?? [])
      if (typeof item.lastUsedAt === 'string') uses.set(String(item.integrationId), item.lastUsedAt);
    keys = (UnprocessedKeys?.[table()]?.Keys ?? []) as typeof keys;
  }
};
