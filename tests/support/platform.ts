import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

/** Starts `npm start`'s entry point as its own process, as a user runs it, and waits for its URL. */
export const startPlatform = async (
  env: Record<string, string>,
  timeoutMs = 180_000,
): Promise<{
  url: string;
  process: ChildProcess;
  /** Everything it printed so far. */
  output: () => string;
  stop: () => Promise<void>;
}> => {
  // Node itself with tsx as a loader, not the tsx CLI: the CLI runs the script in a child process,
  // which a SIGKILL of the CLI would leave running.
  const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'infra/local/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', BUILD_CONSOLE: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`the platform did not start within ${timeoutMs / 1000}s:\n${output}`)),
      timeoutMs,
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
    output: () => output,
    stop: () =>
      new Promise<void>((done) => {
        if (proc.exitCode !== null) return done();
        proc.once('exit', () => done());
        proc.kill('SIGTERM');
      }),
  };
};
