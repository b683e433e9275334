import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { type Refresh, wider } from '../../domain/insights/refresh.ts';
import type { InsightsScope } from '../../domain/insights/runs.ts';
import { dynamo, sfn } from '../adapters/clients.ts';
import { config } from '../runtime/config.ts';
import { type RunInput, startRun } from './run.ts';

/**
 * One refresh at a time: a lease row in the views table names the refresh run holding it. Events that
 * arrive while it runs mark the lease pending (with the widest scope asked for); when the run ends it
 * releases the lease and, if something was pending, runs one more refresh: a burst of stock movements
 * (a build consuming its bill of materials) costs at most two runs, and the last movement is always in one.
 * A lease outlives a crashed run by at most LEASE_SECONDS.
 */
const KEY = { view: 'insights-refresh', id: 'lease' } as const;
const LEASE_SECONDS = 600;

interface Lease {
  runId: string;
  until: number;
  pending?: boolean;
  pendingScope?: InsightsScope;
  pendingCause?: string;
}

const claim = async (runId: string): Promise<boolean> => {
  const now = Date.now();
  try {
    await dynamo().send(
      new PutCommand({
        TableName: config.viewsTable,
        Item: { ...KEY, runId, until: now + LEASE_SECONDS * 1000 },
        ConditionExpression: 'attribute_not_exists(id) OR #until < :now',
        ExpressionAttributeNames: { '#until': 'until' },
        ExpressionAttributeValues: { ':now': now },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

const markPending = async (refresh: Refresh, current: InsightsScope | undefined) => {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: config.viewsTable,
        Key: KEY,
        UpdateExpression: 'SET pending = :true, pendingScope = :scope, pendingCause = :cause',
        ConditionExpression: 'attribute_exists(id)',
        ExpressionAttributeValues: {
          ':true': true,
          ':scope': wider(current, refresh.scope),
          ':cause': refresh.cause,
        },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

const readLease = async (): Promise<Lease | undefined> => {
  const result = await dynamo().send(
    new GetCommand({ TableName: config.viewsTable, Key: KEY, ConsistentRead: true }),
  );
  return result.Item as Lease | undefined;
};

/**
 * Starts a refresh run for an event, or marks one pending when a refresh is running already.
 * Returns the run started, if any.
 */
export const requestRefresh = async (refresh: Refresh): Promise<{ runId?: string; pending: boolean }> => {
  for (let attempt = 0; attempt < 3; attempt++) {
    const runId = ulid();
    if (await claim(runId)) {
      await startRefresh(runId, refresh);
      return { runId, pending: false };
    }
    const lease = await readLease();
    // Released between the claim and the read: try to claim it again.
    if (lease && (await markPending(refresh, lease.pendingScope))) return { pending: true };
  }
  return { pending: true };
};

const startRefresh = async (runId: string, refresh: Refresh) => {
  const run = await startRun({ runId, trigger: 'event', scope: refresh.scope, cause: refresh.cause });
  await sfn().send(
    new StartExecutionCommand({
      stateMachineArn: config.stateMachineArn('insights'),
      name: runId,
      input: JSON.stringify({
        runId,
        asOf: run.asOf,
        trigger: 'event',
        scope: refresh.scope,
        cause: refresh.cause,
      }),
    }),
  );
};

/**
 * Called when a run ends: a refresh run gives its lease back. When events asked for a refresh while it
 * ran (and it is not failing), the lease passes to a new run for them, which the same execution goes on
 * to run (statemachines/insights.asl.json, FollowUp): the worker cannot start the machine that invokes
 * it. Other runs (nightly, on demand) hold no lease and change nothing here.
 */
export const releaseRefresh = async (runId: string, followUp = true): Promise<RunInput | undefined> => {
  let old: Lease | undefined;
  try {
    const result = await dynamo().send(
      new DeleteCommand({
        TableName: config.viewsTable,
        Key: KEY,
        ConditionExpression: 'runId = :runId',
        ExpressionAttributeValues: { ':runId': runId },
        ReturnValues: 'ALL_OLD',
      }),
    );
    old = result.Attributes as Lease | undefined;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
  if (!followUp || !old?.pending) return undefined;
  const next = ulid();
  // Another event may have claimed the free lease meanwhile: its run covers these events too.
  if (!(await claim(next))) return undefined;
  return {
    runId: next,
    asOf: new Date().toISOString(),
    trigger: 'event',
    scope: old.pendingScope ?? 'inventory',
    cause: `${old.pendingCause ?? 'events'} (and any others during run ${runId})`.slice(0, 300),
  };
};
