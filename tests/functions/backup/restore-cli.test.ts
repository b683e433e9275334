import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../../infra/local/cloud.ts';
import { type Json, signedIn, startTestCloud } from '../../support/cloud.ts';
import { backupNow, backupTestEnv } from './support.ts';

/** `npm run restore` against a data dir the local cloud wrote, as a user runs it after `npm start`. */
const work = mkdtempSync(join(tmpdir(), 'firefly-restore-cli-'));
const source = join(work, 'source');
let backup: Json;
let middle: string;

const restore = (...args: string[]) =>
  spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'infra/local/restore.ts'), '--from', source, ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );

beforeAll(async () => {
  backupTestEnv();
  const cloud = await startTestCloud({ dataDir: source });
  try {
    const owner = await signedIn(cloud, 'owner');
    for (let i = 0; i < 6; i++)
      await owner.post('/api/customers', { name: `C ${i}`, email: `c${i}@example.com` });
    middle = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    for (let i = 6; i < 9; i++)
      await owner.post('/api/customers', { name: `C ${i}`, email: `c${i}@example.com` });
    await cloud.settle();
    backup = await backupNow(cloud, owner, 'full');
  } finally {
    await cloud.stop();
  }
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm run restore', () => {
  it("restores up to an instant into a new data dir, with the source's views at that instant", () => {
    const into = join(work, 'restored');
    const result = restore('--to', middle, '--into', into);
    expect(result.stderr).not.toMatch(/refused/i);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Restoring commits up to ${middle} from backup ${backup.id}`);
    expect(result.stdout).toContain('every part verified');
    expect(result.stdout).toMatch(/the source's views at .* have the same digest \(6 records\)/);
    expect(existsSync(join(into, 'dynamodb'))).toBe(true);

    // Restoring into it again is refused: it is no longer empty.
    const again = restore('--into', into);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/Restore refused: The target store is not empty/);
    expect(existsSync(join(into, 'dynamodb'))).toBe(true);
  });

  it('refuses a bad instant, creating nothing (an uncovered one is refused the same way: see the API tests)', () => {
    const into = join(work, 'never');
    const bad = restore('--to', 'noon', '--into', into);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--to noon is not an instant/);
    expect(existsSync(into)).toBe(false);
  });
});
