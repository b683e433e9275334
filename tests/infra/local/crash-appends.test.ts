import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { dynamoEventStore } from '../../../functions/adapters/event-store.ts';
import { OUTBOX_INDEX } from '../../../functions/tables.ts';
import { type Service, startDynamo } from '../../../infra/local/services.ts';
import { type Api, apiAs, signIn } from '../../support/cloud.ts';
import { startPlatform } from '../../support/platform.ts';

/**
 * `npm start` killed with SIGKILL again and again while concurrent writes run through the API (dynalite
 * is not crash-atomic: a kill can fall between an item's index entries and the item). Afterwards every
 * acknowledged write reads back, every record and its history answer 200, and the outbox drains to empty:
 * nothing a crash left is republished forever. A last round is stopped cleanly (SIGTERM) mid-burst: the
 * start after it skips the full scan, and the full check at the end shows it missed nothing.
 */
const KILLS = 12;
const WORKERS = 8;
const dataDir = mkdtempSync(join(tmpdir(), 'firefly-crash-appends-'));
let child: ChildProcess | undefined;

/** A fixed-seed generator, so a failing run can be told apart from its kill moments (printed). */
let seed = Number(process.env.CRASH_SEED ?? Date.now() % 100_000);
const seedUsed = seed;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};

const start = async () => {
  const platform = await startPlatform({ DATA_DIR: dataDir, SEED: 'none' }, 90_000);
  child = platform.process;
  return platform;
};

const kill9 = (proc: ChildProcess) =>
  new Promise<void>((done) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return done();
    proc.once('exit', () => done());
    proc.kill('SIGKILL');
  });

interface Known {
  version: number;
}
const customers = new Map<string, Known>();
/** Acknowledged creations and changes: the record, and the unique name the write gave it. */
const acknowledged: { id: string; name: string; version: number }[] = [];
let attempted = 0;
/** Leads captured (acknowledged), and how many conversions (a multi-stream append) were acknowledged. */
const leads = new Map<string, string>();
let conversions = 0;

/** Captures a lead, qualifies it and converts it into a customer: the last is one appendMany of two streams. */
const convertLead = async (api: Api, name: string, email: string) => {
  const captured = await api.post('/api/leads', { name, email, channel: 'web_form' });
  if (captured.status >= 500) throw new Error(`POST /api/leads answered ${captured.status}`);
  if (captured.status !== 201) return;
  const id = String(captured.body.id);
  leads.set(id, name);
  const qualified = await api.post(
    `/api/leads/${id}/qualify`,
    { timeline: 'now' },
    { 'if-match': `"${captured.body.version}"` },
  );
  if (qualified.status !== 200) return;
  const converted = await api.post<{ lead: { version: number }; customer: { id: string; version: number } }>(
    `/api/leads/${id}/convert`,
    {},
    { 'if-match': `"${qualified.body.version}"` },
  );
  if (converted.status >= 500) throw new Error(`convert ${id} answered ${converted.status}`);
  if (converted.status !== 201) return;
  conversions++;
  const customer = converted.body.customer;
  customers.set(customer.id, { version: customer.version });
  acknowledged.push({ id: customer.id, name, version: customer.version });
};

/** One worker: creates customers and renames known ones (If-Match), until the platform dies. */
const work = async (api: Api, round: number, worker: number, alive: () => boolean) => {
  for (let i = 0; alive(); i++) {
    const name = `C ${round}-${worker}-${i}`;
    attempted++;
    try {
      const ids = [...customers.keys()];
      const dice = random();
      if (ids.length >= 6 && dice < 0.15) {
        await convertLead(api, name, `l${round}x${worker}x${i}@example.com`);
      } else if (ids.length < 6 || dice < 0.4) {
        const res = await api.post('/api/customers', { name, email: `c${round}x${worker}x${i}@example.com` });
        if (res.status === 201) {
          const id = String(res.body.id);
          customers.set(id, { version: Number(res.body.version) });
          acknowledged.push({ id, name, version: Number(res.body.version) });
        } else if (res.status >= 500) {
          throw new Error(`POST /api/customers answered ${res.status}: ${JSON.stringify(res.body)}`);
        }
      } else {
        const id = ids[Math.floor(random() * Math.min(ids.length, 12))]!;
        const known = customers.get(id)!;
        const res = await api.patch(`/api/customers/${id}`, { name }, { 'if-match': `"${known.version}"` });
        if (res.status === 200) {
          known.version = Number(res.body.version);
          acknowledged.push({ id, name, version: known.version });
        } else if (res.status === 409 && typeof res.body.currentVersion === 'number') {
          known.version = Math.max(known.version, res.body.currentVersion);
        } else if (res.status >= 500) {
          throw new Error(`PATCH ${id} answered ${res.status}: ${JSON.stringify(res.body)}`);
        }
      }
    } catch (error) {
      // A killed platform drops connections; anything else is a failure of the test's subject.
      if (alive()) throw error;
      return;
    }
  }
};

