import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tables } from '../../../functions/tables.ts';
import { startDynamo } from '../../../infra/local/services.ts';
import { drop, ensureTable } from '../../../infra/local/tables.ts';
import { created, customer, ifMatch, model } from '../../functions/api/fixtures.ts';
import { apiAs, type Json, signedIn, signIn, startTestCloud } from '../../support/cloud.ts';
import { startPlatform } from '../../support/platform.ts';

/**
 * `npm start` on a data dir written before the views table had its list indexes: dynalite cannot add
 * them, so the start makes the table again, and the lists answer filters and searches in full pages
 * from the rows the data dir held.
 */
const work = mkdtempSync(join(tmpdir(), 'firefly-views-upgrade-'));
const VIEWS = 'firefly-views';
const orders: Json[] = [];
let modelWord = '';

beforeAll(async () => {
  const cloud = await startTestCloud({ dataDir: work });
  try {
    const owner = await signedIn(cloud, 'owner');
    const nest = await model(owner);
    modelWord = String(nest.name).split(' ')[1]!.toLowerCase();
    const buyer = await customer(owner);
    for (let i = 0; i < 9; i++) {
      const order = created(
        await owner.post('/api/orders', { customerId: buyer.id, modelId: nest.id, optionCodes: [] }),
      );
      orders.push(
        i % 3 === 0
          ? created(
              await owner.post(
                `/api/orders/${order.id}/deposit`,
                { amountCents: 600_000, method: 'wire' },
                ifMatch(order),
              ),
              200,
            )
          : order,
      );
    }
    await cloud.settle();
  } finally {
    await cloud.stop();
  }
  // The views table as an older version left it: no indexes, rows without list keys, no word index.
  const dynamo = await startDynamo(join(work, 'dynamodb'));
  try {
    const client = new DynamoDBClient({ endpoint: dynamo.url, region: 'us-east-1' });
    const doc = DynamoDBDocumentClient.from(client);
    const rows = ((await doc.send(new ScanCommand({ TableName: VIEWS }))).Items ?? []).filter(
      (item) => !String(item.view).endsWith('#words'),
    );
    await drop(client, VIEWS);
    await ensureTable(client, VIEWS, { ...tables.views, indexes: [] });
    for (const row of rows) {
      const old = Object.fromEntries(Object.entries(row).filter(([name]) => !/^lk\d+$/.test(name)));
      await doc.send(new PutCommand({ TableName: VIEWS, Item: old }));
    }
  } finally {
    await dynamo.stop();
  }
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a data dir from before the list indexes', () => {
  it('gets its views table made again on start, with full filtered and searched pages', async () => {
    const platform = await startPlatform({ DATA_DIR: work, SEED: 'none' });
    try {
      expect(platform.output()).toContain('Recreating the views table with its list indexes');
      const owner = apiAs(platform, (await signIn(platform, 'owner')).idToken);
      const paid = await owner.get('/api/orders?stage=deposit_paid&limit=2');
      expect((paid.body as Json).items?.map((o) => o.id)).toEqual(
        orders
          .filter((o) => o.stage === 'deposit_paid')
          .map((o) => o.id)
          .toReversed()
          .slice(0, 2),
      );
      const searched = await owner.get(`/api/orders?search=${modelWord}&limit=100`);
      expect((searched.body as Json).items).toHaveLength(orders.length);
    } finally {
      await platform.stop();
    }
  });
});
