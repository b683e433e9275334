import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../functions/adapters/clients.ts';
import { type ListIndex, listKeysOf } from '../../functions/adapters/list-index.ts';
import { putRows, type ViewRow } from '../../functions/adapters/views.ts';
import { aggregateOfView } from '../../functions/application/aggregates.ts';
import { OPS_VIEWS, type OpsView, opsList } from '../../functions/backup/records.ts';
import { INBOX } from '../../functions/notifications/inbox.ts';
import { INCIDENT_LIST } from '../../functions/security/alerts.ts';
import type { TableSpec } from '../../functions/tables.ts';
import { drop, ensureTable } from './tables.ts';

/**
 * Every list of the views table by its view: the business records', the security events', the
 * notification inboxes' and the runs'.
 */
const listOf = (view: string): ListIndex | undefined =>
  aggregateOfView(view) ??
  (view === INCIDENT_LIST.view ? INCIDENT_LIST : undefined) ??
  (view === INBOX.view ? INBOX : undefined) ??
  (Object.values(OPS_VIEWS).includes(view as OpsView) ? opsList(view as OpsView) : undefined);

/**
 * Gives a views table from before its list indexes (an older data dir) the table the manifest
 * describes. dynalite's UpdateTable creates no index, so the rows are read out, the table is made
 * again, and each row is written back with its list keys and search words computed afresh; rows of
 * no known list (the overview snapshot) go back as they were. Returns the rows kept.
 */
export const recreateViewsTable = async (
  client: DynamoDBClient,
  name: string,
  spec: TableSpec,
): Promise<number> => {
  const rows: ViewRow[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new ScanCommand({ TableName: name, ExclusiveStartKey }));
    rows.push(...((page.Items ?? []) as ViewRow[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  // dynalite answers DeleteTable while the table is still DELETING; drop waits until it is gone.
  await drop(client, name);
  await ensureTable(client, name, spec);
  const kept = rows
    .filter((row) => !row.view.endsWith('#words'))
    .map((row) => {
      const list = listOf(row.view);
      const fields = Object.fromEntries(Object.entries(row).filter(([key]) => !/^lk\d+$/.test(key)));
      return { ...fields, ...(list ? listKeysOf(list, row.state) : {}) } as ViewRow;
    });
  // Rows without search text (runs, snapshots) get no words; putRows writes those of the others.
  await putRows(kept.map((row) => ({ ...row, search: row.search ?? '' })));
  return kept.length;
};
