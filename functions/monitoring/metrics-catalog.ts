/**
 * The metrics the monitoring API serves, each defined once: the local collector records them under
 * these names, the local store answers them, and the CloudWatch adapter maps each to its AWS metric.
 * A metric the functions emit in EMF that is not listed here is still served, as a counter by service.
 */
export type MetricKind = 'counter' | 'distribution' | 'gauge' | 'ratio';
export type MetricGroup = 'api' | 'functions' | 'stateMachines' | 'bus' | 'business' | 'resources' | 'app';

export interface MetricDefinition {
  metric: string;
  title: string;
  unit: 'count' | 'ms' | 'MB' | 'percent' | 'cents';
  kind: MetricKind;
  group: MetricGroup;
  /** The dimension its series are split by (and `route=`/`function=` filter on). */
  dimension?: 'route' | 'function' | 'machine' | 'target' | 'service';
  /** A ratio's numerator and denominator counters, as a percentage. */
  ratio?: readonly [string, string];
}

/** From an event's time to its view being written: how far the read models trail the store. */
export const PROJECTION_LAG_METRIC = 'pipeline.projectionLag';

const api = (metric: string, title: string, kind: MetricKind, unit: MetricDefinition['unit']) =>
  ({ metric, title, kind, unit, group: 'api', dimension: 'route' }) as const;
const fn = (metric: string, title: string, kind: MetricKind, unit: MetricDefinition['unit']) =>
  ({ metric, title, kind, unit, group: 'functions', dimension: 'function' }) as const;
const resource = (metric: string, title: string, unit: MetricDefinition['unit']) =>
  ({ metric, title, kind: 'gauge', unit, group: 'resources' }) as const;

export const METRICS: readonly MetricDefinition[] = [
  api('api.requests', 'API requests', 'counter', 'count'),
  api('api.latency', 'API latency', 'distribution', 'ms'),
  api('api.4xx', 'API 4xx responses', 'counter', 'count'),
  api('api.5xx', 'API 5xx responses', 'counter', 'count'),
  { ...api('api.4xxRate', 'API 4xx rate', 'ratio', 'percent'), ratio: ['api.4xx', 'api.requests'] },
  { ...api('api.5xxRate', 'API 5xx rate', 'ratio', 'percent'), ratio: ['api.5xx', 'api.requests'] },
  fn('function.invocations', 'Function invocations', 'counter', 'count'),
  fn('function.duration', 'Function duration', 'distribution', 'ms'),
  fn('function.errors', 'Function errors', 'counter', 'count'),
  fn('function.coldStarts', 'Cold starts', 'counter', 'count'),
  fn('function.memory', 'Memory used', 'gauge', 'MB'),
  {
    metric: 'stateMachine.runs',
    title: 'State machine runs by outcome',
    kind: 'counter',
    unit: 'count',
    group: 'stateMachines',
    dimension: 'machine',
  },
  {
    metric: 'stateMachine.duration',
    title: 'State machine run duration',
    kind: 'distribution',
    unit: 'ms',
    group: 'stateMachines',
    dimension: 'machine',
  },
  ...(
    [
      ['bus.deliveries', 'Bus deliveries'],
      ['bus.retries', 'Bus retries'],
      ['bus.deadLetters', 'Dead letters'],
    ] as const
  ).map(
    ([metric, title]): MetricDefinition => ({
      metric,
      title,
      kind: 'counter',
      unit: 'count',
      group: 'bus',
      dimension: 'target',
    }),
  ),
  { metric: 'business.orders', title: 'Orders placed', kind: 'counter', unit: 'count', group: 'business' },
  {
    metric: 'business.revenue',
    title: 'Revenue received',
    kind: 'counter',
    unit: 'cents',
    group: 'business',
  },
  { metric: 'business.leads', title: 'Leads captured', kind: 'counter', unit: 'count', group: 'business' },
  // Emitted by the projector (functions/projections/handler.ts) per live event it applies.
  {
    metric: PROJECTION_LAG_METRIC,
    title: 'Projection lag',
    kind: 'distribution',
    unit: 'ms',
    group: 'app',
  },
  resource('resource.cpu', 'Process CPU', 'percent'),
  resource('resource.memory', 'Process memory (RSS)', 'MB'),
  resource('resource.heap', 'JavaScript heap used', 'MB'),
  resource('resource.eventLoopDelay', 'Event-loop delay p99', 'ms'),
  resource('resource.dataDir', 'Data directory on disk', 'MB'),
  {
    metric: 'telemetry.dropped',
    title: 'Telemetry lines dropped (buffer full)',
    kind: 'counter',
    unit: 'count',
    group: 'resources',
  },
];

const byName = new Map(METRICS.map((m) => [m.metric, m]));

/** A metric's definition, if the catalog names it. */
export const metricDefinition = (metric: string): MetricDefinition | undefined => byName.get(metric);

/** The definition of an EMF metric the catalog does not list. */
export const appMetric = (metric: string): MetricDefinition => ({
  metric,
  title: metric,
  kind: 'counter',
  unit: 'count',
  group: 'app',
  dimension: 'service',
});

export const isDistribution = (metric: string) => byName.get(metric)?.kind === 'distribution';
