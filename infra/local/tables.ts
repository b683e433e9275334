import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { createTableInput, type TableSpec } from '../../functions/tables.ts';

/**
 * Creates the table unless it exists (a restart keeps the data dir's tables). An existing table whose
 * indexes are not the spec's (made by an older version) is `outdated`: dynalite cannot add indexes.
 */
export const ensureTable = async (
  client: DynamoDBClient,
  name: string,
  spec: TableSpec,
): Promise<'created' | 'exists' | 'outdated'> => {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    const have = (Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).toSorted();
    const want = spec.indexes.map((i) => i.name).toSorted();
    return have.join() === want.join() ? 'exists' : 'outdated';
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
