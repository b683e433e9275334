import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../adapters/clients.ts';
import { type Commit, dynamoEventStore, type StoredCommit } from '../adapters/event-store.ts';
import { itemsOfRow, type ViewRow } from '../adapters/views.ts';
import { createTableInput, type TableSpec, tables } from '../tables.ts';
import { digestViewsTable, type ViewsDigest, ViewsFold } from './digest.ts';
import { BackupError, BackupVerificationFailed } from './layout.ts';
import { chainOf, latestBackupId, type StoredManifest } from './manifests.ts';
import { scanPart, verifyBackup } from './verify-backup.ts';

/**
 * Point-in-time restore: the commits of a backup chain up to an instant, written into an empty store,
 * and the views rebuilt from them. Everything is verified before anything is written, so a corrupt or
 * missing part restores nothing; a store that already holds data is refused.
 */
export interface RestoreTarget {
  eventsTable: string;
  viewsTable: string;
}

export class RestoreRefused extends BackupError {
  override name = 'RestoreRefused';
}

export interface RestorePlan {
  backupId: string;
  /** The chain to restore from, full backup first. */
  chain: StoredManifest[];
  /** Restore commits committed at or before this instant. */
  at: string;
}

/**
 * Which backups a restore to `at` reads: the chain ending at `backupId`, or at the latest backup.
 * The whole chain is read (filtered by time) so a commit is found whichever backup of it holds it.
 */
export const planRestore = async (options: { backupId?: string; at?: string }): Promise<RestorePlan> => {
  const backupId = options.backupId ?? (await latestBackupId());
  if (!backupId) throw new RestoreRefused('There are no backups to restore from');
  let chain: StoredManifest[];
  try {
    chain = await chainOf(backupId);
  } catch (error) {
    if (error instanceof BackupError) throw new RestoreRefused(error.message);
    throw error;
  }
  const covered = chain.at(-1)!.manifest.range.until;
  const at = options.at ?? covered;
  if (at > covered) {
    throw new RestoreRefused(
      `Backup ${backupId} holds commits up to ${covered}; choose an instant at or before it, or back up first`,
    );
  }
  return { backupId, chain, at };
};

/** Verifies every backup of the chain; throws with every problem found when any is wrong. */
export const verifyChain = async (plan: RestorePlan): Promise<void> => {
  const problems: string[] = [];
  for (const { manifest, sha256 } of plan.chain) {
    const verification = await verifyBackup(manifest.id, { expectedSha256: sha256 });
    problems.push(...verification.problems);
  }
  if (problems.length > 0) throw new BackupVerificationFailed(plan.backupId, problems);
};

const specOf = (name: 'events' | 'views'): TableSpec => tables[name];

let tablesClient: DynamoDBClient | undefined;
const control = () => {
  tablesClient ??= new DynamoDBClient({});
  return tablesClient;
};

const waitFor = async (client: DynamoDBClient, name: string, gone: boolean) => {
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
      if (!gone && Table?.TableStatus === 'ACTIVE') return;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      if (gone) return;
    }
    await new Promise((r) => setTimeout(r, attempt < 10 ? 100 : 1000));
  }
  throw new Error(`Table ${name} did not become ${gone ? 'deleted' : 'active'} in time`);
};

/**
 * Creates a new store's tables (events, views) named `<prefix>-events` and `<prefix>-views`.
 * Refuses names that exist: a restore never writes into tables it did not make.
 */
export const createRestoreTables = async (prefix: string): Promise<RestoreTarget> => {
  const client = control();
  const target = { eventsTable: `${prefix}-events`, viewsTable: `${prefix}-views` };
  const created: string[] = [];
  try {
    for (const [name, spec] of [
      [target.eventsTable, specOf('events')],
      [target.viewsTable, specOf('views')],
    ] as const) {
      try {
        await client.send(new CreateTableCommand(createTableInput(name, spec)));
      } catch (error) {
        if ((error as { name?: string }).name === 'ResourceInUseException')
          throw new RestoreRefused(`Table ${name} already exists: a restore only fills new, empty tables`);
        throw error;
      }
      created.push(name);
      await waitFor(client, name, false);
    }
  } catch (error) {
    // Leave nothing behind: only tables this call made are dropped, never one that was there.
    for (const name of created)
      await client.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
    throw error;
  }
  return target;
};

