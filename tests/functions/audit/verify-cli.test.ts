import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../../functions/adapters/clients.ts';
import { seqKey } from '../../../functions/audit/store.ts';
import { type Api, signedIn, startTestCloud, type TestCloud } from '../../support/cloud.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
let cloud: TestCloud | undefined;
let owner: Api;
const dataDir = mkdtempSync(join(tmpdir(), 'firefly-verify-'));

/**
 * `npm run audit:verify` as a person runs it (the script npm runs, without npm's own start-up). Async:
 * the cloud it talks to lives in this process and must keep serving while the CLI runs.
 */
const verifyCli = (...args: string[]) =>
  new Promise<{ status: number | null; stdout: string }>((done) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'infra/local/audit-verify.ts'), ...args],
      {
        cwd: ROOT,
        env: { ...process.env, PORT: '1' },
      },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.on('close', (status) => done({ status, stdout }));
  });

beforeAll(async () => {
  cloud = await startTestCloud({ dataDir });
  owner = await signedIn(cloud, 'owner');
  for (const name of ['Ada', 'Grace'])
    await owner.post('/api/customers', { name, email: `${name}@example.com` });
  await cloud.settle();
  await owner.post('/api/audit/digests');
});
afterAll(async () => {
  await cloud?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run audit:verify', () => {
  it('reports an intact log through the API, and names the first broken link with exit code 1', {
    timeout: 120_000,
  }, async () => {
    const intact = await verifyCli('--url', cloud!.url);
    expect(intact.stdout).toContain('INTACT');
    expect(intact.status).toBe(0);
    await dynamo().send(
      new DeleteCommand({ TableName: process.env.AUDIT_TABLE!, Key: { pk: 'chain', sk: seqKey(2) } }),
    );
    const broken = await verifyCli('--url', cloud!.url, '--json');
    expect(broken.status).toBe(1);
    expect(JSON.parse(broken.stdout.slice(broken.stdout.indexOf('{')))).toMatchObject({
      ok: false,
      firstBroken: { seq: 2, kind: 'deleted' },
    });
  });

  it("verifies a stopped platform's data directory", { timeout: 120_000 }, async () => {
    await cloud!.stop();
    cloud = undefined;
    const offline = await verifyCli('--data-dir', dataDir);
    expect(offline.stdout).toContain('BROKEN at entry 2 (deleted)');
    expect(offline.status).toBe(1);
    expect((await verifyCli('--data-dir', join(dataDir, 'nothing'))).status).toBe(2);
  });
});
