import { AsyncLocalStorage } from 'node:async_hooks';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isDistribution } from '../../functions/monitoring/metrics-catalog.ts';
import { type Aggregate, emptyAggregate, minuteOf, record } from '../../functions/monitoring/rollups.ts';
import {
  type LogRow,
  openTelemetryStore,
  type Retention,
  type RollupRow,
} from '../../functions/monitoring/telemetry-local.ts';
import { setTelemetryTap } from '../../functions/runtime/observability.ts';

/**
 * The local cloud's collector: what CloudWatch does in AWS. Every function's Powertools log records and
 * EMF metrics arrive through the tap in functions/runtime/observability.ts (as objects, per invocation:
 * the invocation's function rides along in an AsyncLocalStorage), beside what the local cloud itself
 * knows: each API request's route, status and latency (the gateway), each invocation's duration, error
 * and cold start, state machine runs, bus deliveries, and the process's resources.
 *
 * The request path only pushes onto a bounded ring buffer; when it is full the oldest entry is dropped
 * and counted (`telemetry.dropped`), so a flood of log lines costs the API nothing but lost lines. A
 * timer drains the buffer into the store in batches: raw logs, and samples folded into one-minute
 * rollups (count, sum, min, max, a mergeable histogram for p50/p95/p99).
 */
type Entry =
  | ({ kind: 'log' } & LogRow)
  | { kind: 'sample'; at: number; metric: string; dims: Record<string, string>; value: number };

export interface TelemetryOptions {
  /** The store's file; `:memory:` keeps it in memory (tests). */
  file: string;
  /** Which levels still print to the terminal (the collector keeps INFO and above whatever this is). */
  terminalLevel: string;
  capacity?: number;
  flushMs?: number;
  retention?: Retention;
  /** Measured for its disk use. */
  dataDir?: string;
  resourcesMs?: number;
}

const LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'];
const rank = (level: string) => {
  const i = LEVELS.indexOf(level.toUpperCase());
  return i < 0 ? 1 : i;
};

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/** The invocation a record belongs to, as the local Lambda runtime sets it. */
export interface InvocationScope {
  fn: string;
  requestId: string;
}

export const DEFAULT_RETENTION: Retention = { logDays: 7, rollupDays: 30 };

const directorySize = async (dir: string): Promise<number> => {
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await directorySize(path);
    else if (entry.isFile()) total += (await stat(path).catch(() => ({ size: 0 }))).size;
  }
  return total;
};

