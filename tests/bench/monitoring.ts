import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MINUTE_MS, minuteOf } from '../../functions/monitoring/rollups.ts';
import { localTelemetry } from '../../functions/monitoring/telemetry-local.ts';
import { observability } from '../../functions/runtime/observability.ts';
import { startTelemetry } from '../../infra/local/telemetry.ts';

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * The local cloud's telemetry: what collection costs one API request on its path (the gateway's
 * request record, one invocation record and two Powertools log lines through the tap: the buffer push
 * only, the store is written off the path), what a flush of a busy second costs, and how long the
 * metrics route's store read takes for 24 hours of one-minute data (the Metrics page's longest
 * one-minute range: 12 routes × 1,440 minutes).
 */
export const benchMonitoring = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'firefly-bench-telemetry-'));
  const file = join(dir, 'telemetry.sqlite');
  const telemetry = startTelemetry({ file, terminalLevel: 'SILENT', flushMs: 3_600_000 });
  try {
    const { logger } = observability('bench');
    const requests = 20_000;
    const started = performance.now();
    for (let i = 0; i < requests; i++) {
      await telemetry.scoped({ fn: 'api-bench', requestId: String(i) }, async () => {
        logger.appendKeys({ correlationId: `c-${i}` });
        logger.info('request refused', { status: 404 });
        logger.info('commit published', { streamId: 's', version: i });
      });
      telemetry.invocation({ fn: 'api-bench', durationMs: 3, error: false, coldStart: false });
      telemetry.request({
        route: 'GET /api/orders',
        status: 200,
        latencyMs: 4,
        correlationId: `c-${i}`,
        requestId: String(i),
      });
      if (i % 2_000 === 1_999) telemetry.flush();
    }
    const perRequestUs = ((performance.now() - started) / requests) * 1000;
    const flushStarted = performance.now();
    for (let i = 0; i < 1_000; i++)
      telemetry.request({
        route: 'GET /api/orders',
        status: 200,
        latencyMs: 4,
        correlationId: 'c',
        requestId: 'r',
      });
    telemetry.flush();
    const flushOf1000Ms = performance.now() - flushStarted;

    // A day of minutes for 12 routes, written as the collector would.
    const end = minuteOf(Date.now());
    const day = 1440;
    for (let m = 0; m < day; m++) {
      if (m % 200 === 0) telemetry.flush();
      for (let r = 0; r < 12; r++)
        for (let k = 0; k < 5; k++)
          telemetry.sample(
            'api.latency',
            2 + ((m + r + k) % 50),
            { route: `GET /api/r${r}` },
            end - m * MINUTE_MS,
          );
    }
    telemetry.flush();
    const port = localTelemetry(file);
    const query = {
      metric: 'api.latency',
      from: new Date(end - day * MINUTE_MS),
      to: new Date(end + MINUTE_MS),
    };
    const reads = { oneMinute: [] as number[], fiveMinutes: [] as number[] };
    for (let i = 0; i < 5; i++) {
      let t = performance.now();
      await port.metrics({ ...query, stepMinutes: 1 });
      reads.oneMinute.push(performance.now() - t);
      t = performance.now();
      await port.metrics({ ...query, stepMinutes: 5 });
      reads.fiveMinutes.push(performance.now() - t);
    }
    const result = {
      collectionPerRequestUs: Math.round(perRequestUs * 10) / 10,
      flushOf1000RequestsMs: Math.round(flushOf1000Ms),
      day12RoutesAt1mReadMs: Math.round(median(reads.oneMinute)),
      day12RoutesAt5mReadMs: Math.round(median(reads.fiveMinutes)),
      dropped: telemetry.dropped(),
    };
    console.table([result]);
    return result;
  } finally {
    telemetry.stop();
    rmSync(dir, { recursive: true, force: true });
  }
};
