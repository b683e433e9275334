import { env } from '../../functions/runtime/env.ts';
import { type Json, signedIn, startTestCloud } from '../support/cloud.ts';
import { round } from './support.ts';

/**
 * Outbound webhooks under failure (called by `npm run bench`, or `npx tsx tests/bench/outbound.ts`):
 * 1,000 events to one endpoint whose receiver fails half of all requests at random. The retry schedule
 * is scaled by 1/10,000 (5 min becomes 30 ms) so the whole schedule runs in seconds; the schedule's
 * function is run back to back rather than once a minute. With 8 attempts a delivery fails for good
 * with probability 1/256, so a few end `failed`; a replay of the range sends those again. Figures:
 * delivered, failed, lost (neither delivered nor failed: must be 0), attempts, and times.
 */
const quick = process.env.BENCH_QUICK === '1';

export const benchOutbound = async (): Promise<Record<string, number>> => {
  const events = quick ? 200 : 1000;
  process.env[env.OUTBOUND_RETRY_SCALE] = '0.0001';
  const cloud = await startTestCloud({ logLevel: 'ERROR' });
  try {
    const owner = await signedIn(cloud, 'owner');
    const receiver = cloud.sandboxes.receiver;
    const endpoint = (
      await owner.post<Json>('/api/webhook-endpoints', {
        url: receiver.endpoint('bench'),
        eventTypes: ['CustomerRegistered'],
      })
    ).body;
    receiver.configure('bench', { secret: String(endpoint.signingSecret), failRate: 0.5 });
    await cloud.settle();
    const from = new Date().toISOString();
    const started = performance.now();
    let next = 0;
    const writer = async () => {
      while (next < events) {
        const i = next++;
        await owner.post('/api/customers', { name: `Bench ${i}`, email: `bench-${i}@example.com` });
      }
    };
    await Promise.all(Array.from({ length: 16 }, writer));
    const written = performance.now();

    const deliveries = async () => {
      const all: Json[] = [];
      let cursor: string | undefined;
      do {
        const page = await owner.get<{ items: Json[]; nextCursor?: string }>(
          `/api/webhook-endpoints/${endpoint.id}/deliveries?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        );
        all.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      return all;
    };
    const count = (rows: Json[], status: string) => rows.filter((d) => d.status === status).length;
    let rows: Json[] = [];
    for (let pass = 0; pass < 600; pass++) {
      await cloud.settle();
      await cloud.scheduler.runNow('outbound-retries');
      rows = await deliveries();
      if (rows.length >= events && count(rows, 'pending') === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const settled = performance.now();
    const failed = count(rows, 'failed');
    const delivered = count(rows, 'delivered');

    // The few that failed every attempt: a replay of the range sends them again under the same ids.
    await owner.post(`/api/webhook-endpoints/${endpoint.id}/replay`, { from, to: new Date().toISOString() });
    let after: Json[] = rows;
    for (let pass = 0; pass < 600 && failed > 0; pass++) {
      await cloud.scheduler.runNow('outbound-retries');
      await cloud.settle();
      after = await deliveries();
      if (count(after, 'pending') === 0) break;
    }
    const accepted = new Set(
      receiver
        .received('bench')
        .filter((r) => r.answered === 200 && r.verified)
        .map((r) => r.headers['webhook-id']),
    );
    return {
      events,
      deliveries: rows.length,
      deliveredBySchedule: delivered,
      failedAfterAllAttempts: failed,
      lost: events - delivered - failed,
      deliveredAfterReplay: count(after, 'delivered'),
      receiverAcceptedDistinctIds: accepted.size,
      requestsSent: receiver.received('bench').length,
      writeSeconds: round((written - started) / 1000),
      allSettledSeconds: round((settled - started) / 1000),
    };
  } finally {
    delete process.env[env.OUTBOUND_RETRY_SCALE];
    await cloud.stop();
  }
};

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchOutbound(), null, 2));
  process.exit(0);
}
