import { createHash } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formulaSafe } from '../../../functions/export/cells.ts';
import { readPermissionOf } from '../../../functions/export/sources.ts';
import { httpRoutes } from '../../../functions/manifest.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../support/cloud.ts';

let cloud: TestCloud;
let owner: Api;
let analyst: Api;
let customers: Json[];
let models: Json[];

const TRICKY = 'Zoë "Z" O\'Neil, Jr.\nof Ærøskøbing; =1+1';

const exportNow = async (api: Api, body: Record<string, unknown>) => {
  const started = await api.post('/api/exports', body);
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  expect(started.body).toMatchObject({ status: 'queued' });
  const execution = await cloud.stepFunctions.wait(started.body.executionArn as string);
  expect(execution.status, execution.cause).toBe('SUCCEEDED');
  const done = await api.get(`/api/exports/${started.body.id}`);
  expect(done.body.status).toBe('completed');
  const download = done.body.download as { url: string; manifestUrl: string; expiresAt: string };
  const file = Buffer.from(await (await fetch(download.url)).arrayBuffer());
  const manifest = (await (await fetch(download.manifestUrl)).json()) as Json;
  return { record: done.body, file, manifest };
};

/** The API's view of a collection: what every export of it must hold. */
const listed = async (path: string) => (await owner.get(`${path}?limit=100`)).body.items!;

beforeAll(async () => {
  cloud = await startTestCloud();
  owner = await signedIn(cloud, 'owner');
  analyst = await signedIn(cloud, 'analyst');
  await owner.post('/api/customers', { name: TRICKY, email: 'zoe@example.com', phone: '+1 555 0100' });
  for (let i = 0; i < 11; i++) {
    await owner.post('/api/customers', {
      name: `Customer ${i}`,
      email: `c${i}@example.com`,
      marketingConsent: i % 2 === 0,
    });
  }
  await owner.post('/api/models', {
    name: 'Nest 20',
    basePriceCents: 5_000_000,
    options: [{ code: 'solar', name: 'Solar', priceCents: 800_000 }],
  });
  await owner.post('/api/models', { name: 'Glow 24', basePriceCents: 8_900_000 });
  await cloud.settle();
  // Exports hold the records as the API shows them, less `actions`: what the caller may do is not data.
  customers = (await listed('/api/customers')).map(withoutActions);
  models = (await listed('/api/models')).map(withoutActions);
});
afterAll(() => cloud?.stop());

function withoutActions({ actions: _, ...record }: Json): Json {
  return record;
}

const byId = (rows: Json[]) => new Map(rows.map((r) => [r.id, r]));

