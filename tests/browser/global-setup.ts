import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { repoRoot, startCloudProcess } from './cloud-process.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const newest = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }, 0);

/** Builds the console when web/dist is missing or older than its sources, so tests never see a stale UI. */
const ensureConsoleBuilt = async () => {
  const index = join(repoRoot, 'web/dist/index.html');
  const sources = Math.max(
    newest(join(repoRoot, 'web/src')),
    statSync(join(repoRoot, 'web/index.html')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  await build({ configFile: join(repoRoot, 'web/vite.config.ts'), logLevel: 'warn' });
};

export default async function setup(project: TestProject) {
  await ensureConsoleBuilt();
  // An empty store starts in seconds; the demo history takes minutes to write (BROWSER_SEED=demo).
  const seed: Record<string, string> = process.env.BROWSER_SEED === 'demo' ? {} : { SEED: 'none' };
  const cloud = await startCloudProcess({ env: seed, timeoutMs: 600_000 });
  console.log(`browser tests: local cloud at ${cloud.url} (log ${cloud.logFile})`);
  project.provide('baseUrl', cloud.url);
  return async () => {
    await cloud.stop();
  };
}
