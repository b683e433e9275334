import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/** Powertools, configured from the standard POWERTOOLS_* environment both clouds set. */
export const observability = (serviceName: string) => ({
  logger: new Logger({ serviceName }),
  tracer: new Tracer({ serviceName }),
  metrics: new Metrics({ serviceName, namespace: 'Firefly' }),
});
