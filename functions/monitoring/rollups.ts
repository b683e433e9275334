import * as hdr from 'hdr-histogram-js';

/**
 * One series' aggregate over a minute (or a larger step made of minutes): count, sum, min, max and a
 * latency histogram (HdrHistogram, two significant digits: percentiles within 1%) that merges across
 * minutes, so p99 over an hour is the p99 of the hour's samples, not an average of minutes' p99s.
 */
export interface Aggregate {
  count: number;
  sum: number;
  min: number;
  max: number;
  /** Only for distributions (latencies, durations, memory); counters carry no histogram. */
  histogram?: hdr.Histogram;
}

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

/** Values are recorded in thousandths, so sub-millisecond latencies keep their digits as integers. */
const SCALE = 1000;
const build = () => hdr.build({ numberOfSignificantValueDigits: 2, bitBucketSize: 'packed' });

export const emptyAggregate = (distribution: boolean): Aggregate => ({
  count: 0,
  sum: 0,
  min: Number.POSITIVE_INFINITY,
  max: Number.NEGATIVE_INFINITY,
  ...(distribution ? { histogram: build() } : {}),
});

export const record = (aggregate: Aggregate, value: number): void => {
  aggregate.count += 1;
  aggregate.sum += value;
  if (value < aggregate.min) aggregate.min = value;
  if (value > aggregate.max) aggregate.max = value;
  aggregate.histogram?.recordValue(Math.max(0, Math.round(value * SCALE)));
};

/** Adds `from` into `into` (both of one series). */
export const merge = (into: Aggregate, from: Aggregate): Aggregate => {
  into.count += from.count;
  into.sum += from.sum;
  into.min = Math.min(into.min, from.min);
  into.max = Math.max(into.max, from.max);
  if (from.histogram) {
    into.histogram ??= build();
    into.histogram.add(from.histogram);
  }
  return into;
};

export const percentiles = (aggregate: Aggregate): Percentiles | undefined => {
  const h = aggregate.histogram;
  if (!h || h.totalCount === 0) return undefined;
  const at = (p: number) => h.getValueAtPercentile(p) / SCALE;
  return { p50: at(50), p95: at(95), p99: at(99) };
};

export const encodeHistogram = (histogram: hdr.Histogram): string =>
  hdr.encodeIntoCompressedBase64(histogram);
export const decodeHistogram = (encoded: string): hdr.Histogram => {
  const histogram = hdr.decodeFromCompressedBase64(encoded, 'packed');
  // A decoded histogram is sized to what it held; later minutes may hold larger values.
  histogram.autoResize = true;
  return histogram;
};

export const MINUTE_MS = 60_000;
export const minuteOf = (ms: number) => Math.floor(ms / MINUTE_MS) * MINUTE_MS;
