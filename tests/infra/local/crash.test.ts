import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Api, apiAs, signIn } from '../../support/cloud.ts';
import { startPlatform } from '../../support/platform.ts';

/**
 * Crash safety of `npm start` as a user runs it: kill -9 at an arbitrary moment loses no acknowledged
 * command, and commits that were never published are delivered after the restart.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'firefly-crash-'));
let child: ChildProcess | undefined;

const start = (env: Record<string, string> = {}) =>
  startPlatform({ DATA_DIR: dataDir, SEED: 'none', ...env }, 60_000).then((platform) => {
    child = platform.process;
    return platform;
  });

const kill9 = (proc: ChildProcess) =>
  new Promise<void>((done) => {
    proc.once('exit', () => done());
    proc.kill('SIGKILL');
  });

const registerMany = async (api: Api, prefix: string, count: number) => {
  const acknowledged: string[] = [];
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const res = await api
        .post('/api/customers', { name: `${prefix} ${i}`, email: `${prefix}${i}@example.com` })
        .catch(() => undefined);
      if (res?.status === 201) acknowledged.push(String(res.body.id));
    }),
  );
  return acknowledged;
};

const listedIds = async (api: Api) => {
  const ids = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await api.get(
      `/api/customers?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    for (const item of page.body.items ?? []) ids.add(String(item.id));
    cursor = page.body.nextCursor as string | undefined;
  } while (cursor);
  return ids;
};

const eventually = async (check: () => Promise<boolean>, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
};

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('crash recovery', () => {
  it('loses no acknowledged command to kill -9 and publishes held commits after the restart', async () => {
    // Phase 1: publishing held back, so every acknowledged commit is still only in the outbox when killed.
    let run = await start({ HOLD_OUTBOX: 'true' });
    let api = apiAs(run, (await signIn(run, 'owner')).idToken);
    const held = await registerMany(api, 'held', 20);
    expect(held).toHaveLength(20);
    await kill9(run.process);

    // Phase 2: kill -9 in the middle of a burst of concurrent writes.
    run = await start();
    api = apiAs(run, (await signIn(run, 'owner')).idToken);
    const burst = registerMany(api, 'burst', 200);
    await new Promise((r) => setTimeout(r, 300));
    await kill9(run.process);
    const acknowledged = await burst;

    // Phase 3: after the restart, every acknowledged record is in the store and reaches the views.
    run = await start();
    api = apiAs(run, (await signIn(run, 'owner')).idToken);
    for (const id of [...held, ...acknowledged]) {
      expect((await api.get(`/api/customers/${id}`)).status, id).toBe(200);
    }
    const all = [...held, ...acknowledged];
    const delivered = await eventually(async () => {
      const listed = await listedIds(api);
      return all.every((id) => listed.has(id));
    });
    expect(delivered).toBe(true);
    await kill9(run.process);
  }, 180_000);
});
