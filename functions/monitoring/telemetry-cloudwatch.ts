import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  StartQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { env } from '../runtime/env.ts';
import { appMetric, type MetricDefinition, metricDefinition } from './metrics-catalog.ts';
import type {
  LogRecord,
  MetricPoint,
  MetricSeries,
  ResourceReading,
  TelemetryPort,
} from './telemetry-port.ts';

/**
 * The telemetry port on CloudWatch. Metrics through GetMetricData with SEARCH expressions, so every
 * route, function, machine or rule comes back as its own series without listing them first; logs and
 * traces through Logs Insights over the functions' log groups. The calls are the SDK's own shapes
 * (`@aws-sdk/client-cloudwatch`'s GetMetricData, `@aws-sdk/client-cloudwatch-logs`' StartQuery and
 * GetQueryResults): `CloudWatchApi` is what this adapter needs of those clients.
 */
export interface CloudWatchApi {
  getMetricData: (input: {
    MetricDataQueries: { Id: string; Expression: string; Label?: string; Period?: number }[];
    StartTime: Date;
    EndTime: Date;
    NextToken?: string;
  }) => Promise<{
    MetricDataResults?: { Id?: string; Label?: string; Timestamps?: Date[]; Values?: number[] }[];
    NextToken?: string;
  }>;
  startQuery: (input: {
    startTime: number;
    endTime: number;
    queryString: string;
    limit?: number;
  }) => Promise<{ queryId?: string }>;
  getQueryResults: (input: {
    queryId: string;
  }) => Promise<{ status?: string; results?: { field?: string; value?: string }[][] }>;
}

/** Where each catalog metric lives in CloudWatch: namespace, name, the dimension its series split by. */
const SOURCES: Record<string, { namespace: string; name: string; dimension: string; keys?: string }> = {
  'api.requests': {
    namespace: 'AWS/ApiGateway',
    name: 'Count',
    dimension: 'Route',
    keys: 'ApiId,Stage,Route',
  },
  'api.latency': {
    namespace: 'AWS/ApiGateway',
    name: 'Latency',
    dimension: 'Route',
    keys: 'ApiId,Stage,Route',
  },
  'api.4xx': { namespace: 'AWS/ApiGateway', name: '4xx', dimension: 'Route', keys: 'ApiId,Stage,Route' },
  'api.5xx': { namespace: 'AWS/ApiGateway', name: '5xx', dimension: 'Route', keys: 'ApiId,Stage,Route' },
  'function.invocations': { namespace: 'AWS/Lambda', name: 'Invocations', dimension: 'FunctionName' },
  'function.duration': { namespace: 'AWS/Lambda', name: 'Duration', dimension: 'FunctionName' },
  'function.errors': { namespace: 'AWS/Lambda', name: 'Errors', dimension: 'FunctionName' },
  'function.coldStarts': {
    namespace: 'Firefly',
    name: 'ColdStart',
    dimension: 'function_name',
    keys: 'function_name,service',
  },
  'function.memory': { namespace: 'LambdaInsights', name: 'used_memory_max', dimension: 'function_name' },
  'stateMachine.runs': { namespace: 'AWS/States', name: 'ExecutionsStarted', dimension: 'StateMachineArn' },
  'stateMachine.duration': { namespace: 'AWS/States', name: 'ExecutionTime', dimension: 'StateMachineArn' },
  'bus.deliveries': { namespace: 'AWS/Events', name: 'Invocations', dimension: 'RuleName' },
  'bus.retries': { namespace: 'AWS/Events', name: 'RetryInvocationAttempts', dimension: 'RuleName' },
  'bus.deadLetters': { namespace: 'AWS/Events', name: 'InvocationsSentToDlq', dimension: 'RuleName' },
};

/** Our label for a CloudWatch dimension, as the local store names it. */
const LABEL: Record<string, string> = {
  Route: 'route',
  FunctionName: 'function',
  function_name: 'function',
  StateMachineArn: 'machine',
  RuleName: 'target',
  service: 'service',
};

