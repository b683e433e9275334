import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The real SQLite and PostgreSQL engines, for proving that SQL exports load into both. `.ci/run`
 * installs Debian's `sqlite3` and `postgresql`; PostgreSQL runs as a throwaway cluster on a Unix
 * socket in a temporary folder (no TCP port), as the `postgres` user when the tests run as root.
 */

const run = (command: string, args: string[], options: { input?: string; asPostgres?: boolean } = {}) => {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] =
    options.asPostgres && asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  const result = spawnSync(cmd, argv, { input: options.input, encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}: ${result.stderr || result.stdout}`,
    );
  }
  return result.stdout;
};

/** Loads `sql` into a fresh in-memory SQLite with the `sqlite3` program and runs `query`, as JSON rows. */
export const sqlite = (sql: string, query: string): Record<string, unknown>[] => {
  const out = run('sqlite3', ['-bail', '-json', ':memory:'], { input: `${sql}\n${query};\n` });
  return out.trim() ? (JSON.parse(out) as Record<string, unknown>[]) : [];
};

const postgresBin = (): string => {
  const root = '/usr/lib/postgresql';
  const version = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))[0]
    : undefined;
  if (!version) throw new Error('PostgreSQL is not installed: apt-get install postgresql (.ci/run does)');
  return join(root, version, 'bin');
};

export interface Postgres {
  /** Runs `sql` in a new database, stopping at the first error, then `query`; rows as JSON objects. */
  load(sql: string, query: string): Record<string, unknown>[];
  stop(): void;
}

let databases = 0;

export const startPostgres = (): Postgres => {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'firefly-pg-'));
  chmodSync(dir, 0o777);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = String(20_000 + (process.pid % 20_000));
  run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'], {
    asPostgres: true,
  });
  run(
    join(bin, 'pg_ctl'),
    [
      '-D',
      data,
      '-w',
      '-l',
      join(dir, 'log'),
      '-o',
      `-k ${dir} -p ${port} -c listen_addresses= -c fsync=off`,
      'start',
    ],
    { asPostgres: true },
  );
  const psql = (database: string, input: string) =>
    run(
      join(bin, 'psql'),
      [
        '-h',
        dir,
        '-p',
        port,
        '-U',
        'postgres',
        '-d',
        database,
        '-v',
        'ON_ERROR_STOP=1',
        '-q',
        '-X',
        '-A',
        '-t',
      ],
      { input },
    );
  return {
    load(sql, query) {
      const database = `export_${++databases}`;
      psql('postgres', `CREATE DATABASE ${database};`);
      const file = join(dir, `${database}.sql`);
      writeFileSync(file, sql);
      chmodSync(file, 0o644);
      psql(database, `\\i ${file}\n`);
      const out = psql(database, `SELECT coalesce(json_agg(t), '[]') FROM (${query}) t;`);
      return JSON.parse(out.trim()) as Record<string, unknown>[];
    },
    stop() {
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop'], { asPostgres: true });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
};
