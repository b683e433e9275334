import autocannon from 'autocannon';
import { percentile, round } from './support.ts';

export interface LoadResult {
  requests: number;
  errors: number;
  non2xx: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
}

/**
 * Drives one route with autocannon, at a fixed offered rate (latency under a known load) or unthrottled
 * (maximum throughput). Latencies are taken from each response, so p95 is exact rather than interpolated.
 */
export const load = async (options: {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  durationSeconds: number;
  connections: number;
  rate?: number;
}): Promise<LoadResult> => {
  const latencies: number[] = [];
  let finish: (error: Error | null, result: autocannon.Result) => void = () => undefined;
  const finished = new Promise<autocannon.Result>((done, fail) => {
    finish = (error, result) => (error ? fail(error) : done(result));
  });
  // With a callback autocannon returns its instance (an event emitter) rather than a promise.
  const instance = autocannon(
    {
      url: options.url,
      method: options.method,
      headers: options.headers,
      body: options.body,
      duration: options.durationSeconds,
      connections: options.connections,
      ...(options.rate ? { overallRate: options.rate } : {}),
    },
    (error, result) => finish(error, result),
  );
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
  });
  const result = await finished;
  latencies.sort((a, b) => a - b);
  return {
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    rps: round(result.requests.total / options.durationSeconds),
    p50: round(percentile(latencies, 50), 2),
    p95: round(percentile(latencies, 95), 2),
    p99: round(percentile(latencies, 99), 2),
  };
};
