import { env } from '../runtime/env.ts';
import type { TelemetryPort } from './telemetry-port.ts';

/**
 * Chooses the telemetry port's adapter (the port itself: telemetry-port.ts): the local cloud's store
 * when the environment names its file, else CloudWatch.
 */
const chosen = new Map<string, Promise<TelemetryPort>>();

/** The adapter for this environment, made once per instance (and per local store: tests start several). */
export const telemetry = (): Promise<TelemetryPort> => {
  const file = process.env[env.TELEMETRY_STORE] ?? '';
  let port = chosen.get(file);
  if (!port) {
    port = file
      ? import('./telemetry-local.ts').then((m) => m.localTelemetry(file))
      : import('./telemetry-cloudwatch.ts').then((m) => m.cloudWatchTelemetry());
    chosen.set(file, port);
  }
  return port;
};
