import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { definition } from '../../domain/workflows/sample.ts';
import { type Api, apiAs, type Json, signIn } from '../../support/cloud.ts';
import { startPlatform } from '../../support/platform.ts';

/**
 * A crash of the local cloud during a workflow run: after the restart the run shows its true state
 * (interrupted, with the steps it had run) and can be re-run with the same input.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'firefly-wf-crash-'));
let child: ChildProcess | undefined;

const start = () =>
  startPlatform({ DATA_DIR: dataDir, SEED: 'none' }, 60_000).then((platform) => {
    child = platform.process;
    return platform;
  });

const eventually = async <T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
};

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a workflow run across a crash of the local cloud', () => {
  it('is ended interrupted after the restart, keeps its step history, and can be re-run', async () => {
    let run = await start();
    let api: Api = apiAs(run, (await signIn(run, 'manager')).idToken);
    const workflow = (
      await api.post('/api/workflows', {
        name: 'Slow',
        definition: definition([
          { id: 'mark', kind: 'set', vars: { seen: { value: true } }, next: 'pause' },
          { id: 'pause', kind: 'wait', for: { amount: 1, unit: 'hours' } },
        ]),
      })
    ).body;
    const published = await api.post(
      `/api/workflows/${workflow.id}/publish`,
      { permissions: [] },
      {
        'if-match': `"${workflow.version}"`,
      },
    );
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const started = await api.post(`/api/workflows/${workflow.id}/runs`, {
      input: { note: 'before the crash' },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const runId = String(started.body.id);
    const running = await eventually(
      () => api.get<{ items: Json[] }>(`/api/workflows/${workflow.id}/runs?status=running`),
      (res) => res.body.items?.length === 1,
    );
    expect(running.body.items).toHaveLength(1);
    await new Promise<void>((done) => {
      run.process.once('exit', () => done());
      run.process.kill('SIGKILL');
    });

    run = await start();
    api = apiAs(run, (await signIn(run, 'manager')).idToken);
    const after = await eventually(
      () => api.get<Json & { steps: Json[] }>(`/api/workflow-runs/${runId}`),
      (res) => res.body.status !== 'running',
    );
    expect(after.body).toMatchObject({
      status: 'interrupted',
      error: 'Local.Interrupted',
      actions: ['rerun'],
    });
    expect(after.body.steps.map((s) => [s.step, s.status])).toEqual([
      ['mark', 'succeeded'],
      ['pause', 'failed'],
    ]);
    const again = await api.post(`/api/workflow-runs/${runId}/rerun`);
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body).toMatchObject({
      status: 'running',
      input: { trigger: { data: { note: 'before the crash' } } },
    });
  }, 180_000);
});
