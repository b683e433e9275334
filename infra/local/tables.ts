import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import type { TableSpec } from '../../functions/tables.ts';

/** The CreateTable input for a table of the manifest: the same keys and indexes the CDK app deploys. */
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
          Projection: { ProjectionType: 'ALL' as const },
        }))
      : undefined,
  };
};

/** Creates the table unless it exists (a restart keeps the data dir's tables). */
export const ensureTable = async (
  client: DynamoDBClient,
  name: string,
  spec: TableSpec,
): Promise<'created' | 'exists'> => {
  try {
    await client.send(new DescribeTableCommand({ TableName: name }));
    return 'exists';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(new CreateTableCommand(createTableInput(name, spec)));
  // dynalite answers CreateTable while the table is still CREATING (and unknown to reads); wait until
  // it is ACTIVE so the first read after start-up cannot miss it.
  for (let attempt = 0; attempt < 200; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    if (Table?.TableStatus === 'ACTIVE') break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return 'created';
};
