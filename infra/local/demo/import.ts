import { type CommitItem, importCommits } from '../../../functions/shared/event-store.ts';

/**
 * Writes a generated history into the event store as a bulk import: batches of 25 commits, several
 * batches in flight (dynalite on its own thread keeps up with about a dozen), none of them marked for
 * the outbox. Whoever imports must rebuild every consumer from the store afterwards.
 */
export const importHistory = async (
  commits: readonly CommitItem[],
  options: { concurrency?: number; onProgress?: (written: number, total: number) => void } = {},
): Promise<void> => {
  const batch = 25;
  const batches = Math.ceil(commits.length / batch);
  const step = Math.max(1, Math.ceil(batches / 10));
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < batches; i = next++) {
      await importCommits(commits.slice(i * batch, (i + 1) * batch));
      done += 1;
      if (done % step === 0 || done === batches)
        options.onProgress?.(Math.min(done * batch, commits.length), commits.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 12, batches) }, worker));
};
