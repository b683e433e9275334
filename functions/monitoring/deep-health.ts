import { DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeEventBusCommand } from '@aws-sdk/client-eventbridge';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { DEPENDENCIES, type HealthStatus } from '../../domain/monitoring/rules.ts';
import { probes } from '../adapters/clients.ts';
import { readPending } from '../adapters/event-store.ts';
import { listPending } from '../audit/store.ts';
import { config } from '../runtime/config.ts';
import { lastRunAt } from './datapoints.ts';
import { deadLettersCheck, type PipelineCheck, projectionLagCheck } from './pipeline-figures.ts';

/**
 * The deep health check: every dependency probed at once, each with its own timeout, so one that hangs
 * reports `timeout` and the answer still comes within the longest timeout. The same code in both clouds:
 * the SDK clients reach whatever endpoints the configuration gives (AWS, or the local cloud's dynalite,
 * s3rver, cognito-local and its EventBridge / Step Functions API).
 *
 * Projection lag and dead letters come from the metrics (functions/monitoring/pipeline-figures.ts).
 */
export interface CheckOutcome {
  status: HealthStatus;
  latencyMs: number;
  reason: string;
  /** Figures a pipeline check measured (depth, oldest age in seconds). */
  figures?: Record<string, number>;
}

export interface DeepHealth {
  status: HealthStatus;
  checkedAt: string;
  checks: ({ check: string; name: string } & CheckOutcome)[];
}

export const PROBE_TIMEOUT_MS = 2_000;
/** Slower than this the dependency answers, but is degraded. */
const SLOW_MS = 1_000;

class ProbeTimeout extends Error {}

export type Probe = (signal: AbortSignal) => Promise<Omit<CheckOutcome, 'latencyMs'> | undefined>;

/** One probe under its own timeout: a hang reports `timeout` (and aborts the request) instead of waiting. */
export const timed = async (probe: Probe, timeoutMs: number): Promise<CheckOutcome> => {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const latency = () => Math.round(performance.now() - started);
  try {
    const result = await Promise.race([
      probe(controller.signal),
      new Promise<never>((_, fail) => {
        timer = setTimeout(() => {
          controller.abort();
          fail(new ProbeTimeout());
        }, timeoutMs);
      }),
    ]);
    const latencyMs = latency();
    if (result) return { ...result, latencyMs };
    return latencyMs > SLOW_MS
      ? { status: 'degraded', latencyMs, reason: `Answered slowly (${latencyMs} ms)` }
      : { status: 'ok', latencyMs, reason: 'Answered' };
  } catch (error) {
    if (error instanceof ProbeTimeout)
      return { status: 'down', latencyMs: latency(), reason: `timeout: no answer in ${timeoutMs} ms` };
    const e = error as Error & { code?: string };
    const cause = (e.cause as { code?: string } | undefined)?.code ?? e.code;
    return {
      status: 'down',
      latencyMs: latency(),
      reason: `${e.name}${cause ? ` (${cause})` : ''}: ${e.message}`.slice(0, 300),
    };
  } finally {
    clearTimeout(timer);
  }
};

const table =
  (name: () => string): Probe =>
  async (abortSignal) => {
    const answer = await probes().dynamo.send(new DescribeTableCommand({ TableName: name() }), {
      abortSignal,
    });
    const status = answer.Table?.TableStatus;
    return status === 'ACTIVE'
      ? undefined
      : { status: 'degraded', reason: `Table is ${status ?? 'unknown'}` };
  };

const bucket =
  (name: () => string): Probe =>
  async (abortSignal) => {
    await probes().s3.send(new HeadBucketCommand({ Bucket: name() }), { abortSignal });
    return undefined;
  };

const ageSeconds = (at: string | undefined, now: Date) =>
  at ? Math.max(0, Math.round((now.getTime() - Date.parse(at)) / 1000)) : 0;

const PENDING_READ = 100;

/** A scheduled run is expected every minute: late after 3, missing after 10. */
const SCHEDULE_LATE_S = 180;
const SCHEDULE_MISSING_S = 600;

