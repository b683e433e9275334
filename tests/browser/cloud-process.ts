import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const freePort = (): Promise<number> =>
  new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface CloudProcess {
  url: string;
  /** The local payments sandbox's base URL, as the start-up prints it. */
  paymentsSandboxUrl: string;
  /** The local mail catcher's web inbox (REST: `<url>/api/email`), as the start-up prints it. */
  mailInboxUrl: string;
  /** The loopback control endpoint (infra/local/control.ts) when started with LOCAL_CONTROL=true. */
  controlUrl: string;
  dataDir: string;
  logFile: string;
  stop: () => Promise<void>;
}

/**
 * Starts the local cloud as `npm start` does (tsx infra/local/main.ts) on a free port with a fresh data
 * dir, and waits until it says it is ready and /api/health answers 200. A child process, not in-process: the browser tests exercise exactly
 * what a developer runs, and its handlers' process-wide configuration stays out of the test runner.
 */
export const startCloudProcess = async (
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CloudProcess> => {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'firefly-browser-'));
  // Outside the data dir, so it survives the clean-up for a look after a failure.
  const logFile = join(tmpdir(), `firefly-browser-cloud-${port}.log`);
  const log = createWriteStream(logFile);
  const tsx = join(repoRoot, 'node_modules/tsx/dist/cli.mjs');
  // process.execPath is the Node that runs the tests (24, from the `node` package via npm scripts).
  const child: ChildProcess = spawn(process.execPath, [tsx, 'infra/local/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, BUILD_CONSOLE: 'false', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  // /api/health answers as soon as the gateway listens, but the demo data is seeded after that; the
  // start-up prints "Ready in …: <url>" once everything, seed included, is in place.
  let ready = false;
  let output = '';
  let paymentsSandboxUrl = '';
  let mailInboxUrl = '';
  let controlUrl = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    if (ready && paymentsSandboxUrl) return;
    output = (output + chunk.toString('utf8')).slice(-4096);
    ready = /Ready in [^:]*: http/.test(output);
    paymentsSandboxUrl = /Payments sandbox (http\S+)/.exec(output)?.[1] ?? '';
    mailInboxUrl = /Mail inbox +(http\S+)/.exec(output)?.[1] ?? '';
    controlUrl = /Local control +(http\S+)/.exec(output)?.[1] ?? '';
  });
  let exited: number | null | undefined;
  child.once('exit', (code, signal) => {
    exited = code;
    // Say so in the log: a cloud that vanishes mid-run otherwise leaves only refused connections.
    log.write(`\n[browser tests] local cloud exited: code ${code}, signal ${signal}\n`);
  });

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  for (;;) {
    if (exited !== undefined) {
      throw new Error(`The local cloud exited with code ${exited} before it was healthy; see ${logFile}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200 && ready && paymentsSandboxUrl) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      stopChild(child);
      throw new Error(`The local cloud did not become healthy in time; see ${logFile}`);
    }
    await sleep(500);
  }

  return {
    url,
    paymentsSandboxUrl,
    mailInboxUrl,
    controlUrl,
    dataDir,
    logFile,
    stop: async () => {
      stopChild(child);
      for (let i = 0; i < 50 && exited === undefined; i++) await sleep(100);
      if (exited === undefined && child.pid) process.kill(-child.pid, 'SIGKILL');
      if (!process.env.KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

/** SIGTERM to the child's own process group (it was started detached), so its workers stop too. */
const stopChild = (child: ChildProcess) => {
  if (!child.pid || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
};
