import { eventStore } from '../../functions/adapters/event-store.ts';
import { chainImported } from '../../functions/audit/digests.ts';
import { rebuildViews } from '../../functions/projections/project.ts';
import { generateHistory, type HistoryStats } from './demo/history.ts';
import { createImporter } from './demo/import.ts';
import { localSettings } from './settings.ts';

export const isStoreEmpty = (): Promise<boolean> => eventStore.isEmpty();

export interface SeedOptions {
  /** The PRNG seed: the same seed and end date give the same history, event for event. */
  seed?: string;
  /** The end of the history; defaults to now. */
  end?: Date;
  /** 1 is the full demo (~10,000 leads, ~1,500 orders); smaller for quick runs. */
  scale?: number;
}

export interface SeedReport {
  stats: HistoryStats;
  /** Generating and writing overlap: `write` is when the last commit was written, counted from the start. */
  seconds: { generate: number; write: number; rebuild: number; audit: number; total: number };
  /** Audit entries chained from the history. */
  chained: number;
  rebuilt: { events: number; commits: number; rows: number };
}

const fromEnvironment = (): SeedOptions => ({
  seed: localSettings.demoSeed,
  scale: localSettings.demoScale,
});

/**
 * Seeds an empty store with three years of the Firefly business, ending now. The history is generated
 * in memory through the real application commands and deciders, bulk-imported without outbox marks (publishing
 * 100,000 events one by one through the bus would take minutes); then every read model is rebuilt from
 * the store and the history is chained into the audit log, so nothing is left to catch up after it.
 */
export const seedDemo = async (
  progress: (message: string) => void = () => undefined,
  options: SeedOptions = fromEnvironment(),
): Promise<SeedReport> => {
  const started = performance.now();
  const since = (t: number) => (performance.now() - t) / 1000;
  progress(
    `Generating and writing three years of demo history${options.scale && options.scale !== 1 ? ` at scale ${options.scale}` : ''}`,
  );
  let shown = 0;
  const importer = createImporter({
    onProgress: (written) => {
      if (written - shown < 10_000) return;
      shown = written;
      progress(`Writing the event store: ${written.toLocaleString('en-US')} commits`);
    },
  });
  // Commits are written while the rest of the history is still being generated.
  const history = await generateHistory({
    seed: options.seed,
    end: options.end,
    scale: options.scale,
    onCommit: importer.add,
  });
  const { stats } = history;
  const generate = since(started);
  progress(
    `Generated ${stats.events.toLocaleString('en-US')} events in ${stats.commits.toLocaleString('en-US')} commits ` +
      `for ${stats.streams.toLocaleString('en-US')} records: ${stats.leads} leads, ${stats.customers} customers, ` +
      `${stats.quotes} quotes, ${stats.orders} orders (${generate.toFixed(1)}s)`,
  );
  await importer.finish();
  const write = since(started);
  progress(
    `Wrote ${stats.commits.toLocaleString('en-US')} commits (${write.toFixed(1)}s); rebuilding read models`,
  );
  // The read models and the audit log are built at once: both are writes to the local DynamoDB, whose
  // worker thread they keep busy while this thread folds rows and seals entries.
  const rebuilding = performance.now();
  let lastShown = 0;
  const rebuildViewsNow = rebuildViews(({ events }) => {
    if (events - lastShown >= 25_000) {
      lastShown = events;
      progress(`Rebuilding read models: ${events.toLocaleString('en-US')} events replayed`);
    }
  }).then((rebuilt) => {
    const rebuild = since(rebuilding);
    progress(
      `Rebuilt ${rebuilt.rows.toLocaleString('en-US')} read-model rows from ${rebuilt.events.toLocaleString('en-US')} events (${rebuild.toFixed(1)}s)`,
    );
    return { rebuilt, rebuild };
  });
  let chainShown = 0;
  const chainNow = chainImported(history.commits, {
    onProgress: ({ chained }) => {
      if (chained - chainShown < 25_000) return;
      chainShown = chained;
      progress(`Chaining the audit log: ${chained.toLocaleString('en-US')} entries`);
    },
  }).then(({ chained }) => {
    const audit = since(rebuilding);
    progress(`Chained ${chained.toLocaleString('en-US')} audit entries (${audit.toFixed(1)}s)`);
    return { chained, audit };
  });
  const [{ rebuilt, rebuild }, { chained, audit }] = await Promise.all([rebuildViewsNow, chainNow]);
  return { stats, rebuilt, chained, seconds: { generate, write, rebuild, audit, total: since(started) } };
};
