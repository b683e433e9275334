import { appMetric, METRICS, type MetricDefinition, metricDefinition } from './metrics-catalog.ts';
import type { LogQuery, LogRecord, MetricResult, TelemetryPort } from './telemetry-port.ts';

/**
 * What the monitoring API asks of the telemetry port, with the bounds both clouds keep: a range
 * defaults to the hour before `to` (or now), and a chart has at most `maxPoints` points per series (a
 * longer range gets a coarser step than asked, and says which).
 */
const HOUR_MS = 3_600_000;
/** The logs route's filters (beside `limit` and `cursor`), one definition for its query and its tests. */
export const LOG_FILTERS = ['from', 'to', 'level', 'function', 'text', 'correlationId', 'actor'] as const;

/** The contract refuses an explicit `from` after `to`; a `from` in the future alone is an empty range. */
const range = (from: string | undefined, to: string | undefined, now: Date) => {
  const end = to ? new Date(to) : now;
  const start = from ? new Date(from) : new Date(end.getTime() - HOUR_MS);
  return { from: start, to: new Date(Math.max(start.getTime(), end.getTime())) };
};

/** A definition as the API shows it (how a ratio is computed is the adapters' business). */
const shown = ({ ratio: _, ...definition }: MetricDefinition): MetricDefinition => definition;

export const catalog = async (port: TelemetryPort): Promise<MetricDefinition[]> =>
  [...METRICS, ...(await port.discovered()).map(appMetric)].map(shown);

export const metricSeries = async (
  port: TelemetryPort,
  query: { metric: string; route?: string; function?: string; from?: string; to?: string },
  stepMinutes: number,
  maxPoints: number,
  now: Date,
): Promise<(MetricResult & { from: string; to: string }) | undefined> => {
  const { from, to } = range(query.from, query.to, now);
  if (!metricDefinition(query.metric) && !(await port.discovered()).includes(query.metric)) return undefined;
  const minutes = (to.getTime() - from.getTime()) / 60_000;
  const step = Math.max(stepMinutes, Math.ceil(minutes / maxPoints));
  const result = await port.metrics({ ...query, from, to, stepMinutes: step });
  return { ...result, definition: shown(result.definition), from: from.toISOString(), to: to.toISOString() };
};

export const searchLogs = (
  port: TelemetryPort,
  query: Omit<LogQuery, 'from' | 'to' | 'limit'> & { from?: string; to?: string; limit?: number },
  now: Date,
) => {
  const { from, to } = range(query.from, query.to, now);
  return port.logs({ ...query, from, to, limit: query.limit ?? 50 });
};

export type TraceStage =
  | 'api'
  | 'function'
  | 'commit'
  | 'projection'
  | 'audit'
  | 'notification'
  | 'workflow'
  | 'outbound'
  | 'state-machine';

/** Which step of a command's path a record is, by the function that wrote it. */
export const stageOf = (record: Pick<LogRecord, 'function' | 'message'>): TraceStage => {
  const fn = record.function;
  if (fn === 'api-gateway') return 'api';
  if (fn === 'publisher' || record.message === 'commit published') return 'commit';
  if (fn === 'projector' || fn === 'projections') return 'projection';
  if (fn === 'audit') return 'audit';
  if (fn === 'notifications') return 'notification';
  if (fn.startsWith('workflow')) return 'workflow';
  if (fn.startsWith('outbound')) return 'outbound';
  if (fn.startsWith('states:')) return 'state-machine';
  return 'function';
};

export const TRACE_LIMIT = 500;

export const traceOf = async (port: TelemetryPort, correlationId: string) => {
  const records = await port.trace(correlationId, TRACE_LIMIT + 1);
  const kept = records.slice(0, TRACE_LIMIT);
  const start = kept[0] ? Date.parse(kept[0].at) : 0;
  return {
    correlationId,
    steps: kept.map((r) => ({
      at: r.at,
      offsetMs: Date.parse(r.at) - start,
      stage: stageOf(r),
      function: r.function,
      level: r.level,
      message: r.message,
    })),
    truncated: records.length > TRACE_LIMIT,
  };
};
