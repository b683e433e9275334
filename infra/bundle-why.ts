/**
 * Why a bundle is the size it is: the bytes each package (or source folder) contributes to one output of
 * an esbuild metafile, and the shortest import chain from the function's entry to it. The chain is what
 * to cut: a route contract importing a heavy helper, a registry importing every domain, and so on.
 */
import type { Metafile } from 'esbuild';

export interface Contribution {
  /** An npm package (`@aws-sdk/client-s3`) or a source folder (`functions/adapters`). */
  origin: string;
  bytes: number;
  /** Entry first, then each importer down to the first module of `origin` reached. */
  chain: string[];
}

/**
 * The package a module path belongs to (the innermost one: a package nested in another's node_modules
 * is its own origin), or its top two folders for the project's own sources.
 */
export const originOf = (path: string): string => {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(
    path.slice(Math.max(0, path.lastIndexOf('node_modules/'))),
  );
  return match ? match[1]! : path.split('/').slice(0, 2).join('/');
};

/** Shortest import chains from `entry` to every input, by breadth-first search over the metafile. */
const chainsFrom = (metafile: Metafile, entry: string): Map<string, string[]> => {
  const chains = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const { path } of metafile.inputs[next]?.imports ?? []) {
      if (chains.has(path) || !metafile.inputs[path]) continue;
      chains.set(path, [...chains.get(next)!, path]);
      queue.push(path);
    }
  }
  return chains;
};

/** What `outputs` (keys of the metafile's outputs) hold, by origin, with chains from the entry `entryKey`. */
export const explainOutputs = (metafile: Metafile, entryKey: string, outputs: string[]): Contribution[] => {
  const entryPoint = metafile.outputs[entryKey]?.entryPoint;
  if (!entryPoint) throw new Error(`${entryKey} is not an entry point's output in this metafile`);
  const chains = chainsFrom(metafile, entryPoint);
  const byOrigin = new Map<string, Contribution>();
  const inputs = outputs.flatMap((key) => Object.entries(metafile.outputs[key]?.inputs ?? {}));
  for (const [path, { bytesInOutput }] of inputs) {
    const origin = originOf(path);
    const chain = chains.get(path) ?? [path];
    const seen = byOrigin.get(origin);
    if (!seen) byOrigin.set(origin, { origin, bytes: bytesInOutput, chain });
    else {
      seen.bytes += bytesInOutput;
      if (chain.length < seen.chain.length) seen.chain = chain;
    }
  }
  return [...byOrigin.values()].sort((a, b) => b.bytes - a.bytes);
};

export const formatContributions = (contributions: Contribution[], top = 25): string =>
  contributions
    .slice(0, top)
    .map(
      ({ origin, bytes, chain }) =>
        `${(bytes / 1024).toFixed(1).padStart(7)} KiB  ${origin}\n${' '.repeat(15)}via ${chain.map(short).join(' → ')}`,
    )
    .join('\n');

// A package's modules read better without the path to node_modules (a symlinked install makes it long).
const short = (path: string): string =>
  path.slice(path.lastIndexOf('node_modules/') + 1 || 0).replace(/^ode_modules\//, '');
