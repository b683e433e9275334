import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/adapters/clients.ts';
import type { ViewRow } from '../../functions/adapters/views.ts';
import { aggregateOfView } from '../../functions/application/aggregates.ts';
import { load } from '../../functions/application/command.ts';
import { rebuildViews } from '../../functions/projections/project.ts';
import { config } from '../../functions/runtime/config.ts';
import { generateHistory } from '../../infra/local/demo/history.ts';
import { importHistory } from '../../infra/local/demo/import.ts';
import { type Api, signedIn, startTestCloud, type TestCloud } from '../support/cloud.ts';

let cloud: TestCloud;
let owner: Api;

/** Every read-model row of the aggregate views, in a stable order. */
const rows = async (): Promise<ViewRow[]> => {
  const found: ViewRow[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new ScanCommand({ TableName: config.viewsTable, ExclusiveStartKey }));
    found.push(...((page.Items ?? []) as ViewRow[]).filter((r) => aggregateOfView(r.view)));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return found.sort((a, b) => `${a.view}/${a.id}`.localeCompare(`${b.view}/${b.id}`));
};

const wipe = async (doomed: readonly ViewRow[]) => {
  for (let i = 0; i < doomed.length; i += 25) {
    const batch = doomed
      .slice(i, i + 25)
      .map((r) => ({ DeleteRequest: { Key: { view: r.view, id: r.id } } }));
    await dynamo().send(new BatchWriteCommand({ RequestItems: { [config.viewsTable]: batch } }));
  }
};

beforeAll(async () => {
  cloud = await startTestCloud();
  const history = await generateHistory({ seed: 'rebuild', end: new Date(), years: 1, scale: 0.02 });
  await importHistory(history.commits);
  await rebuildViews();
  owner = await signedIn(cloud, 'owner');
});
afterAll(() => cloud?.stop());

describe('rebuilding the read models', () => {
  it('gives the same rows as the live projection, after a bulk import and live changes on top', async () => {
    // Live changes, projected one event at a time through the outbox, the bus and the projector.
    const lead = await owner.post('/api/leads', {
      name: 'Rae Rebuild',
      email: 'rae@example.com',
      channel: 'show',
    });
    expect(lead.status).toBe(201);
    await owner.post(`/api/leads/${lead.body.id}/contacts`, { method: 'phone', summary: 'Called back' });
    const model = await owner.get('/api/models/nest-20');
    const repriced = await owner.post(
      '/api/models/nest-20/price',
      { basePriceCents: 7_777_700 },
      { 'if-match': `"${model.body.version}"` },
    );
    expect(repriced.status).toBe(200);
    const item = await owner.get('/api/items/lumber');
    expect(
      (
        await owner.post(
          '/api/items/lumber/adjustments',
          { delta: 3, reason: 'found' },
          { 'if-match': `"${item.body.version}"` },
        )
      ).status,
    ).toBe(200);
    await cloud.settle();

    const live = await rows();
    expect(live.length).toBeGreaterThan(100);
    expect(live.find((r) => r.view === 'models' && r.id === 'nest-20')?.state).toMatchObject({
      basePriceCents: 7_777_700,
    });
    await wipe(live);
    expect(await rows()).toEqual([]);
    const rebuilt = await rebuildViews();
    expect(rebuilt.rows).toBe(live.length);
    expect(await rows()).toEqual(live);
  });

  it('holds in every row exactly its stream folded by its decider', async () => {
    for (const row of await rows()) {
      const aggregate = aggregateOfView(row.view)!;
      const loaded = await load(aggregate.decider, aggregate.stream(row.id));
      expect({ id: row.id, state: row.state, version: row.version }).toEqual({
        id: row.id,
        state: JSON.parse(JSON.stringify(loaded.state)),
        version: loaded.version,
      });
    }
  });
});
