import { describe, expect, it } from 'vitest';
import { ACTIVITY, createFeedFolder, FEED_KEPT } from '../../../functions/adapters/activity-feed.ts';
import type { Commit } from '../../../functions/application/event-store-port.ts';

/** A commit of one event; ids sort in the order made, as commit ids do. */
const commit = (i: number, type: string): Commit => {
  const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  return {
    streamId: `lead-${i}`,
    version: 1,
    commitId: `C${String(i).padStart(8, '0')}`,
    committedAt: at,
    events: [
      {
        id: `E${i}`,
        type,
        streamId: `lead-${i}`,
        streamVersion: 1,
        occurredAt: at,
        actor: { id: 'owner', role: 'owner' },
        correlationId: `c${i}`,
        schemaVersion: 1,
        data: {},
      } as unknown as Commit['events'][number],
    ],
  };
};

const fold = (count: number) => {
  const folder = createFeedFolder();
  for (let i = 0; i < count; i++) {
    folder.add(commit(i, 'LeadCaptured'));
    // Sign-ins and the like are not business activity: never in the feed.
    folder.add(commit(100_000 + i, 'SensitiveDataAccessed'));
  }
  const items = folder.items();
  return { feed: items.filter((i) => i.view === ACTIVITY), marker: items.find((i) => i.view !== ACTIVITY) };
};

describe("a rebuild's part of the activity feed", () => {
  it('keeps every business commit of a small store, and says the feed holds them all', () => {
    const { feed, marker } = fold(300);
    expect(feed.map((i) => i.id)).toEqual(Array.from({ length: 300 }, (_, i) => commit(i, '').commitId));
    expect(marker).toMatchObject({ from: '' });
  });

  it(`keeps the newest ${FEED_KEPT} of a larger one, and says from which commit on they are all`, () => {
    const { feed, marker } = fold(1_234);
    expect(feed).toHaveLength(FEED_KEPT);
    expect(feed[0]!.id).toBe(commit(1_234 - FEED_KEPT, '').commitId);
    expect(feed.at(-1)!.id).toBe(commit(1_233, '').commitId);
    expect(marker).toMatchObject({ from: commit(1_234 - FEED_KEPT, '').commitId });
  });

  it('lets each item expire 100 days after its commit', () => {
    const { feed } = fold(1);
    expect(feed[0]!.expiresAt).toBe(Date.UTC(2026, 0, 1) / 1000 + 100 * 86_400);
  });
});
