import type { LogItem } from '@aws-lambda-powertools/logger';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { env } from './env.ts';

/** Tracing follows Powertools' own switch, which the CDK app turns on and the local cloud off. */
const tracingEnabled = () => process.env[env.POWERTOOLS_TRACE_ENABLED] !== 'false';

/**
 * Where the local cloud collects what functions emit (infra/local/telemetry.ts). In AWS nothing is
 * tapped: Lambda ships stdout to CloudWatch Logs and EMF becomes metrics there.
 */
export interface TelemetryTap {
  /** One structured log record, as Powertools would print it. */
  log: (record: Record<string, unknown>) => void;
  /** One EMF document, as Powertools would print it. */
  metrics: (emf: Record<string, unknown>) => void;
  /** Whether a record of this level also goes to the terminal (the collector wants more than people do). */
  prints: (level: string) => boolean;
}

let tap: TelemetryTap | undefined;
/** Installed by the local cloud before any function runs; `undefined` removes it. */
export const setTelemetryTap = (next: TelemetryTap | undefined) => {
  tap = next;
};

/** A Logger whose records reach the tap as objects, so nothing parses printed text. */
class TappedLogger extends Logger {
  protected override printLog(logLevel: number, log: LogItem): void {
    if (!tap) {
      super.printLog(logLevel, log);
      return;
    }
    log.prepareForPrint();
    const record = log.getAttributes() as Record<string, unknown>;
    tap.log(record);
    if (tap.prints(String(record.level))) super.printLog(logLevel, log);
  }
}

/** Metrics whose EMF reaches the tap, even where printing is off (the local cloud disables it). */
class TappedMetrics extends Metrics {
  public override publishStoredMetrics(): this {
    if (tap && this.hasStoredMetrics()) tap.metrics(this.serializeMetrics() as Record<string, unknown>);
    return super.publishStoredMetrics();
  }
}

/** What a consumer logs of the bus event it handled (an envelope from events/, structurally). */
interface HandledEvent {
  id: string;
  type: string;
  streamId: string;
  correlationId: string;
  actor: { id: string };
}

/**
 * Logs that a consumer handled one bus event, under the event's correlation id and actor, so one
 * command's whole path (API, commit, bus, projections, audit, workflows) is found by that id.
 */
export const logHandled = (
  logger: Logger,
  event: HandledEvent,
  outcome: string,
  extra: Record<string, unknown> = {},
) => {
  logger.appendKeys({ correlationId: event.correlationId, actorId: event.actor.id });
  logger.info(outcome, { eventId: event.id, type: event.type, streamId: event.streamId, ...extra });
};

/**
 * Powertools for one function, configured from the standard POWERTOOLS_* environment both clouds set.
 * `instrument` wraps a handler with logging, metrics and, where enabled, X-Ray tracing. The tracer is
 * loaded only when tracing is on: the X-Ray SDK installs process-wide async hooks as it is imported,
 * which slow every promise in the process (measured: most of the local cloud's per-request overhead).
 */
export const observability = (serviceName: string) => {
  const logger: Logger = new TappedLogger({ serviceName });
  const metrics: Metrics = new TappedMetrics({ serviceName, namespace: 'Firefly' });
  const instrument = <E, R>(handler: (event: E, context: Context) => Promise<R>) => {
    let chain: Promise<(event: E, context: Context) => Promise<R>> | undefined;
    const build = async () => {
      const wrapped = middy(handler)
        .use(injectLambdaContext(logger, { resetKeys: true }))
        .use(logMetrics(metrics));
      if (tracingEnabled()) {
        const [{ Tracer }, { captureLambdaHandler }] = await Promise.all([
          import('@aws-lambda-powertools/tracer'),
          import('@aws-lambda-powertools/tracer/middleware'),
        ]);
        wrapped.use(captureLambdaHandler(new Tracer({ serviceName })));
      }
      return wrapped as unknown as (event: E, context: Context) => Promise<R>;
    };
    return async (event: E, context: Context): Promise<R> => {
      chain ??= build();
      return (await chain)(event, context);
    };
  };
  return { logger, metrics, instrument };
};
