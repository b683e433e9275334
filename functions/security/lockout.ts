import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AccountFacts, ADDRESS_LOCKOUT, COUNTED_REASONS } from '../../domain/security/lockout.ts';
import { dynamo } from '../adapters/clients.ts';
import { eventStore, type StreamState } from '../adapters/event-store.ts';
import { systemStreams } from '../application/aggregates.ts';
import { config } from '../runtime/config.ts';

/**
 * What the sign-in handler reads before trying a password: the account's latest sign-in event (one
 * item: every attempt records the lock state it left), the admin actions on the account (its short
 * `user-<email>` stream: disabled? unlocked when?) and the address's recent counted failures.
 */
export interface AccountStatus {
  facts: AccountFacts;
  disabled: boolean;
  /** The account stream's version, for a conditional append of the outcome. */
  state: StreamState;
}

const LOCK_TYPES = new Set(['SignInSucceeded', 'SignInFailed', 'AccountLocked']);

export const readAccountStatus = async (email: string): Promise<AccountStatus> => {
  const [commit, admin] = await Promise.all([
    eventStore.readLastCommit(systemStreams.account(email)),
    eventStore.readStream(systemStreams.user(email)),
  ]);
  const facts: AccountFacts = {};
  let state: StreamState = { version: 0, eventCount: 0 };
  if (commit) {
    state = { version: commit.version, eventCount: commit.events.at(-1)?.streamVersion ?? 0 };
    const latest = commit.events.filter((e) => LOCK_TYPES.has(e.type)).at(-1);
    if (latest) {
      const at = Date.parse(latest.occurredAt);
      const d = latest.data as Record<string, unknown>;
      if (latest.type === 'SignInSucceeded') facts.latest = { type: 'SignInSucceeded', at };
      else if (latest.type === 'AccountLocked') {
        facts.latest = { type: 'AccountLocked', at, failures: Number(d.failures), until: String(d.until) };
      } else {
        facts.latest = {
          type: 'SignInFailed',
          at,
          failures: d.failures as number | undefined,
          lockedUntil: d.lockedUntil as string | undefined,
          counted: COUNTED_REASONS.has(String(d.reason)),
        };
      }
    }
  }
  let disabled = false;
  for (const event of admin.flatMap((c) => c.events)) {
    if (event.type === 'UserDisabled') disabled = true;
    if (event.type === 'UserEnabled') disabled = false;
    if (event.type === 'AccountUnlocked') facts.unlockedAt = Date.parse(event.occurredAt);
  }
  return { facts, disabled, state };
};

const iso = (ms: number) => new Date(ms).toISOString();

/** Times of the address's counted failures within the address policy's window. */
export const addressFailures = async (ip: string, now: number): Promise<number[]> => {
  const times: number[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: config.auditTable,
        KeyConditionExpression: 'pk = :pk AND sk > :from',
        ExpressionAttributeValues: { ':pk': `addr#${ip}`, ':from': iso(now - ADDRESS_LOCKOUT.windowMs) },
        ProjectionExpression: 'sk',
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) times.push(Date.parse(String(item.sk).slice(0, 24)));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey && times.length < 1_000);
  return times;
};

export const recordAddressFailure = (ip: string, eventId: string, at: number) =>
  dynamo().send(
    new PutCommand({
      TableName: config.auditTable,
      Item: {
        pk: `addr#${ip}`,
        sk: `${iso(at)}#${eventId}`,
        expiresAt: Math.ceil((at + ADDRESS_LOCKOUT.windowMs) / 1000),
      },
    }),
  );