export const startTelemetry = (options: TelemetryOptions) => {
  const store = openTelemetryStore(options.file);
  const capacity = options.capacity ?? 50_000;
  const retention = options.retention ?? DEFAULT_RETENTION;
  const terminal = rank(options.terminalLevel);
  const scope = new AsyncLocalStorage<InvocationScope>();
  // A ring: `head` is the oldest entry, `size` how many are held.
  const ring: (Entry | undefined)[] = new Array(capacity);
  let head = 0;
  let size = 0;
  let dropped = 0;
  let droppedFlushed = 0;

  const push = (entry: Entry) => {
    if (size === capacity) {
      ring[head] = undefined;
      head = (head + 1) % capacity;
      size -= 1;
      dropped += 1;
    }
    ring[(head + size) % capacity] = entry;
    size += 1;
  };

  const sample = (metric: string, value: number, dims: Record<string, string> = {}, at = Date.now()) =>
    push({ kind: 'sample', at, metric, dims, value });

  const log = (row: LogRow) => push({ kind: 'log', ...row });

  const drain = (): Entry[] => {
    const out: Entry[] = new Array(size);
    for (let i = 0; i < size; i++) {
      out[i] = ring[(head + i) % capacity]!;
      ring[(head + i) % capacity] = undefined;
    }
    head = 0;
    size = 0;
    return out;
  };

  /** Writes everything buffered: logs as they are, samples as per-minute aggregates. */
  const flush = () => {
    const entries = drain();
    // Counted beside the buffer, not in it: a full buffer must not drop its own count.
    if (dropped > droppedFlushed) {
      entries.push({
        kind: 'sample',
        at: Date.now(),
        metric: 'telemetry.dropped',
        dims: {},
        value: dropped - droppedFlushed,
      });
      droppedFlushed = dropped;
    }
    if (entries.length === 0) return;
    const logs: LogRow[] = [];
    const rollups = new Map<string, RollupRow>();
    for (const entry of entries) {
      if (entry.kind === 'log') {
        const { kind: _, ...row } = entry;
        logs.push(row);
        continue;
      }
      const minute = minuteOf(entry.at);
      const key = `${minute}|${entry.metric}|${JSON.stringify(entry.dims)}`;
      let rollup = rollups.get(key);
      if (!rollup) {
        const aggregate: Aggregate = emptyAggregate(isDistribution(entry.metric));
        rollup = { minute, metric: entry.metric, dims: entry.dims, aggregate };
        rollups.set(key, rollup);
      }
      record(rollup.aggregate, entry.value);
    }
    if (logs.length) store.writeLogs(logs);
    if (rollups.size) store.writeRollups([...rollups.values()]);
  };

  const flushSafely = () => {
    try {
      flush();
    } catch (error) {
      console.error('[telemetry] flush failed:', (error as Error).message);
    }
  };

  setTelemetryTap({
    log: (attributes) => {
      const invocation = scope.getStore();
      const level = text(attributes.level) ?? 'INFO';
      log({
        at: Date.parse(String(attributes.timestamp)) || Date.now(),
        level,
        fn: text(attributes.function_name) ?? invocation?.fn ?? text(attributes.service) ?? 'unknown',
        message: text(attributes.message) ?? '',
        correlationId: text(attributes.correlationId),
        actor: text(attributes.actorId),
        requestId: text(attributes.function_request_id) ?? invocation?.requestId,
        body: JSON.stringify(attributes),
      });
    },
    metrics: (emf) => {
      const aws = emf._aws as
        | {
            Timestamp?: number;
            CloudWatchMetrics?: { Dimensions?: string[][]; Metrics?: { Name: string }[] }[];
          }
        | undefined;
      const at = aws?.Timestamp ?? Date.now();
      for (const directive of aws?.CloudWatchMetrics ?? []) {
        const dims: Record<string, string> = {};
        for (const name of directive.Dimensions?.flat() ?? []) {
          const value = text(emf[name]);
          if (value) dims[name] = value;
        }
        for (const { Name } of directive.Metrics ?? []) {
          const raw = emf[Name];
          for (const value of Array.isArray(raw) ? raw : [raw])
            if (typeof value === 'number') sample(Name, value, dims, at);
        }
      }
    },
    prints: (level) => rank(level) >= terminal,
  });

  const flushTimer = setInterval(flushSafely, options.flushMs ?? 1000);
  flushTimer.unref();

  // Resources: the process's CPU, memory and event-loop delay, and the data dir's size.
  const delay = monitorEventLoopDelay({ resolution: 20 });
  delay.enable();
  let lastCpu = process.cpuUsage();
  let lastAt = performance.now();
  const sampleResources = () => {
    const cpu = process.cpuUsage(lastCpu);
    const now = performance.now();
    sample('resource.cpu', ((cpu.user + cpu.system) / 1000 / (now - lastAt)) * 100);
    lastCpu = process.cpuUsage();
    lastAt = now;
    const memory = process.memoryUsage();
    sample('resource.memory', memory.rss / 1_048_576);
    sample('resource.heap', memory.heapUsed / 1_048_576);
    sample('resource.eventLoopDelay', delay.percentile(99) / 1e6);
    delay.reset();
  };
  let sizing = false;
  const sampleDisk = () => {
    if (!options.dataDir || sizing) return;
    sizing = true;
    directorySize(options.dataDir)
      .then((bytes) => sample('resource.dataDir', bytes / 1_048_576))
      .finally(() => {
        sizing = false;
      });
  };
  const resourcesTimer = setInterval(sampleResources, options.resourcesMs ?? 15_000);
  // Reading the resident size is a read of /proc: once per invocation it was the costliest frame of the
  // local cloud under load (issue 17's profile). A second-old figure serves every invocation as well.
  let rssMb = process.memoryUsage.rss() / 1_048_576;
  const rssTimer = setInterval(() => {
    rssMb = process.memoryUsage.rss() / 1_048_576;
  }, 1_000);
  rssTimer.unref();
  resourcesTimer.unref();
  const diskTimer = setInterval(sampleDisk, 60_000);
  diskTimer.unref();
  sampleDisk();
  const prune = () => {
    try {
      store.prune(Date.now(), retention);
    } catch (error) {
      console.error('[telemetry] retention failed:', (error as Error).message);
    }
  };
  prune();
  const pruneTimer = setInterval(prune, 10 * 60_000);
  pruneTimer.unref();

  return {
    /** Runs a function invocation with its scope, so its records know whose they are. */
    scoped: <T>(invocation: InvocationScope, work: () => Promise<T>) => scope.run(invocation, work),
    /** One API request as the gateway saw it. */
    request: (r: {
      route: string;
      status: number;
      latencyMs: number;
      correlationId: string;
      requestId: string;
    }) => {
      const at = Date.now();
      // Per route, and for the whole API (no dimension), as API Gateway's metrics come in AWS.
      for (const dims of [{ route: r.route }, {}] as Record<string, string>[]) {
        sample('api.requests', 1, dims, at);
        sample('api.latency', r.latencyMs, dims, at);
        if (r.status >= 500) sample('api.5xx', 1, dims, at);
        else if (r.status >= 400) sample('api.4xx', 1, dims, at);
      }
      log({
        at: at - Math.round(r.latencyMs),
        level: r.status >= 500 ? 'ERROR' : 'INFO',
        fn: 'api-gateway',
        message: `${r.route} answered ${r.status} in ${r.latencyMs.toFixed(1)} ms`,
        correlationId: r.correlationId,
        requestId: r.requestId,
        body: JSON.stringify({ route: r.route, status: r.status, latencyMs: r.latencyMs }),
      });
    },
    /** One function invocation as the local Lambda runtime ran it. */
    invocation: (r: { fn: string; durationMs: number; error: boolean; coldStart: boolean }) => {
      const dims = { function: r.fn };
      sample('function.invocations', 1, dims);
      sample('function.duration', r.durationMs, dims);
      if (r.error) sample('function.errors', 1, dims);
      if (r.coldStart) sample('function.coldStarts', 1, dims);
      // One process runs every function here: its resident memory is what any of them used.
      sample('function.memory', rssMb, dims);
    },
    /** One state machine run that ended. */
    execution: (r: { machine: string; outcome: string; durationMs: number; name: string }) => {
      sample('stateMachine.runs', 1, { machine: r.machine, outcome: r.outcome });
      sample('stateMachine.duration', r.durationMs, { machine: r.machine });
      log({
        at: Date.now(),
        level: r.outcome === 'SUCCEEDED' ? 'INFO' : 'WARN',
        fn: `states:${r.machine}`,
        message: `Execution ${r.name} ${r.outcome.toLowerCase()} after ${Math.round(r.durationMs)} ms`,
        body: JSON.stringify(r),
      });
    },
    /** One bus delivery attempt's outcome. */
    delivery: (r: { target: string; outcome: 'delivered' | 'retried' | 'deadLettered' }) =>
      sample(
        r.outcome === 'delivered'
          ? 'bus.deliveries'
          : r.outcome === 'retried'
            ? 'bus.retries'
            : 'bus.deadLetters',
        1,
        { target: r.target },
      ),
    sample,
    flush,
    dropped: () => dropped,
    buffered: () => size,
    store,
    stop: () => {
      clearInterval(flushTimer);
      clearInterval(resourcesTimer);
      clearInterval(rssTimer);
      clearInterval(diskTimer);
      clearInterval(pruneTimer);
      delay.disable();
      flushSafely();
      setTelemetryTap(undefined);
      store.close();
    },
  };
};

export type Telemetry = ReturnType<typeof startTelemetry>;
