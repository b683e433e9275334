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
 * Powertools for one function, configured from the standard POWERTOOLS_* environment both clouds set.
 * `instrument` wraps a handler with logging, metrics and, where enabled, X-Ray tracing. The tracer is
 * loaded only when tracing is on: the X-Ray SDK installs process-wide async hooks as it is imported,
 * which slow every promise in the process (measured: most of the local cloud's per-request overhead).
 */
export const observability = (serviceName: string) => {
  const logger = new Logger({ serviceName });
  const metrics = new Metrics({ serviceName, namespace: 'Firefly' });
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
