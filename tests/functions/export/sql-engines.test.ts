import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../support/cloud.ts';
import { type Postgres, sqlite, startPostgres } from '../../support/sql-engines.ts';

/** SQL exports load into the real engines people use: the sqlite3 program and a PostgreSQL server. */
let cloud: TestCloud;
let owner: Api;
let postgres: Postgres;

const TRICKY = 'Zoë "Z" O\'Neil, Jr.\nof Ærøskøbing; =1+1 \\ back';

const sqlExport = async (source: Record<string, unknown>) => {
  const started = await owner.post('/api/exports', { source, format: 'sql' });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  const execution = await cloud.stepFunctions.wait(started.body.executionArn as string);
  expect(execution.status, execution.cause).toBe('SUCCEEDED');
  const done = await owner.get(`/api/exports/${started.body.id}`);
  const download = done.body.download as { url: string };
  return Buffer.from(await (await fetch(download.url)).arrayBuffer()).toString('utf8');
};

beforeAll(async () => {
  postgres = startPostgres();
  cloud = await startTestCloud();
  owner = await signedIn(cloud, 'owner');
  await owner.post('/api/customers', { name: TRICKY, email: 'zoe@example.com', phone: '+1 555 0100' });
  await owner.post('/api/customers', { name: 'Ada', email: 'ada@example.com', marketingConsent: true });
  await cloud.settle();
}, 120_000);
afterAll(async () => {
  await cloud?.stop();
  postgres?.stop();
});

describe('SQL exports in SQLite and PostgreSQL', () => {
  it('load a collection with the same rows and values in both engines', async () => {
    const sql = await sqlExport({ kind: 'view', view: 'customers' });
    const query = 'SELECT id, name, "marketingConsent", version FROM customers ORDER BY name';
    const inSqlite = sqlite(sql, query);
    const inPostgres = postgres.load(sql, query);
    const api = ((await owner.get('/api/customers?limit=100')).body.items as Json[]).sort((a, b) =>
      String(a.name).localeCompare(String(b.name)),
    );
    expect(inSqlite.map((r) => r.name)).toEqual(['Ada', TRICKY]);
    expect(inPostgres.map((r) => r.name)).toEqual(inSqlite.map((r) => r.name));
    expect(inPostgres.map((r) => r.marketingConsent)).toEqual(api.map((c) => c.marketingConsent));
    expect(inSqlite.map((r) => r.marketingConsent)).toEqual(api.map((c) => (c.marketingConsent ? 1 : 0)));
    expect(inPostgres.map((r) => r.version)).toEqual(api.map((c) => c.version));
  });

  it('load an export that matches no rows: an empty table with its columns, not CREATE TABLE ( )', async () => {
    const sql = await sqlExport({ kind: 'view', view: 'customers', search: 'nobody by this name' });
    expect(sql).not.toMatch(/CREATE TABLE "customers" \(\s*\)/);
    expect(sqlite(sql, 'SELECT count(*) AS n FROM customers')).toEqual([{ n: 0 }]);
    expect(postgres.load(sql, 'SELECT count(*)::int AS n FROM customers')).toEqual([{ n: 0 }]);
    const empty = await sqlExport({ kind: 'view', view: 'campaigns' });
    expect(postgres.load(empty, 'SELECT count(*)::int AS n FROM campaigns')).toEqual([{ n: 0 }]);
  });

  it('load the event stream flattened into a table', async () => {
    const sql = await sqlExport({ kind: 'events', types: ['CustomerRegistered'] });
    const query = 'SELECT type, "actorEmail" FROM events';
    expect(sqlite(sql, query)).toHaveLength(2);
    expect(postgres.load(sql, query)).toEqual(sqlite(sql, query));
  });
});
