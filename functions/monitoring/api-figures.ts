import { API_METRICS_CHECK } from '../../domain/monitoring/rules.ts';
import type { DeepHealth } from './deep-health.ts';
import { MINUTE_MS, minuteOf } from './rollups.ts';
import { telemetry } from './telemetry.ts';
import type { MetricSeries, TelemetryPort } from './telemetry-port.ts';

type Check = DeepHealth['checks'][number];

/** The series of the whole API (no route dimension) in an answer. */
const whole = (series: MetricSeries[]) => series.find((s) => Object.keys(s.labels).length === 0);
const sum = (series: MetricSeries | undefined) => (series?.points ?? []).reduce((n, p) => n + p.value, 0);

/**
 * The API's 5xx rate and p99 latency over the last whole minute, as a check the alert rules read
 * (domain/monitoring/rules.ts). A minute without requests is 0 on both; a failed read measures nothing,
 * which the rules count as a breach.
 */
export const apiFiguresCheck = async (now: Date, port?: TelemetryPort): Promise<Check> => {
  const started = Date.now();
  const to = new Date(minuteOf(now.getTime()));
  const window = { from: new Date(to.getTime() - MINUTE_MS), to, stepMinutes: 1 };
  try {
    const source = port ?? (await telemetry());
    const [requests, failures, latency] = await Promise.all(
      ['api.requests', 'api.5xx', 'api.latency'].map((metric) => source.metrics({ metric, ...window })),
    );
    const count = sum(whole(requests!.series));
    const serverErrorRatePercent = count ? (100 * sum(whole(failures!.series))) / count : 0;
    const p99LatencyMs = whole(latency!.series)?.points[0]?.p99 ?? 0;
    return {
      check: API_METRICS_CHECK,
      name: 'API requests',
      status: 'ok',
      latencyMs: Date.now() - started,
      reason: `${count} requests in the minute to ${to.toISOString()}: ${serverErrorRatePercent.toFixed(2)}% 5xx, p99 ${Math.round(p99LatencyMs)} ms`,
      figures: { requests: count, serverErrorRatePercent, p99LatencyMs },
    };
  } catch (error) {
    return {
      check: API_METRICS_CHECK,
      name: 'API requests',
      status: 'down',
      latencyMs: Date.now() - started,
      reason: `The API's metrics could not be read: ${(error as Error).message}`,
    };
  }
};