const probesOf = (now: Date): Record<string, Probe> => ({
  'table:events': table(() => config.eventsTable),
  'table:views': table(() => config.viewsTable),
  'table:audit': table(() => config.auditTable),
  'bucket:backups': bucket(() => config.backupsBucket),
  'bucket:exports': bucket(() => config.exportsBucket),
  'bucket:webhooks': bucket(() => config.webhooksBucket),
  'bucket:analytics': bucket(() => config.analyticsBucket),
  'bucket:audit': bucket(() => config.auditBucket),
  bus: async (abortSignal) => {
    await probes().eventBridge.send(new DescribeEventBusCommand({ Name: config.busName }), { abortSignal });
    return undefined;
  },
  cognito: async (abortSignal) => {
    await probes().cognito.send(new DescribeUserPoolCommand({ UserPoolId: config.userPoolId }), {
      abortSignal,
    });
    return undefined;
  },
  stepfunctions: async (abortSignal) => {
    await probes().sfn.send(
      new ListExecutionsCommand({ stateMachineArn: config.stateMachineArn('backup'), maxResults: 1 }),
      { abortSignal },
    );
    return undefined;
  },
  // The scheduler is seen by what it runs: the minutely monitoring check's last datapoint.
  scheduler: async () => {
    const last = await lastRunAt(now);
    if (!last) return { status: 'degraded', reason: 'No scheduled monitoring run recorded yet' };
    const age = ageSeconds(last, now);
    const figures = { lastRunAgeSeconds: age };
    if (age > SCHEDULE_MISSING_S)
      return { status: 'down', reason: `No scheduled run for ${age} s (last ${last})`, figures };
    if (age > SCHEDULE_LATE_S)
      return { status: 'degraded', reason: `The last scheduled run was ${age} s ago`, figures };
    return undefined;
  },
});

/** A check read from the metrics, as a probe under the same timeout as the others. */
const fromMetrics =
  (read: () => Promise<PipelineCheck>): Probe =>
  async () => {
    const { status, reason, figures } = await read();
    return { status, reason, ...(figures ? { figures } : {}) };
  };

/**
 * The platform's own pipeline: what waits to be published (publish lag) and to be chained (audit lag),
 * how far the views trail (projection lag), and deliveries the bus gave up on (dead letters).
 */
const pipelineProbes = (now: Date): Record<string, { name: string; probe: Probe }> => ({
  'pipeline:outbox': {
    name: 'Outbox (publish lag)',
    probe: async () => {
      const pending = await readPending(PENDING_READ);
      const oldestAgeSeconds = ageSeconds(pending[0]?.committedAt, now);
      const depth = `${pending.length}${pending.length >= PENDING_READ ? '+' : ''}`;
      return {
        status: oldestAgeSeconds > 300 ? 'down' : oldestAgeSeconds > 60 ? 'degraded' : 'ok',
        reason: pending.length
          ? `${depth} commits unpublished, the oldest ${oldestAgeSeconds} s old`
          : 'Every commit is published',
        figures: { depth: pending.length, oldestAgeSeconds },
      };
    },
  },
  'pipeline:audit': {
    name: 'Audit log (audit lag)',
    probe: async () => {
      const pending = await listPending(PENDING_READ);
      const oldest = pending.map((p) => p.occurredAt).sort()[0];
      const oldestAgeSeconds = ageSeconds(oldest, now);
      return {
        status: oldestAgeSeconds > 600 ? 'down' : oldestAgeSeconds > 120 ? 'degraded' : 'ok',
        reason: pending.length
          ? `${pending.length} events wait to be chained, the oldest ${oldestAgeSeconds} s old`
          : 'Every event is chained',
        figures: { depth: pending.length, oldestAgeSeconds },
      };
    },
  },
  'pipeline:projections': {
    name: 'Projections (projection lag)',
    probe: fromMetrics(() => projectionLagCheck(now)),
  },
  'pipeline:dead-letters': { name: 'Dead letters', probe: fromMetrics(() => deadLettersCheck(now)) },
});

const WORST: readonly HealthStatus[] = ['down', 'degraded', 'ok'];

/** Every check at once; the overall status is the worst of them. */
export const deepHealth = async (options: { now?: Date; timeoutMs?: number } = {}): Promise<DeepHealth> => {
  const now = options.now ?? new Date();
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  const dependencyProbes = probesOf(now);
  const all = [
    ...DEPENDENCIES.map((d) => ({ ...d, probe: dependencyProbes[d.check]! })),
    ...Object.entries(pipelineProbes(now)).map(([check, p]) => ({ check, ...p })),
  ];
  const checks = await Promise.all(
    all.map(async ({ check, name, probe }) => ({ check, name, ...(await timed(probe, timeoutMs)) })),
  );
  const status = WORST.find((s) => checks.some((c) => c.status === s)) ?? 'ok';
  return { status, checkedAt: now.toISOString(), checks };
};