const quote = (text: string) => text.replace(/["\\]/g, (c) => `\\${c}`);

const sourceOf = (definition: MetricDefinition) =>
  SOURCES[definition.metric] ??
  (definition.group === 'business' || definition.group === 'app'
    ? { namespace: 'Firefly', name: definition.metric, dimension: 'service' }
    : undefined);

export const searchExpression = (
  definition: MetricDefinition,
  stat: string,
  periodSeconds: number,
  filter?: string,
): string | undefined => {
  const source = sourceOf(definition);
  if (!source) return undefined;
  const where = filter ? ` ${source.dimension}="${quote(filter)}"` : '';
  return `SEARCH('{${source.namespace},${source.keys ?? source.dimension}} MetricName="${source.name}"${where}', '${stat}', ${periodSeconds})`;
};

const seriesFrom = (
  definition: MetricDefinition,
  results: { Id?: string; Label?: string; Timestamps?: Date[]; Values?: number[] }[],
): MetricSeries[] => {
  const dimension = sourceOf(definition)?.dimension ?? 'service';
  const byLabel = new Map<string, Map<number, MetricPoint>>();
  for (const result of results) {
    const [stat] = (result.Id ?? 'value_0').split('_');
    const label = result.Label ?? '';
    const points = byLabel.get(label) ?? new Map<number, MetricPoint>();
    byLabel.set(label, points);
    (result.Timestamps ?? []).forEach((time, i) => {
      const t = new Date(time).getTime();
      const point = points.get(t) ?? { t: new Date(t).toISOString(), count: 0, value: 0 };
      const value = result.Values?.[i] ?? 0;
      if (stat === 'value') {
        point.value = value;
        point.count = definition.kind === 'counter' ? value : point.count;
      } else if (stat === 'p50' || stat === 'p95' || stat === 'p99') point[stat] = value;
      else if (stat === 'count') point.count = value;
      points.set(t, point);
    });
  }
  return [...byLabel].map(([label, points]) => ({
    labels: label ? { [LABEL[dimension] ?? dimension]: label } : {},
    points: [...points.values()].sort((a, b) => a.t.localeCompare(b.t)),
  }));
};

const fetchAll = async (api: CloudWatchApi, input: Parameters<CloudWatchApi['getMetricData']>[0]) => {
  const results: NonNullable<Awaited<ReturnType<CloudWatchApi['getMetricData']>>['MetricDataResults']> = [];
  let next: string | undefined;
  do {
    const page = await api.getMetricData({ ...input, ...(next ? { NextToken: next } : {}) });
    results.push(...(page.MetricDataResults ?? []));
    next = page.NextToken;
  } while (next);
  return results;
};

const LOG_FIELDS =
  'fields @timestamp, level, function_name, message, correlationId, actorId, function_request_id, @message';

const insightsString = (text: string) => `'${text.replace(/['\\]/g, (c) => `\\${c}`)}'`;

/**
 * Logs Insights' SOURCE command picks the log groups by name prefix inside the query, so the functions'
 * log groups need not be listed (StartQuery takes at most 50 names, and the platform has about as many
 * functions); the CDK names every function's log group under this one prefix.
 */
const sourced = (logGroupPrefix: string, queryString: string) =>
  `SOURCE logGroups(namePrefix: [${insightsString(logGroupPrefix)}]) | ${queryString}`;

export const cloudWatchTelemetry = (
  api: CloudWatchApi = sdk(),
  logGroupPrefix: string = process.env[env.TELEMETRY_LOG_GROUP_PREFIX] ?? '',
): TelemetryPort => {
  const query = async (queryString: string, from: Date, to: Date, limit: number) => {
    if (!logGroupPrefix)
      throw new Error(`${env.TELEMETRY_LOG_GROUP_PREFIX} is not set: no log groups to search`);
    const { queryId } = await api.startQuery({
      startTime: Math.floor(from.getTime() / 1000),
      endTime: Math.ceil(to.getTime() / 1000),
      queryString: sourced(logGroupPrefix, queryString),
      limit,
    });
    // Logs Insights answers asynchronously; the API function's timeout bounds the wait.
    for (;;) {
      const answer = await api.getQueryResults({ queryId: queryId! });
      if (answer.status === 'Complete') return answer.results ?? [];
      if (answer.status !== 'Running' && answer.status !== 'Scheduled')
        throw new Error(`Logs Insights query ${answer.status}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  const recordOf = (row: { field?: string; value?: string }[]): LogRecord => {
    const get = (field: string) => row.find((f) => f.field === field)?.value;
    let fields: Record<string, unknown> = {};
    try {
      fields = JSON.parse(get('@message') ?? '{}') as Record<string, unknown>;
    } catch {
      fields = { raw: get('@message') };
    }
    return {
      at: new Date(`${get('@timestamp')?.replace(' ', 'T')}Z`).toISOString(),
      level: get('level') ?? 'INFO',
      function: get('function_name') ?? '',
      message: get('message') ?? '',
      ...(get('correlationId') ? { correlationId: get('correlationId') } : {}),
      ...(get('actorId') ? { actor: get('actorId') } : {}),
      ...(get('function_request_id') ? { requestId: get('function_request_id') } : {}),
      fields,
    };
  };
  return {
    cloud: 'aws',
    metrics: async (q) => {
      const definition = metricDefinition(q.metric) ?? appMetric(q.metric);
      const period = q.stepMinutes * 60;
      const filter = q.route ?? q.function;
      const stats: [string, string][] =
        definition.kind === 'distribution'
          ? [
              ['value', 'Average'],
              ['count', 'SampleCount'],
              ['p50', 'p50'],
              ['p95', 'p95'],
              ['p99', 'p99'],
            ]
          : [['value', definition.kind === 'gauge' ? 'Average' : 'Sum']];
      const ratio = definition.ratio;
      const expressions = ratio
        ? ratio.map(
            (m, i) => [`ratio${i}_0`, searchExpression(metricDefinition(m)!, 'Sum', period, filter)] as const,
          )
        : stats.map(
            ([id, stat], i) => [`${id}_${i}`, searchExpression(definition, stat, period, filter)] as const,
          );
      const queries = expressions.flatMap(([Id, Expression]) => (Expression ? [{ Id, Expression }] : []));
      if (queries.length === 0)
        return { definition, stepMinutes: q.stepMinutes, series: [], truncated: false };
      const results = await fetchAll(api, { MetricDataQueries: queries, StartTime: q.from, EndTime: q.to });
      if (!ratio) {
        const series = seriesFrom(definition, results);
        return {
          definition,
          stepMinutes: q.stepMinutes,
          series: series.slice(0, 12),
          truncated: series.length > 12,
        };
      }
      const counter = { ...definition, kind: 'counter' as const };
      const [top, bottom] = ['ratio0_', 'ratio1_'].map((prefix) =>
        seriesFrom(
          counter,
          results.filter((r) => r.Id?.startsWith(prefix)).map((r) => ({ ...r, Id: 'value_0' })),
        ),
      );
      const series = bottom!.map((s) => {
        const key = JSON.stringify(s.labels);
        const parts = top!.find((t) => JSON.stringify(t.labels) === key)?.points ?? [];
        return {
          labels: s.labels,
          points: s.points.map((p) => {
            const part = parts.find((x) => x.t === p.t)?.value ?? 0;
            return { t: p.t, count: p.value, value: p.value ? (100 * part) / p.value : 0 };
          }),
        };
      });
      return {
        definition,
        stepMinutes: q.stepMinutes,
        series: series.slice(0, 12),
        truncated: series.length > 12,
      };
    },
    discovered: async () => [],
    resources: async (now): Promise<ResourceReading[]> => {
      const results = await fetchAll(api, {
        MetricDataQueries: [
          {
            Id: 'memory',
            Expression: `SEARCH('{LambdaInsights,function_name} MetricName="used_memory_max"', 'Maximum', 900)`,
          },
          {
            Id: 'limit',
            Expression: `SEARCH('{LambdaInsights,function_name} MetricName="total_memory"', 'Maximum', 900)`,
          },
          {
            Id: 'concurrency',
            Expression: `SEARCH('{AWS/Lambda,FunctionName} MetricName="ConcurrentExecutions"', 'Maximum', 900)`,
          },
          {
            Id: 'buckets',
            Expression: `SEARCH('{AWS/S3,BucketName,StorageType} MetricName="BucketSizeBytes"', 'Average', 86400)`,
          },
        ],
        StartTime: new Date(now.getTime() - 2 * 86_400_000),
        EndTime: now,
      });
      const latest = (r: { Values?: number[] }) => r.Values?.[0] ?? 0;
      const limits = new Map(results.filter((r) => r.Id === 'limit').map((r) => [r.Label ?? '', latest(r)]));
      return results.flatMap((r): ResourceReading[] => {
        const of = r.Label ?? '';
        if (r.Id === 'memory')
          return [
            {
              resource: 'function.memory',
              title: 'Memory used',
              value: latest(r),
              unit: 'MB',
              of,
              ...(limits.has(of) ? { limit: limits.get(of) } : {}),
            },
          ];
        if (r.Id === 'concurrency')
          return [
            {
              resource: 'function.concurrency',
              title: 'Concurrent executions',
              value: latest(r),
              unit: 'count',
              of,
            },
          ];
        if (r.Id === 'buckets')
          return [{ resource: 'bucket.size', title: 'Bucket size', value: latest(r), unit: 'bytes', of }];
        return [];
      });
    },
    logs: async (q) => {
      const filters = [
        q.level
          ? `level in [${['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL'].slice(['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL'].indexOf(q.level)).map(insightsString).join(', ')}]`
          : '',
        q.function ? `function_name = ${insightsString(q.function)}` : '',
        q.correlationId ? `correlationId = ${insightsString(q.correlationId)}` : '',
        q.actor ? `actorId = ${insightsString(q.actor)}` : '',
        q.text ? `@message like ${insightsString(q.text)}` : '',
      ].filter(Boolean);
      // Logs Insights has no paging: the cursor is the time (ms) the next page ends before.
      const to = q.cursor ? new Date(Number(q.cursor.split('.')[0])) : q.to;
      const rows = await query(
        `${LOG_FIELDS}${filters.map((f) => ` | filter ${f}`).join('')} | sort @timestamp desc | limit ${q.limit + 1}`,
        q.from,
        to,
        q.limit + 1,
      );
      const items = rows.slice(0, q.limit).map(recordOf);
      const last = items.at(-1);
      return {
        items,
        ...(rows.length > q.limit && last ? { nextCursor: `${Date.parse(last.at)}.0` } : {}),
      };
    },
    trace: async (correlationId, limit) =>
      (
        await query(
          `${LOG_FIELDS} | filter correlationId = ${insightsString(correlationId)} | sort @timestamp asc | limit ${limit}`,
          new Date(Date.now() - 7 * 86_400_000),
          new Date(),
          limit,
        )
      ).map(recordOf),
  };
};

/** The SDK's CloudWatch and CloudWatch Logs clients, in the shapes this adapter reads. */
const sdk = (): CloudWatchApi => {
  const metrics = new CloudWatchClient({});
  const logs = new CloudWatchLogsClient({});
  return {
    getMetricData: (input) => metrics.send(new GetMetricDataCommand(input)),
    startQuery: (input) => logs.send(new StartQueryCommand(input)),
    getQueryResults: (input) => logs.send(new GetQueryResultsCommand(input)),
  };
};
