import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../adapters/clients.ts';
import { type ListIndex, listKeysOf } from '../adapters/list-index.ts';
import type { ViewRow } from '../adapters/views.ts';
import { config } from '../runtime/config.ts';

/**
 * Run records of backups, restores and exports: rows in the views table under their own partitions,
 * beside the read models, so the console lists them with the same paging. They are written by the
 * state machines' own tasks (as in AWS, where an execution's history is not a database) and are an
 * operational log: the backups themselves are the manifests in S3, the facts the `ops` events.
 */
export const OPS_VIEWS = {
  backups: 'ops-backups',
  restores: 'ops-restores',
  exports: 'ops-exports',
  /** The platform's own state: whether its data is in place yet (`readiness`). */
  system: 'ops-system',
} as const;
export type OpsView = (typeof OPS_VIEWS)[keyof typeof OPS_VIEWS];

/** The filters each run list offers, each answered by an index: a person's own exports. */
const OPS_FILTERS: Readonly<Record<OpsView, readonly string[]>> = {
  'ops-backups': [],
  'ops-restores': [],
  'ops-exports': ['requestedById'],
  'ops-system': [],
};
export const opsList = (view: OpsView): ListIndex => ({ view, filters: OPS_FILTERS[view] });

export const putRecord = async <S extends object>(view: OpsView, id: string, state: S): Promise<void> => {
  const now = new Date().toISOString();
  const row: ViewRow<S> = {
    ...listKeysOf(opsList(view), state),
    view,
    id,
    version: 1,
    eventCount: 0,
    state,
    search: '',
    createdAt: now,
    updatedAt: now,
    lastEventId: '',
  };
  await dynamo().send(new PutCommand({ TableName: config.viewsTable, Item: row }));
};

export const getRecord = async <S>(view: OpsView, id: string): Promise<S | undefined> => {
  const result = await dynamo().send(new GetCommand({ TableName: config.viewsTable, Key: { view, id } }));
  return (result.Item as ViewRow<S> | undefined)?.state;
};

/** Sets fields of a record's state (creating the record when it does not exist yet). */
export const patchRecord = async (
  view: OpsView,
  id: string,
  patch: Record<string, unknown>,
): Promise<void> => {
  const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
  const now = new Date().toISOString();
  const names: Record<string, string> = { '#state': 'state', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':now': now };
  const sets = entries.map(([key, value], i) => {
    names[`#k${i}`] = key;
    values[`:v${i}`] = value;
    return `#state.#k${i} = :v${i}`;
  });
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: config.viewsTable,
        Key: { view, id },
        UpdateExpression: `SET ${[...sets, '#updatedAt = :now', '#version = #version + :one'].join(', ')}`,
        ConditionExpression: 'attribute_exists(#state)',
        ExpressionAttributeNames: { ...names, '#version': 'version' },
        ExpressionAttributeValues: { ...values, ':one': 1 },
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    await putRecord(view, id, Object.fromEntries(entries));
  }
};