const outboxOf = async (service: Service) => {
  const doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: service.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const count = async (mark: string) =>
    (
      await doc.send(
        new QueryCommand({
          TableName: 'firefly-events',
          IndexName: OUTBOX_INDEX,
          KeyConditionExpression: 'pending = :p',
          ExpressionAttributeValues: { ':p': mark },
        }),
      )
    ).Items?.length ?? 0;
  const store = dynamoEventStore({ table: 'firefly-events', client: doc });
  return {
    pending: await count('y'),
    staged: await count('s'),
    check: await store.checkStore({ repair: false }),
  };
};

afterAll(async () => {
  if (child) await kill9(child);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('crash recovery under concurrent appends', () => {
  it(`keeps every acknowledged write through ${KILLS} kill -9s, every stream readable, and drains the outbox`, async () => {
    const began = Date.now();
    const repairs: string[] = [];
    for (let round = 0; round < KILLS; round++) {
      const run = await start();
      repairs.push(
        ...run
          .output()
          .split('\n')
          .filter((line) => line.includes('store check:')),
      );
      const api = apiAs(run, (await signIn(run, 'owner')).idToken);
      let alive = true;
      const workers = Array.from({ length: WORKERS }, (_, w) => work(api, round, w, () => alive));
      // A random moment within the burst: early kills fall on the first writes, late ones mid-stream.
      await new Promise((r) => setTimeout(r, 150 + Math.floor(random() * 1200)));
      alive = false;
      await kill9(run.process);
      await Promise.all(workers);
    }

    // A clean stop in the middle of a burst: the next start trusts it and skips the full scan; the full
    // check at the end finds nothing it missed.
    const stopped = await start();
    {
      const api = apiAs(stopped, (await signIn(stopped, 'owner')).idToken);
      let alive = true;
      const workers = Array.from({ length: WORKERS }, (_, w) => work(api, KILLS, w, () => alive));
      await new Promise((r) => setTimeout(r, 150 + Math.floor(random() * 1200)));
      alive = false;
      await stopped.stop();
      await Promise.all(workers);
    }

    // The last start: nothing killed it.
    const run = await start();
    const startOutput = run.output();
    expect(startOutput).toContain(
      'Checking the event store for appends the last (clean) stop left unfinished',
    );
    repairs.push(...startOutput.split('\n').filter((line) => line.includes('store check:')));
    const api = apiAs(run, (await signIn(run, 'owner')).idToken);

    // Every acknowledged write reads back: the record, at least its acknowledged version, and in its
    // history the name the write gave it.
    const histories = new Map<string, string>();
    for (const id of customers.keys()) {
      const record = await api.get(`/api/customers/${id}`);
      expect(record.status, `GET customer ${id}: ${JSON.stringify(record.body)}`).toBe(200);
      const events = await api.get(`/api/customers/${id}/events`);
      expect(events.status, `GET customer ${id}/events: ${JSON.stringify(events.body)}`).toBe(200);
      histories.set(id, JSON.stringify(events.body));
      customers.get(id)!.version = Number(record.body.version);
    }
    for (const [id, name] of leads) {
      expect((await api.get(`/api/leads/${id}`)).status, `GET lead ${id}`).toBe(200);
      const events = await api.get(`/api/leads/${id}/events`);
      expect(events.status, `GET lead ${id}/events`).toBe(200);
      expect(JSON.stringify(events.body), `lead ${id} lost "${name}"`).toContain(JSON.stringify(name));
    }
    for (const write of acknowledged) {
      expect(customers.get(write.id)!.version, write.id).toBeGreaterThanOrEqual(write.version);
      expect(histories.get(write.id), `${write.id} lost "${write.name}"`).toContain(
        JSON.stringify(write.name),
      );
    }

    // Every acknowledged record reaches the views, published once the platform is up again.
    const deadline = Date.now() + 60_000;
    let listed = new Set<string>();
    while (Date.now() < deadline) {
      listed = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = await api.get(
          `/api/customers?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        for (const item of page.body.items ?? []) listed.add(String(item.id));
        cursor = page.body.nextCursor as string | undefined;
      } while (cursor);
      if ([...customers.keys()].every((id) => listed.has(id))) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect([...customers.keys()].filter((id) => !listed.has(id))).toEqual([]);

    // Nothing is republished forever: a few seconds later the outbox is empty and the store sound.
    await new Promise((r) => setTimeout(r, 3000));
    const finalOutput = run.output();
    await run.stop();
    child = undefined;
    const dynamo = await startDynamo(join(dataDir, 'dynamodb'));
    try {
      const after = await outboxOf(dynamo);
      expect(after.pending).toBe(0);
      expect(after.staged).toBe(0);
      expect(after.check.findings).toEqual([]);
    } finally {
      await dynamo.stop();
    }
    // Each crash leftover is dropped once, not again and again.
    const drops = finalOutput.split('\n').filter((line) => line.includes('dropped the outbox entry'));
    expect(new Set(drops).size).toBe(drops.length);

    console.log(
      `crash-appends (seed ${seedUsed}): ${KILLS} kills, ${attempted} writes attempted, ${acknowledged.length} acknowledged and verified, ` +
        `${customers.size} customers, ${leads.size} leads (${conversions} conversions acknowledged), ${((Date.now() - began) / 1000).toFixed(0)}s; store check on start:\n${repairs.join('\n')}`,
    );
  }, 300_000);
});
