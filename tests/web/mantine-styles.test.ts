import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The console imports only the Mantine stylesheets it uses (web/src/app/mantine-styles.ts). A component
 * used without its stylesheet renders unstyled (a SegmentedControl as bare radio buttons), and nothing
 * else would catch it: every Mantine component used in web/src must have its stylesheet imported.
 */
const root = resolve(import.meta.dirname, '../..');
const stylesDir = join(root, 'node_modules/@mantine/core/styles');
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : /\.tsx?$/.test(entry.name)
        ? [join(dir, entry.name)]
        : [],
  );

const usedComponents = (): Set<string> => {
  const used = new Set<string>();
  for (const file of sources(join(root, 'web/src'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@mantine\/core'/g)) {
      for (const name of match[1]!.split(',')) {
        const imported = name
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)[0]!;
        if (/^[A-Z]/.test(imported)) used.add(imported);
      }
    }
  }
  return used;
};

describe('the console stylesheet list', () => {
  it('imports the stylesheet of every Mantine component the console uses', () => {
    const available = new Set(readdirSync(stylesDir).map((f) => f.replace(/\.css$/, '')));
    const imported = readFileSync(join(root, 'web/src/app/mantine-styles.ts'), 'utf8');
    const missing = [...usedComponents()]
      .filter((name) => available.has(name))
      .filter((name) => !imported.includes(`@mantine/core/styles/${name}.css'`));
    expect(missing).toEqual([]);
  });
});
