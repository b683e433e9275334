import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamId } from '../../../events/envelope.ts';
import { eventStore } from '../../../functions/adapters/event-store.ts';
import { prepareCommit } from '../../../functions/application/event-store-port.ts';
import { backfillAuditLog } from '../../../functions/audit/digests.ts';
import { type Api, signedIn, startTestCloud, type TestCloud } from '../../support/cloud.ts';

/**
 * Audit search by date range over a log that spans years: history imported back-dated (one event on
 * the 1st of every month from June 2023 to June 2026) beside today's live events.
 */
let cloud: TestCloud;
let owner: Api;
const months: string[] = [];

beforeAll(async () => {
  cloud = await startTestCloud();
  owner = await signedIn(cloud, 'owner');
  for (let m = 0; m <= 36; m++) months.push(new Date(Date.UTC(2023, 5 + m, 1, 12)).toISOString());
  await eventStore.importCommits(
    months.map(
      (at, i) =>
        prepareCommit(
          streamId('customer', `history${i}`),
          { version: 0, eventCount: 0 },
          [
            {
              type: 'CustomerRegistered',
              data: {
                customerId: `history${i}`,
                name: `History ${i}`,
                email: `h${i}@x.com`,
                marketingConsent: false,
              },
            },
          ],
          {
            actor: { id: 'import', role: 'system' },
            correlationId: `history-${i}`,
            at: new Date(at),
          },
        ).stored,
    ),
  );
  await backfillAuditLog();
  await owner.post('/api/customers', { name: 'Live', email: 'live@example.com' });
  await cloud.settle();
});
afterAll(() => cloud?.stop());

interface Page {
  items: { occurredAt: string; eventType: string }[];
  nextCursor?: string;
}

/** Every entry a search finds, page by page, and how many requests it took. */
const all = async (query: string) => {
  const found: Page['items'] = [];
  let cursor: string | undefined;
  let requests = 0;
  do {
    const res = await owner.get<Page>(
      `/api/audit/entries?${query}&limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.status).toBe(200);
    found.push(...res.body.items);
    cursor = res.body.nextCursor;
    requests++;
    expect(requests).toBeLessThan(100);
  } while (cursor);
  return { found, requests };
};

const imported = (from: string, to: string) => months.filter((at) => at >= from && at <= to).length;
const history = (items: Page['items']) => items.filter((e) => e.occurredAt < '2026-07-01');

describe('audit search by date range', () => {
  it('finds everything from a date (no end given) back to the start of the range', async () => {
    const { found } = await all('from=2026-01-01T00:00:00Z');
    expect(history(found)).toHaveLength(imported('2026-01-01', '2026-12-31'));
    expect(found.length).toBeGreaterThan(history(found).length); // and today's live entries
    expect(found.every((e) => e.occurredAt >= '2026-01-01')).toBe(true);
  });

  it('finds everything up to a date (no start given)', async () => {
    const { found } = await all('to=2024-01-01T00:00:00Z');
    expect(found).toHaveLength(imported('2000-01-01', '2024-01-01'));
    expect(found.every((e) => e.occurredAt <= '2024-01-01T00:00:00Z')).toBe(true);
  });

  it('finds a range that spans years, newest first', async () => {
    const { found } = await all('from=2024-03-01T00:00:00Z&to=2025-03-01T23:59:59Z');
    expect(found).toHaveLength(imported('2024-03-01', '2025-03-01T23:59:59Z'));
    const times = found.map((e) => e.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('pages through one type within a range without a gap or a repeat', async () => {
    // One index query per page, reading no row past it: the cursor must carry on exactly where it ended.
    const { found, requests } = await all(
      'type=CustomerRegistered&from=2024-03-01T00:00:00Z&to=2025-03-01T23:59:59Z',
    );
    const want = imported('2024-03-01', '2025-03-01T23:59:59Z');
    expect(found).toHaveLength(want);
    expect(new Set(found.map((e) => e.occurredAt)).size).toBe(want);
    expect(requests).toBe(Math.ceil(want / 10) + (want % 10 === 0 ? 1 : 0));
  });

  it('answers a range before the first entry, or in the future, with nothing and no cursor', async () => {
    for (const query of ['to=2020-01-01T00:00:00Z', 'from=2099-01-01T00:00:00Z']) {
      const res = await owner.get<Page>(`/api/audit/entries?${query}`);
      expect(res.body).toEqual({ items: [] });
    }
  });

  it('exports a range given only its start', async () => {
    const res = await owner.get<{ entries: unknown[] }>(
      '/api/audit/export?from=2026-01-01T00:00:00Z&format=json',
    );
    expect(res.status).toBe(200);
    expect(res.body.entries.length).toBeGreaterThanOrEqual(imported('2026-01-01', '2026-12-31'));
  });
});
