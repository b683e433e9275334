import { eventStore } from '../../../functions/adapters/event-store.ts';
import type { EventStore, StoredCommit } from '../../../functions/application/event-store-port.ts';

/**
 * Writes generated commits into the event store as a bulk import: batches of 25, a few batches in flight,
 * none marked for the outbox. Commits can be added while earlier ones are being written, so a history can
 * be imported as it is generated. Whoever imports must rebuild every consumer from the store afterwards.
 */
export const createImporter = (
  options: { concurrency?: number; onProgress?: (written: number) => void; store?: EventStore } = {},
) => {
  const store = options.store ?? eventStore;
  const queue: StoredCommit[] = [];
  let closed = false;
  let written = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined) {
      if (queue.length >= 25 || (closed && queue.length > 0)) {
        const batch = queue.splice(0, 25);
        await store.importCommits(batch);
        written += batch.length;
        options.onProgress?.(written);
      } else if (closed) return;
      else await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };
  const running = Promise.all(
    Array.from({ length: options.concurrency ?? 8 }, () =>
      worker().catch((error: unknown) => {
        failure ??= error;
      }),
    ),
  );
  return {
    add: (commit: StoredCommit) => {
      queue.push(commit);
    },
    /** Writes whatever is left and resolves with the number of commits written; rejects if any write failed. */
    finish: async (): Promise<number> => {
      closed = true;
      await running;
      if (failure !== undefined) throw failure;
      return written;
    },
  };
};

export const importHistory = async (
  commits: readonly StoredCommit[],
  concurrency?: number,
  store?: EventStore,
): Promise<number> => {
  const importer = createImporter({ concurrency, store });
  for (const commit of commits) importer.add(commit);
  return importer.finish();
};
