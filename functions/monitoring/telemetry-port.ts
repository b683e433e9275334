import type { MetricDefinition } from './metrics-catalog.ts';

/**
 * The one port the monitoring API reads metrics, resources and logs through. Two adapters: the local
 * cloud's store (functions/monitoring/telemetry-local.ts, a SQLite file under DATA_DIR that the local
 * cloud fills from what the functions emit) and CloudWatch (telemetry-cloudwatch.ts: GetMetricData and
 * Logs Insights). Which one is the environment's choice: the local cloud names its store's file.
 */
export interface MetricQuery {
  metric: string;
  from: Date;
  to: Date;
  stepMinutes: number;
  route?: string;
  function?: string;
}

export interface MetricPoint {
  t: string;
  /** Samples in the step (requests, invocations, runs…). */
  count: number;
  /** The headline: a counter's total, a gauge's or distribution's mean, a ratio's percentage. */
  value: number;
  min?: number;
  max?: number;
  p50?: number;
  p95?: number;
  p99?: number;
}

export interface MetricSeries {
  labels: Record<string, string>;
  points: MetricPoint[];
}

export interface MetricResult {
  definition: MetricDefinition;
  stepMinutes: number;
  series: MetricSeries[];
  /** More series matched than the answer carries (the busiest are kept). */
  truncated: boolean;
}

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'CRITICAL';
export const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL'];

export interface LogQuery {
  from: Date;
  to: Date;
  /** The least severe level shown. */
  level?: LogLevel;
  function?: string;
  text?: string;
  correlationId?: string;
  actor?: string;
  limit: number;
  cursor?: string;
}

export interface LogRecord {
  at: string;
  level: string;
  function: string;
  message: string;
  correlationId?: string;
  actor?: string;
  requestId?: string;
  /** The record's other keys, as the function logged them. */
  fields: Record<string, unknown>;
}

export interface ResourceReading {
  resource: string;
  title: string;
  value: number;
  unit: 'percent' | 'MB' | 'ms' | 'count' | 'bytes';
  /** What it is measured against (a function's configured memory). */
  limit?: number;
  /** Which function, table or bucket. */
  of?: string;
}

export interface TelemetryPort {
  cloud: 'local' | 'aws';
  metrics: (query: MetricQuery) => Promise<MetricResult>;
  /** Metrics that have data besides the catalog's (the functions' own EMF metrics). */
  discovered: () => Promise<string[]>;
  resources: (now: Date) => Promise<ResourceReading[]>;
  logs: (query: LogQuery) => Promise<{ items: LogRecord[]; nextCursor?: string }>;
  /** Every record of one correlation id, oldest first (at most `limit`). */
  trace: (correlationId: string, limit: number) => Promise<LogRecord[]>;
}