describe('exports of a record collection', () => {
  it('JSON: the records as the API shows them, with a provenance manifest beside the file', async () => {
    const { record, file, manifest } = await exportNow(owner, {
      source: { kind: 'view', view: 'customers' },
      format: 'json',
    });
    const rows = JSON.parse(file.toString('utf8')) as Json[];
    expect(rows).toHaveLength(customers.length);
    expect(byId(rows)).toEqual(byId(customers));
    expect(record).toMatchObject({
      rows: customers.length,
      bytes: file.length,
      requestedBy: 'owner@firefly.example',
    });
    expect(manifest).toMatchObject({
      format: 'firefly-export/1',
      id: record.id,
      source: { kind: 'view', view: 'customers' },
      fileFormat: 'json',
      compression: 'none',
      rows: customers.length,
      bytes: file.length,
      sha256: createHash('sha256').update(file).digest('hex'),
      requestedBy: { email: 'owner@firefly.example', role: 'owner' },
      completedAt: expect.any(String),
    });
    // Who exported what is a fact in the event store, with the exporter as its actor.
    const facts = await owner.get(`/api/history/export-${record.id}`);
    expect(facts.body.events).toMatchObject([
      { type: 'ExportCreated', actor: { email: 'owner@firefly.example' }, data: { rows: customers.length } },
    ]);
  });

  it('CSV (gzipped): every row and field back, quotes, commas, newlines and accents intact', async () => {
    const { file, manifest } = await exportNow(analyst, {
      source: { kind: 'view', view: 'customers' },
      format: 'csv',
      compression: 'gzip',
    });
    expect(manifest).toMatchObject({ compression: 'gzip', requestedBy: { role: 'analyst' } });
    const text = gunzipSync(file);
    expect(createHash('sha256').update(text).digest('hex')).toBe(manifest.contentSha256);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(customers.length);
    const columns = (manifest.columns as { name: string }[]).map((c) => c.name);
    expect(Object.keys(rows[0]!)).toEqual(columns);
    expect(columns[0]).toBe('id');
    const api = byId(customers);
    for (const row of rows) {
      const expected = api.get(row.id)!;
      expect(row.name).toBe(expected.name);
      expect(row.email).toBe(expected.email);
      // Spreadsheet-formula text (here a phone number starting with +) is neutralised (cells.ts).
      expect(row.phone).toBe(formulaSafe((expected.phone as string | undefined) ?? ''));
      expect(row.marketingConsent).toBe(String(expected.marketingConsent));
      expect(Number(row.version)).toBe(expected.version);
    }
    expect(rows.some((r) => r.name === TRICKY)).toBe(true);
  });

  it('XLSX: a sheet with a header row and one row per record, nested values as JSON', async () => {
    const { file, record } = await exportNow(owner, {
      source: { kind: 'view', view: 'models' },
      format: 'xlsx',
    });
    expect(record.fileName).toMatch(/^models-\d{8}T\d{6}Z\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('models');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(sheet.rowCount).toBe(models.length + 1);
    const rows = Array.from({ length: models.length }, (_, i) => {
      const values = (sheet.getRow(i + 2).values as unknown[]).slice(1);
      return Object.fromEntries(header.map((name, c) => [name as string, values[c]]));
    });
    const api = byId(models);
    for (const row of rows) {
      const expected = api.get(row.id)!;
      expect(row.name).toBe(expected.name);
      expect(row.basePriceCents).toBe(expected.basePriceCents);
      expect(JSON.parse(row.options as string)).toEqual(expected.options);
    }
  });

  it('SQL: CREATE TABLE and INSERTs that load into SQLite (and PostgreSQL), values typed', async () => {
    const { file, manifest } = await exportNow(owner, {
      source: { kind: 'view', view: 'customers' },
      format: 'sql',
    });
    const sql = file.toString('utf8');
    expect(sql).toMatch(/^-- Firefly export /);
    expect(sql).toContain('CREATE TABLE "customers" (');
    const db = new DatabaseSync(':memory:');
    db.exec(sql);
    const rows = db.prepare('SELECT * FROM customers').all() as Record<string, unknown>[];
    expect(rows).toHaveLength(customers.length);
    const types = Object.fromEntries(
      (manifest.columns as { name: string; type: string }[]).map((c) => [c.name, c.type]),
    );
    expect(types).toMatchObject({
      id: 'text',
      name: 'text',
      version: 'integer',
      marketingConsent: 'boolean',
    });
    const api = byId(customers);
    for (const row of rows) {
      const expected = api.get(row.id)!;
      expect(row.name).toBe(expected.name);
      expect(row.marketingConsent).toBe(expected.marketingConsent ? 1 : 0);
      expect(row.version).toBe(expected.version);
      expect(row.phone ?? undefined).toBe(expected.phone);
    }
    // A filtered export carries its filter in the manifest.
    const filtered = await exportNow(owner, {
      source: { kind: 'view', view: 'customers', search: 'customer 1' },
      format: 'sql',
    });
    expect(filtered.manifest.source).toEqual({ kind: 'view', view: 'customers', search: 'customer 1' });
    const db2 = new DatabaseSync(':memory:');
    db2.exec(filtered.file.toString('utf8'));
    const names = (db2.prepare('SELECT name FROM customers ORDER BY name').all() as { name: string }[]).map(
      (r) => r.name,
    );
    expect(names).toEqual(['Customer 1', 'Customer 10']);
  });
});

describe('exports of the event stream', () => {
  it('filters by type and stream; JSON keeps envelopes, SQL flattens them', async () => {
    const registered = await exportNow(owner, {
      source: { kind: 'events', types: ['CustomerRegistered'] },
      format: 'sql',
    });
    const db = new DatabaseSync(':memory:');
    db.exec(registered.file.toString('utf8'));
    const rows = db.prepare('SELECT type, "streamId", "actorEmail", data FROM events').all() as Json[];
    expect(rows).toHaveLength(customers.length);
    expect(new Set(rows.map((r) => r.type))).toEqual(new Set(['CustomerRegistered']));
    expect(rows.every((r) => r.actorEmail === 'owner@firefly.example')).toBe(true);
    expect(JSON.parse(rows[0]!.data as string)).toHaveProperty('customerId');

    const one = customers[0]!;
    const stream = await exportNow(owner, {
      source: { kind: 'events', streamPrefix: `customer-${one.id}`, to: new Date().toISOString() },
      format: 'json',
    });
    const events = JSON.parse(stream.file.toString('utf8')) as Json[];
    expect(events.map((e) => e.streamId)).toEqual([`customer-${one.id}`]);
    expect(events[0]).toMatchObject({
      type: 'CustomerRegistered',
      actor: { email: 'owner@firefly.example' },
    });
  });
});

describe('bad input and permissions', () => {
  it('answers bad formats, unknown collections and types, and bad ranges with 400 problems', async () => {
    const post = (body: unknown) => owner.post('/api/exports', body);
    expect((await post({ source: { kind: 'view', view: 'customers' }, format: 'pdf' })).status).toBe(400);
    const unknown = await post({ source: { kind: 'view', view: 'secrets' }, format: 'csv' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toMatch(/There is no collection secrets; choose one of .*customers/);
    expect((await post({ source: { kind: 'events', types: ['Nope'] }, format: 'csv' })).status).toBe(400);
    const range = await post({
      source: { kind: 'events', from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' },
      format: 'csv',
    });
    expect(range.status).toBe(400);
    expect((await post({ source: { kind: 'events', from: 'last week' }, format: 'csv' })).status).toBe(400);
    expect((await owner.get('/api/exports/01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
    expect((await owner.get('/api/exports/nope')).status).toBe(400);
  });

  it('lets only roles with exports:run export, and only what they may read; exports stay private', async () => {
    const viewer = await signedIn(cloud, 'viewer');
    expect((await viewer.post('/api/exports', { source: { kind: 'events' }, format: 'json' })).status).toBe(
      403,
    );
    expect((await viewer.get('/api/exports')).status).toBe(403);
    // An export needs the read permission of its list route; events need events:read.
    const routes = httpRoutes().map((r) => r.route);
    const listOf = (view: string) => routes.find((r) => r.method === 'GET' && r.path === `/api/${view}`);
    expect(readPermissionOf({ kind: 'view', view: 'models' })).toBe('catalog:read');
    expect(readPermissionOf({ kind: 'view', view: 'customers' })).toBe(listOf('customers')?.permission);
    expect(readPermissionOf({ kind: 'events' })).toBe('events:read');
    const sources = await analyst.get('/api/exports/sources');
    expect(sources.body.items).toEqual(
      expect.arrayContaining([{ kind: 'events', name: 'events', permission: 'events:read', allowed: true }]),
    );
    // The analyst sees their own export, not the owner's; the owner sees both.
    const mine = (await analyst.get('/api/exports')).body.items!;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.requestedBy === 'analyst@firefly.example')).toBe(true);
    const ownersExport = (await owner.get('/api/exports')).body.items!.find(
      (e) => e.requestedBy === 'owner@firefly.example',
    )!;
    expect((await analyst.get(`/api/exports/${ownersExport.id}`)).status).toBe(404);
    expect((await owner.get(`/api/exports/${mine[0]!.id}`)).status).toBe(200);
  });
});
