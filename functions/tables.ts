import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { env } from './runtime/env.ts';

/** The DynamoDB tables, their keys and indexes: read by both clouds and by the event store's queries. */
export type TableName = 'events' | 'views' | 'idempotency' | 'audit' | 'credentials';

export const TIME_INDEX = 'byTime';
export const OUTBOX_INDEX = 'outbox';
/** Commits written after their own time (imports), by when they were written: backups find them here. */
export const WRITE_INDEX = 'byWrite';

/**
 * List filters of the views table (functions/adapters/list-index.ts): a view names at most
 * `MAX_LIST_FILTERS` filters, and each non-empty combination of them (a bitmask over the view's filter
 * order, 1 to 2^n - 1) has its own sparse index, keyed by the row's `lk<mask>` attribute and sorted by id.
 * DynamoDB keeps a row's index entries with the row itself, so a filtered list is one key-conditioned
 * query (then a read of its rows by key) that returns full pages, and a record that changes stage moves
 * between lists in the same write.
 */
export const MAX_LIST_FILTERS = 3;
export const LIST_SLOTS = 2 ** MAX_LIST_FILTERS - 1;
export const listIndexName = (slot: number) => `list${slot}`;
export const listKeyAttribute = (slot: number) => `lk${slot}`;
/** Audit log search (functions/audit/search.ts): entries by actor, record, event type and day. */
export const AUDIT_INDEXES = {
  who: 'auditByWho',
  stream: 'auditByStream',
  type: 'auditByType',
  day: 'auditByDay',
} as const;

export interface TableSpec {
  partitionKey: { name: string; type: 'S' | 'N' };
  sortKey?: { name: string; type: 'S' | 'N' };
  indexes: {
    name: string;
    partitionKey: { name: string; type: 'S' };
    sortKey: { name: string; type: 'S' };
    /** What the index copies of each item: all of it (the default), or only the keys. */
    projection?: 'ALL' | 'KEYS_ONLY';
  }[];
  /** Attribute holding an epoch-seconds expiry, when the table has one. */
  ttlAttribute?: string;
  /** The environment variable functions find the table's name in. */
  env: string;
}

export const tables: Record<TableName, TableSpec> = {
  events: {
    partitionKey: { name: 'streamId', type: 'S' },
    sortKey: { name: 'version', type: 'N' },
    indexes: [
      {
        name: TIME_INDEX,
        partitionKey: { name: 'bucket', type: 'S' },
        sortKey: { name: 'commitId', type: 'S' },
      },
      {
        name: OUTBOX_INDEX,
        partitionKey: { name: 'pending', type: 'S' },
        sortKey: { name: 'commitId', type: 'S' },
      },
      {
        name: WRITE_INDEX,
        partitionKey: { name: 'writeBucket', type: 'S' },
        sortKey: { name: 'writeId', type: 'S' },
      },
    ],
    env: env.EVENTS_TABLE,
  },
  views: {
    partitionKey: { name: 'view', type: 'S' },
    sortKey: { name: 'id', type: 'S' },
    indexes: Array.from({ length: LIST_SLOTS }, (_, i) => ({
      name: listIndexName(i + 1),
      partitionKey: { name: listKeyAttribute(i + 1), type: 'S' as const },
      sortKey: { name: 'id', type: 'S' as const },
      // Keys only: a row is in up to seven lists, and copying it whole into each would multiply the
      // table's writes and storage; a list page reads its rows by key after the index query.
      projection: 'KEYS_ONLY' as const,
    })),
    // Only the activity feed's items carry it (functions/adapters/activity-feed.ts): rows never expire.
    ttlAttribute: 'expiresAt',
    env: env.VIEWS_TABLE,
  },
  idempotency: {
    partitionKey: { name: 'key', type: 'S' },
    indexes: [],
    ttlAttribute: 'expiresAt',
    env: env.IDEMPOTENCY_TABLE,
  },
  /**
   * The hash-chained audit log and the security feature's state (see functions/audit/store.ts): chain
   * entries, their event-id markers, digests, detection facts and sign-in throttles. Entries never
   * expire; facts and throttles carry `expiresAt`.
   */
  audit: {
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    indexes: [
      {
        name: AUDIT_INDEXES.who,
        partitionKey: { name: 'who', type: 'S' },
        sortKey: { name: 'at', type: 'S' },
      },
      {
        name: AUDIT_INDEXES.stream,
        partitionKey: { name: 'stream', type: 'S' },
        sortKey: { name: 'at', type: 'S' },
      },
      {
        name: AUDIT_INDEXES.type,
        partitionKey: { name: 'etype', type: 'S' },
        sortKey: { name: 'at', type: 'S' },
      },
      {
        name: AUDIT_INDEXES.day,
        partitionKey: { name: 'day', type: 'S' },
        sortKey: { name: 'at', type: 'S' },
      },
    ],
    ttlAttribute: 'expiresAt',
    env: env.AUDIT_TABLE,
  },
  /**
   * Integrations' credentials, each sealed with the AWS Encryption SDK (functions/adapters/credentials.ts):
   * one item per integration and credential slot (`signingSecret`, `signingSecret#previous`, `apiKey`).
   * Not derived from events (events carry only a fingerprint), so not in the event-store backups.
   */
  credentials: {
    partitionKey: { name: 'integrationId', type: 'S' },
    sortKey: { name: 'slot', type: 'S' },
    indexes: [],
    env: env.CREDENTIALS_TABLE,
  },
};

/**
 * The CreateTable input for a table of the manifest under a given name: the keys and indexes the CDK app
 * deploys. The local cloud creates its tables with it, and a restore creates its new tables with it.
 */
export const createTableInput = (name: string, spec: TableSpec): CreateTableCommandInput => {
  const attributes = new Map<string, 'S' | 'N'>();
  const keys = [spec.partitionKey, spec.sortKey, ...spec.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  for (const key of keys) if (key) attributes.set(key.name, key.type);
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType,
    })),
    KeySchema: [
      { AttributeName: spec.partitionKey.name, KeyType: 'HASH' },
      ...(spec.sortKey ? [{ AttributeName: spec.sortKey.name, KeyType: 'RANGE' as const }] : []),
    ],
    GlobalSecondaryIndexes: spec.indexes.length
      ? spec.indexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
            { AttributeName: index.sortKey.name, KeyType: 'RANGE' as const },
          ],
          Projection: { ProjectionType: index.projection ?? 'ALL' },
        }))
      : undefined,
  };
};
