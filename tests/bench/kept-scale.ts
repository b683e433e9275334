import { loadavg } from 'node:os';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { putItems } from '../../functions/adapters/views.ts';
import { commitOf } from '../../functions/application/event-store-port.ts';
import { createRowFolder } from '../../functions/application/view-rows.ts';
import { keptItemsOf } from '../../functions/projections/figures.ts';
import * as figures from '../../functions/reports/figures.ts';
import { env } from '../../functions/runtime/env.ts';
import { tables } from '../../functions/tables.ts';
import { generateHistory } from '../../infra/local/demo/history.ts';
import { startDynamo } from '../../infra/local/services.ts';
import { ensureTable } from '../../infra/local/tables.ts';
import { percentile, round } from './support.ts';

/**
 * Whether a kept report's latency grows with the business (issue 17), without a whole first start at
 * 10× (an hour on a shared machine): the demo history is generated at each scale, folded in memory, and
 * only its kept figures are written to a fresh dynalite; then each report's read (the partitions it
 * names, summed) is timed, scales interleaved. `npx tsx tests/bench/kept-scale.ts` (BENCH_SCALES).
 */
export const benchKeptScale = async () => {
  const scales = (process.env.BENCH_SCALES ?? '1,10').split(',').map(Number);
  const dynamo = await startDynamo(undefined);
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
  });
  const client = new DynamoDBClient({});
  const sizes: Record<string, unknown>[] = [];
  for (const scale of scales) {
    const started = performance.now();
    const history = await generateHistory({ seed: 'firefly', end: new Date(), scale });
    const folder = createRowFolder();
    for (const commit of history.commits) folder.add(commitOf(commit));
    const items = keptItemsOf(folder.rows());
    await ensureTable(client, `kept-${scale}`, tables.views);
    process.env[env.VIEWS_TABLE] = `kept-${scale}`;
    await putItems(items);
    const partitions = items.filter((i) => i.view === 'figures');
    const bytes = partitions.map((i) => JSON.stringify(i).length).sort((a, b) => a - b);
    sizes.push({
      scale,
      orders: history.stats.orders,
      leads: history.stats.leads,
      partitions: partitions.length,
      largestPartitionKb: round((bytes.at(-1) ?? 0) / 1024),
      seconds: round((performance.now() - started) / 1000),
    });
  }
  const reads: Record<string, () => Promise<unknown>> = {
    revenue24: () => figures.revenue(24),
    ordersByStage: () => figures.ordersByStage(),
    leadsByChannel12: () => figures.leadsByChannel(12),
  };
  const times = new Map<string, number[]>();
  const load = loadavg()[0]!;
  for (let i = 0; i < 30; i++)
    for (const scale of scales)
      for (const [name, read] of Object.entries(reads)) {
        process.env[env.VIEWS_TABLE] = `kept-${scale}`;
        const t0 = performance.now();
        await read();
        const key = `${name} at ${scale}×`;
        times.set(key, [...(times.get(key) ?? []), performance.now() - t0]);
      }
  const latency = [...times].map(([read, t]) => {
    const sorted = t.sort((a, b) => a - b);
    return { read, p50Ms: round(percentile(sorted, 50)), p95Ms: round(percentile(sorted, 95)) };
  });
  await dynamo.stop();
  const result = { sizes, latency, loadAverage: [round(load), round(loadavg()[0]!)] };
  console.table(sizes);
  console.table(latency);
  return result;
};

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchKeptScale()));
  process.exit(0);
}
