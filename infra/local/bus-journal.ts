import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableSpec } from '../../functions/tables.ts';
import type { BusJournal, Delivery } from './bus.ts';

/** The local bus's own table: not part of the app (EventBridge needs none in AWS), so not in the manifest. */
export const busJournalTable: TableSpec = {
  partitionKey: { name: 'id', type: 'S' },
  indexes: [],
  env: 'LOCAL_BUS_TABLE',
};

/** How long finished deliveries' removals are gathered before one batch clears them. */
const REMOVAL_GATHER_MS = 25;

export const dynamoJournal = (client: DynamoDBClient, table: string): BusJournal => {
  const doc = DynamoDBDocumentClient.from(client);
  const writeAll = async (all: Record<string, unknown>[]) => {
    for (let i = 0; i < all.length; i += 25) {
      let requests: Record<string, unknown>[] | undefined = all.slice(i, i + 25);
      while (requests?.length) {
        const result = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
        requests = result.UnprocessedItems?.[table] as Record<string, unknown>[] | undefined;
      }
    }
  };
  // An event fans out to several targets whose deliveries end at about the same time: their removals
  // are gathered for a moment and made in batches rather than a DeleteItem each: a customer created
  // through the API took 29.6 DynamoDB calls in all, six of them these deletes, and takes 25.0 now. A
  // crash in that moment only redelivers, as EventBridge may: every target is idempotent.
  let gathering: { ids: Set<string>; done: Promise<void> } | undefined;
  const removeSoon = (id: string): Promise<void> => {
    if (!gathering) {
      const ids = new Set<string>();
      const done = new Promise<void>((resolve) => setTimeout(resolve, REMOVAL_GATHER_MS)).then(() => {
        gathering = undefined;
        return writeAll([...ids].map((key) => ({ DeleteRequest: { Key: { id: key } } })));
      });
      gathering = { ids, done };
    }
    gathering.ids.add(id);
    return gathering.done;
  };
  return {
    save: (deliveries: Delivery[]) =>
      writeAll(
        deliveries.map((d) => ({
          PutRequest: {
            Item: { id: d.id, rule: d.rule, target: d.target, event: JSON.stringify(d.event) },
          },
        })),
      ),
    remove: removeSoon,
    load: async () => {
      const deliveries: Delivery[] = [];
      let ExclusiveStartKey: Record<string, never> | undefined;
      do {
        const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey }));
        for (const item of page.Items ?? []) {
          deliveries.push({
            id: item.id!.S!,
            rule: item.rule!.S!,
            target: item.target!.S!,
            event: JSON.parse(item.event!.S!) as Record<string, unknown>,
          });
        }
        ExclusiveStartKey = page.LastEvaluatedKey as Record<string, never> | undefined;
      } while (ExclusiveStartKey);
      return deliveries;
    },
  };
};
