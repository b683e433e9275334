import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

/** Starts `npm start`'s entry point as its own process, as a user runs it, and waits for its URL. */
export const startPlatform = async (
  env: Record<string, string>,
): Promise<{ url: string; process: ChildProcess; stop: () => Promise<void> }> => {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'infra/local/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', BUILD_CONSOLE: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`the platform did not start within 180s:\n${output}`)),
      180_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Ready in [\d.]+s: (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        done(match[1]!);
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => fail(new Error(`the platform exited with ${code}:\n${output}`)));
  });
  return {
    url,
    process: proc,
    stop: () =>
      new Promise<void>((done) => {
        if (proc.exitCode !== null) return done();
        proc.once('exit', () => done());
        proc.kill('SIGTERM');
      }),
  };
};

export const percentile = (sorted: readonly number[], p: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
};

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
