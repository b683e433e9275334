import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createTableInput, type TableSpec } from '../../functions/tables.ts';

const describe = async (client: DynamoDBClient, name: string): Promise<TableDescription | undefined> => {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
};

const missingIndexes = (table: TableDescription, spec: TableSpec) =>
  spec.indexes.filter((i) => !table.GlobalSecondaryIndexes?.some((g) => g.IndexName === i.name));

const create = async (client: DynamoDBClient, name: string, spec: TableSpec) => {
  await client.send(new CreateTableCommand(createTableInput(name, spec)));
  // dynalite answers CreateTable while the table is still CREATING (and unknown to reads); wait until
  // it is ACTIVE so the first read after start-up cannot miss it.
  for (let attempt = 0; attempt < 1000; attempt++) {
    if ((await describe(client, name))?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/** Deletes a table and waits until it is gone: dynalite answers while it is still DELETING. */
export const drop = async (client: DynamoDBClient, name: string) => {
  await client.send(new DeleteTableCommand({ TableName: name })).catch((error: unknown) => {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  });
  for (let attempt = 0; attempt < 1000 && (await describe(client, name)); attempt++)
    await new Promise((resolve) => setTimeout(resolve, 10));
};

/** Copies every item, 25 to a batch; puts are idempotent, so a copy cut short can simply run again. */
const copy = async (client: DynamoDBClient, from: string, to: string) => {
  const documents = DynamoDBDocumentClient.from(client);
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: from, ExclusiveStartKey }));
    const items = page.Items ?? [];
    for (let i = 0; i < items.length; i += 25) {
      let requests: Record<string, unknown>[] | undefined = items
        .slice(i, i + 25)
        .map((Item) => ({ PutRequest: { Item } }));
      while (requests && requests.length > 0) {
        const result = await documents.send(new BatchWriteCommand({ RequestItems: { [to]: requests } }));
        requests = result.UnprocessedItems?.[to] as Record<string, unknown>[] | undefined;
      }
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
};

/**
 * Gives a table of an older data dir the indexes its spec has since gained. dynalite cannot add an
 * index to a table (UpdateTable has no index creation), so the items move through a side table into a
 * new one. Each step can be cut short and rerun: the side table exists exactly while it holds the copy
 * the new table is filled from.
 */
const addIndexes = async (client: DynamoDBClient, name: string, spec: TableSpec) => {
  const side = `${name}-reindex`;
  const current = await describe(client, name);
  if (current && missingIndexes(current, spec).length > 0) {
    await drop(client, side);
    await create(client, side, spec);
    await copy(client, name, side);
    await drop(client, name);
  }
  if (!(await describe(client, name))) await create(client, name, spec);
  await copy(client, side, name);
  await drop(client, side);
};

/**
 * Creates the table unless it exists (a restart keeps the data dir's tables); a table that lacks an
 * index its spec names (made by an older version) is rebuilt with it, its items kept.
 */
export const ensureTable = async (
  client: DynamoDBClient,
  name: string,
  spec: TableSpec,
): Promise<'created' | 'exists' | 'reindexed'> => {
  const existing = await describe(client, name);
  const interrupted = await describe(client, `${name}-reindex`);
  if (existing && !interrupted && missingIndexes(existing, spec).length === 0) return 'exists';
  if (existing || interrupted) {
    await addIndexes(client, name, spec);
    return 'reindexed';
  }
  await create(client, name, spec);
  return 'created';
};

/** Whether an existing table lacks an index its spec names (a data dir from an older version). */
export const lacksIndexes = async (
  client: DynamoDBClient,
  name: string,
  spec: TableSpec,
): Promise<boolean> => {
  const table = await describe(client, name);
  return table !== undefined && missingIndexes(table, spec).length > 0;
};