export const dropTables = async (target: RestoreTarget): Promise<void> => {
  const client = control();
  for (const name of [target.eventsTable, target.viewsTable]) {
    try {
      await client.send(new DeleteTableCommand({ TableName: name }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    await waitFor(client, name, true);
  }
};

/** Refuses a target store that holds anything: restore only ever fills an empty store. */
export const assertEmpty = async (target: RestoreTarget): Promise<void> => {
  for (const table of [target.eventsTable, target.viewsTable]) {
    const page = await dynamo().send(new ScanCommand({ TableName: table, Limit: 1 }));
    if ((page.Items?.length ?? 0) > 0) {
      throw new RestoreRefused(
        `The target store is not empty (${table} holds data); restore into an empty store`,
      );
    }
  }
};

/**
 * Writes items 25 to a request, `concurrency` requests at a time, retrying unprocessed items: into a
 * table by name, or through a write function (the event store's bulk import, for commits).
 */
export class BatchWriter<T = Record<string, unknown>> {
  private buffer: T[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown;
  written = 0;

  constructor(
    private readonly target: string | ((items: T[]) => Promise<void>),
    private readonly concurrency = 8,
  ) {}

  async put(item: T) {
    this.buffer.push(item);
    if (this.buffer.length >= 25) await this.dispatch();
  }

  private async dispatch() {
    if (this.failure) throw this.failure;
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length === 0) return;
    while (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
    const task = this.write(batch)
      .catch((error) => {
        this.failure ??= error;
      })
      .finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  private async write(items: T[]) {
    const table = this.target;
    if (typeof table === 'function') await table(items);
    else {
      let requests: Record<string, unknown>[] | undefined = items.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; requests && requests.length > 0; attempt++) {
        const result = await dynamo().send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
        requests = result.UnprocessedItems?.[table] as Record<string, unknown>[] | undefined;
        if (requests?.length) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      }
    }
    this.written += items.length;
  }

  async flush() {
    await this.dispatch();
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
  }
}

export interface RestoreResult extends ViewsDigest {
  commits: number;
  events: number;
}

/**
 * Writes the chain's commits up to `plan.at` into the target's events table (never marked for
 * publishing: they were published when first written), folds them into views as it goes, writes the
 * views, and digests the views as the target table holds them.
 */
export const loadChain = async (
  plan: RestorePlan,
  target: RestoreTarget,
  onProgress?: (progress: { commits: number; events: number }) => void,
): Promise<RestoreResult> => {
  const fold = new ViewsFold();
  const store = dynamoEventStore({ table: target.eventsTable });
  const events = new BatchWriter<StoredCommit>((commits) => store.importCommits(commits));
  const problems: string[] = [];
  const order: { lastWriteId?: string } = {};
  for (const { manifest } of plan.chain) {
    for (const part of manifest.parts) {
      // Parts follow the order commits were written in: a later part can still hold earlier commits
      // (imports), so each part is judged by its own earliest time.
      if ((part.earliestAt ?? part.firstAt) > plan.at) continue;
      await scanPart(manifest, part, { add: (p) => problems.push(p) }, order, async (commit, decoded) => {
        if (commit.committedAt > plan.at) return;
        fold.apply({ ...commit, events: decoded } as Commit);
        // As stored, but never marked for publishing again (a bulk import).
        await events.put({
          streamId: commit.streamId,
          version: commit.version,
          commitId: commit.commitId,
          committedAt: commit.committedAt,
          actorId: commit.actorId,
          correlationId: commit.correlationId,
          eventCount: commit.eventCount,
          events: JSON.stringify(commit.events),
        });
        if (fold.commits % 10_000 === 0) onProgress?.({ commits: fold.commits, events: fold.events });
      });
      if (problems.length > 0) throw new BackupVerificationFailed(manifest.id, problems);
    }
  }
  await events.flush();
  const views = new BatchWriter(target.viewsTable);
  // Each row with its search words, as a rebuild writes them (the digest reads the rows only).
  for (const row of fold.sorted()) for (const item of itemsOfRow(row as ViewRow)) await views.put(item);
  await views.flush();
  onProgress?.({ commits: fold.commits, events: fold.events });
  const folded = fold.digest();
  const stored = await digestViewsTable(target.viewsTable);
  if (stored.digest !== folded.digest) {
    throw new BackupError(
      `The restored views table holds ${stored.rows} rows (digest ${stored.digest}), not the ${folded.rows} rows written (digest ${folded.digest})`,
    );
  }
  return { ...stored, commits: fold.commits, events: fold.events };
};
