import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../adapters/clients.ts';
import { config } from '../runtime/config.ts';

/**
 * What the detection rules remember: one item per event, keyed by its time and id in a partition per
 * kind and subject, so a duplicate delivery rewrites the same item and a window is one range query.
 * Items expire (`expiresAt`) once no rule looks that far back.
 */
export interface StoredFact {
  eventId: string;
  at: number;
  [field: string]: string | number;
}

const iso = (ms: number) => new Date(ms).toISOString();

export const putFact = async (partition: string, fact: StoredFact, keepMs: number): Promise<void> => {
  await dynamo().send(
    new PutCommand({
      TableName: config.auditTable,
      // One JSON attribute: fact fields must never collide with the table's index keys (`who`, `at`).
      Item: {
        pk: `fact#${partition}`,
        sk: `${iso(fact.at)}#${fact.eventId}`,
        fact: JSON.stringify(fact),
        expiresAt: Math.ceil((fact.at + keepMs) / 1000),
      },
    }),
  );
};

/** Facts with from < at <= to, oldest first (at most `max`, the newest kept). */
export const factsBetween = async (
  partition: string,
  from: number,
  to: number,
  max = 5_000,
): Promise<StoredFact[]> => {
  const facts: StoredFact[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: config.auditTable,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': `fact#${partition}`,
          ':from': iso(from),
          ':to': `${iso(to)}\uffff`,
        },
        ScanIndexForward: false,
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const fact = JSON.parse(String(item.fact)) as StoredFact;
      if (fact.at > from && fact.at <= to) facts.push(fact);
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey && facts.length < max);
  return facts.reverse();
};
