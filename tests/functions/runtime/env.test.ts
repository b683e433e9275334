import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_VARIABLES, env } from '../../../functions/runtime/env.ts';
import { LOCAL_SETTINGS } from '../../../infra/local/settings.ts';

/**
 * One registry of environment variables (functions/runtime/env.ts): config, the CDK app, the local
 * cloud and the bundler take the names from it, so no other source file spells one out as a string,
 * an object key or a `process.env.NAME` read (comments may name them).
 */
const ROOT = join(import.meta.dirname, '../../..');
const REGISTRY = 'functions/runtime/env.ts';
const NAMES = Object.keys(ENV_VARIABLES);

const sources = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|mjs)$/.test(entry.name) ? [path] : [];
  });

/** The code of a file without its comments (line comments and block comments, well enough here). */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

describe('environment variable registry', () => {
  it('maps every name to itself and gives each a meaning', () => {
    for (const name of NAMES) {
      expect(env[name as keyof typeof env]).toBe(name);
      expect(ENV_VARIABLES[name as keyof typeof ENV_VARIABLES].length).toBeGreaterThan(10);
    }
  });

  it('is the only place a name is spelled out in functions/ and infra/', () => {
    const spelled = new RegExp(`(['"\`]|process\\.env\\.|^\\s*)(${NAMES.join('|')})(['"\`]|\\s*:)`, 'm');
    const offenders: string[] = [];
    for (const path of [...sources('functions'), ...sources('infra')]) {
      if (relative('.', path) === REGISTRY) continue;
      const lines = code(readFileSync(join(ROOT, path), 'utf8')).split('\n');
      lines.forEach((line, i) => {
        if (spelled.test(line)) offenders.push(`${path}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it('has no entry that nothing reads or sets', () => {
    const all = [...sources('functions'), ...sources('infra')]
      .filter((path) => path !== REGISTRY)
      .map((path) => readFileSync(join(ROOT, path), 'utf8'))
      .join('\n');
    const unused = NAMES.filter((name) => !all.includes(`env.${name}`));
    expect(unused).toEqual([]);
  });

  it('leaves no other variable read by name: the SDK reads its own, the local tools theirs (settings.ts)', () => {
    // Variables outside both registries, each with its reason.
    const outside = new Set([
      'PATH', // the bundler's import check runs node with only PATH and placeholders
      'FIREFLY_SKIP_BUNDLE', // the CDK app's own switch: synthesis without bundling (tests)
      'AWS_REGION', // the SDK's; the local bus names it in the events it delivers
      'AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE', // the SDK's
    ]);
    const read = /process\.env\.([A-Z0-9_]+)/g;
    const found: string[] = [];
    for (const path of [...sources('functions'), ...sources('infra')]) {
      for (const match of code(readFileSync(join(ROOT, path), 'utf8')).matchAll(read)) {
        const name = match[1] as string;
        if (!outside.has(name)) found.push(`${path}: ${name}`);
      }
    }
    expect(found).toEqual([]);
    // The two registries do not overlap.
    expect(Object.keys(LOCAL_SETTINGS).filter((name) => name in ENV_VARIABLES)).toEqual([]);
  });
});
