import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableSpec } from '../../functions/tables.ts';
import type { BusJournal, Delivery } from './bus.ts';

/** The local bus's own table: not part of the app (EventBridge needs none in AWS), so not in the manifest. */
export const busJournalTable: TableSpec = {
  partitionKey: { name: 'id', type: 'S' },
  indexes: [],
  env: 'LOCAL_BUS_TABLE',
};

export const dynamoJournal = (client: DynamoDBClient, table: string): BusJournal => {
  const doc = DynamoDBDocumentClient.from(client);
  return {
    save: async (deliveries: Delivery[]) => {
      for (let i = 0; i < deliveries.length; i += 25) {
        let requests: Record<string, unknown>[] | undefined = deliveries.slice(i, i + 25).map((d) => ({
          PutRequest: {
            Item: { id: d.id, rule: d.rule, target: d.target, event: JSON.stringify(d.event) },
          },
        }));
        while (requests?.length) {
          const result = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
          requests = result.UnprocessedItems?.[table] as Record<string, unknown>[] | undefined;
        }
      }
    },
    remove: async (id: string) => {
      await doc.send(new DeleteCommand({ TableName: table, Key: { id } }));
    },
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
