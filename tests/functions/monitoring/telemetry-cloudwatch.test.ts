import { describe, expect, it } from 'vitest';
import {
  type CloudWatchApi,
  cloudWatchTelemetry,
} from '../../../functions/monitoring/telemetry-cloudwatch.ts';

/**
 * The CloudWatch adapter against a recording client (the SDK clients are not yet dependencies, so
 * aws-sdk-client-mock has nothing to mock): what it asks GetMetricData and Logs Insights, and how it
 * reads their answers into the port's shapes.
 */
const recording = (
  answers: Partial<{ [K in keyof CloudWatchApi]: Awaited<ReturnType<CloudWatchApi[K]>> }>,
) => {
  const calls: { op: string; input: unknown }[] = [];
  const api: CloudWatchApi = {
    getMetricData: async (input) => {
      calls.push({ op: 'getMetricData', input });
      return answers.getMetricData ?? {};
    },
    startQuery: async (input) => {
      calls.push({ op: 'startQuery', input });
      return { queryId: 'q-1' };
    },
    getQueryResults: async (input) => {
      calls.push({ op: 'getQueryResults', input });
      return answers.getQueryResults ?? { status: 'Complete', results: [] };
    },
  };
  return { api, calls };
};

const from = new Date('2026-12-02T10:00:00Z');
const to = new Date('2026-12-02T11:00:00Z');

describe('telemetry on CloudWatch', () => {
  it("asks API Gateway's per-route latency percentiles with SEARCH and reads one series per route", async () => {
    const t = [new Date('2026-12-02T10:00:00Z')];
    const { api, calls } = recording({
      getMetricData: {
        MetricDataResults: [
          { Id: 'value_0', Label: 'GET /api/orders', Timestamps: t, Values: [42] },
          { Id: 'count_1', Label: 'GET /api/orders', Timestamps: t, Values: [100] },
          { Id: 'p99_4', Label: 'GET /api/orders', Timestamps: t, Values: [310] },
        ],
      },
    });
    const port = cloudWatchTelemetry(api, '/firefly-test/functions/');
    const result = await port.metrics({
      metric: 'api.latency',
      from,
      to,
      stepMinutes: 5,
      route: 'GET /api/orders',
    });
    const input = calls[0]!.input as { MetricDataQueries: { Expression: string }[] };
    expect(input.MetricDataQueries.map((q) => q.Expression)).toContain(
      `SEARCH('{AWS/ApiGateway,ApiId,Stage,Route} MetricName="Latency" Route="GET /api/orders"', 'p99', 300)`,
    );
    expect(result.series).toEqual([
      {
        labels: { route: 'GET /api/orders' },
        points: [{ t: '2026-12-02T10:00:00.000Z', count: 100, value: 42, p99: 310 }],
      },
    ]);
  });

  it('computes a 5xx rate from the 5xx and request counts', async () => {
    const t = [new Date('2026-12-02T10:00:00Z')];
    const { api } = recording({
      getMetricData: {
        MetricDataResults: [
          { Id: 'ratio0_0', Label: 'GET /api/orders', Timestamps: t, Values: [2] },
          { Id: 'ratio1_0', Label: 'GET /api/orders', Timestamps: t, Values: [200] },
        ],
      },
    });
    const result = await cloudWatchTelemetry(api, '').metrics({
      metric: 'api.5xxRate',
      from,
      to,
      stepMinutes: 1,
    });
    expect(result.series[0]!.points[0]).toMatchObject({ count: 200, value: 1 });
  });

  it('searches logs with Logs Insights filters (quotes escaped) and reads records', async () => {
    const { api, calls } = recording({
      getQueryResults: {
        status: 'Complete',
        results: [
          [
            { field: '@timestamp', value: '2026-12-02 10:05:00.000' },
            { field: 'level', value: 'INFO' },
            { field: 'function_name', value: 'projector' },
            { field: 'message', value: 'projected' },
            { field: 'correlationId', value: 'c-1' },
            { field: '@message', value: '{"result":"updated"}' },
          ],
        ],
      },
    });
    const port = cloudWatchTelemetry(api, '/firefly-test/functions/');
    const page = await port.logs({ from, to, text: "it's", level: 'WARN', correlationId: 'c-1', limit: 10 });
    const queryString = (calls[0]!.input as { queryString: string }).queryString;
    expect(queryString).toMatch(
      /^SOURCE logGroups\(namePrefix: \['\/firefly-test\/functions\/'\]\) \| fields /,
    );
    expect(queryString).toContain("filter @message like 'it\\'s'");
    expect(queryString).toContain("level in ['WARN', 'ERROR', 'CRITICAL']");
    expect(queryString).toContain("correlationId = 'c-1'");
    expect(page.items).toEqual([
      {
        at: '2026-12-02T10:05:00.000Z',
        level: 'INFO',
        function: 'projector',
        message: 'projected',
        correlationId: 'c-1',
        fields: { result: 'updated' },
      },
    ]);
  });
});
