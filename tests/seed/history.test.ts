import { decodeTime } from 'ulid';
import { describe, expect, it } from 'vitest';
import { generateHistory } from '../../infra/local/demo/history.ts';

const END = new Date('2026-06-15T20:00:00.000Z');

const eventsOf = (commits: { events: string }[]) =>
  commits.flatMap(
    (c) => JSON.parse(c.events) as { type: string; occurredAt: string; data: Record<string, unknown> }[],
  );

/** The history itself: without the write ids, which say when the simulation wrote each commit. */
const contentOf = (commits: { writeId?: string }[]) => commits.map(({ writeId: _, ...commit }) => commit);

describe('demo history', () => {
  it('is the same, event for event, for the same seed and end date', async () => {
    const options = { seed: 'determinism', end: END, years: 1, scale: 0.03 };
    const [a, b] = [await generateHistory(options), await generateHistory(options)];
    expect(a.commits.length).toBeGreaterThan(500);
    expect(contentOf(b.commits)).toEqual(contentOf(a.commits));
    const other = await generateHistory({ ...options, seed: 'another' });
    expect(contentOf(other.commits)).not.toEqual(contentOf(a.commits));
  });

  it('writes through the rules without a single refusal, in time order, with gapless stream versions', async () => {
    const { commits, stats, start } = await generateHistory({
      seed: 'order',
      end: END,
      years: 1,
      scale: 0.05,
    });
    expect(stats.refused).toEqual({});
    const versions = new Map<string, number>();
    let last = '';
    for (const commit of commits) {
      expect(commit.version).toBe((versions.get(commit.streamId) ?? 0) + 1);
      versions.set(commit.streamId, commit.version);
      expect(commit.commitId > last).toBe(true);
      last = commit.commitId;
      expect(decodeTime(commit.commitId)).toBe(new Date(commit.committedAt).getTime());
      expect(commit.committedAt >= start.toISOString() && commit.committedAt <= END.toISOString()).toBe(true);
      expect('pending' in commit).toBe(false);
    }
  });

  it('looks like the business: seasons, growth, channels that convert differently, every context busy', async () => {
    const { commits, stats } = await generateHistory({ seed: 'firefly', end: END, scale: 0.3 });
    const events = eventsOf(commits);
    const leadsIn = (months: string[]) =>
      events.filter((e) => e.type === 'LeadCaptured' && months.includes(e.occurredAt.slice(5, 7))).length;
    expect(leadsIn(['03', '04', '05'])).toBeGreaterThan(1.5 * leadsIn(['12', '01', '02']));
    const year = (y: string) =>
      events.filter((e) => e.type === 'LeadCaptured' && e.occurredAt.startsWith(y)).length;
    expect(year('2025')).toBeGreaterThan(year('2024'));
    const rate = (channel: string) => {
      const captured = events
        .filter((e) => e.type === 'LeadCaptured' && e.data.channel === channel)
        .map((e) => e.data.leadId);
      const converted = new Set(events.filter((e) => e.type === 'LeadConverted').map((e) => e.data.leadId));
      return captured.filter((id) => converted.has(id)).length / captured.length;
    };
    expect(rate('referral')).toBeGreaterThan(2 * rate('paid_social'));
    expect(stats).toMatchObject({ refused: {} });
    expect(stats.cancelled).toBeGreaterThan(0);
    expect(stats.lateBuilds).toBeGreaterThan(0);
    expect(stats.purchaseOrders).toBeGreaterThan(0);
    const types = new Set(events.map((e) => e.type));
    for (const type of [
      'ModelRepriced',
      'QuoteDiscountApproved',
      'QuoteExpired',
      'PaymentFailed',
      'PaymentRefunded',
      'BuildDelayed',
      'StockConsumed',
      'PurchaseOrderReceived',
      'DamageClaimResolved',
      'CampaignSpendRecorded',
      'ItemCostChanged',
    ])
      expect(types, type).toContain(type);
  });
});
