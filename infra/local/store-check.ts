import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoEventStore, type StoreCheckReport } from '../../functions/adapters/event-store.ts';

/**
 * The local event store's check (dynalite is not crash-atomic, see docs and README "appendMany in AWS
 * and locally"): key-only and damaged items, outbox and time-index entries without their commit, commits
 * marked for the outbox without their entry, and multi-stream appends a crash left staged. `npm start`
 * runs it with repair before serving; `npm run store:check` runs it on a stopped platform's data.
 */
export const checkEventStore = (
  client: DynamoDBClient,
  table: string,
  options: { repair: boolean; recentMonths?: number; afterCleanStop?: boolean },
): Promise<StoreCheckReport> =>
  dynamoEventStore({ table, client: DynamoDBDocumentClient.from(client) }).checkStore(options);

/** One line summing a report up. */
export const summary = (report: StoreCheckReport): string => {
  const done = (what: string) => (report.repaired ? what : `${what} (not repaired)`);
  const counts = [
    ['key-only items', report.keyOnly],
    ['damaged items', report.damaged],
    ['orphan index entries', report.orphanEntries],
    ['stale index entries', report.staleEntries],
    ['commits missing their outbox entry', report.pendingWithoutEntry],
    [done('staged appends to finish'), report.stagedFinished],
    [done('staged appends to undo'), report.stagedUndone],
    ['repair stand-ins', report.standIns],
  ] as const;
  const found = counts.filter(([, n]) => n > 0).map(([what, n]) => `${n} ${what}`);
  return `${report.items.toLocaleString()} items${report.repaired ? ' after repair' : ''}: ${found.length ? found.join(', ') : 'all sound'}`;
};
