/** The DynamoDB tables, their keys and indexes: read by both clouds and by the event store's queries. */
export type TableName = 'events' | 'views' | 'idempotency';

export const TIME_INDEX = 'byTime';
export const OUTBOX_INDEX = 'outbox';

export interface TableSpec {
  partitionKey: { name: string; type: 'S' | 'N' };
  sortKey?: { name: string; type: 'S' | 'N' };
  indexes: {
    name: string;
    partitionKey: { name: string; type: 'S' };
    sortKey: { name: string; type: 'S' };
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
    ],
    env: 'EVENTS_TABLE',
  },
  views: {
    partitionKey: { name: 'view', type: 'S' },
    sortKey: { name: 'id', type: 'S' },
    indexes: [],
    env: 'VIEWS_TABLE',
  },
  idempotency: {
    partitionKey: { name: 'key', type: 'S' },
    indexes: [],
    ttlAttribute: 'expiresAt',
    env: 'IDEMPOTENCY_TABLE',
  },
};
