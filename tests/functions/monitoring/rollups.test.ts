import { describe, expect, it } from 'vitest';
import {
  decodeHistogram,
  emptyAggregate,
  encodeHistogram,
  merge,
  minuteOf,
  percentiles,
  record,
} from '../../../functions/monitoring/rollups.ts';

/** The exact percentile by nearest rank, to hold the histogram to. */
const exact = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

describe('rollups', () => {
  it('counts, sums and keeps p50/p95/p99 within 1% of the exact figures', () => {
    const values = Array.from({ length: 5000 }, (_, i) => ((i * 7919) % 5000) / 10 + 0.25);
    const aggregate = emptyAggregate(true);
    for (const v of values) record(aggregate, v);
    expect(aggregate.count).toBe(5000);
    expect(aggregate.sum).toBeCloseTo(
      values.reduce((a, b) => a + b, 0),
      6,
    );
    expect(aggregate.min).toBe(0.25);
    expect(aggregate.max).toBe(Math.max(...values));
    const p = percentiles(aggregate)!;
    for (const [q, got] of [
      [50, p.p50],
      [95, p.p95],
      [99, p.p99],
    ] as const)
      expect(Math.abs(got - exact(values, q)) / exact(values, q)).toBeLessThan(0.01);
  });

  it('keeps sub-millisecond latencies apart', () => {
    const aggregate = emptyAggregate(true);
    for (let i = 0; i < 100; i++) record(aggregate, i < 50 ? 0.2 : 0.8);
    const p = percentiles(aggregate)!;
    expect(p.p50).toBeCloseTo(0.2, 2);
    expect(p.p99).toBeCloseTo(0.8, 2);
  });

  it('merges minutes into a longer step: its p99 is the p99 of all their samples, not an average', () => {
    const quiet = emptyAggregate(true);
    const busy = emptyAggregate(true);
    for (let i = 0; i < 990; i++) record(quiet, 10);
    for (let i = 0; i < 10; i++) record(busy, 1000);
    // Through the store's encoding, as a step of several stored minutes is read.
    const stored = { ...busy, histogram: decodeHistogram(encodeHistogram(busy.histogram!)) };
    const step = merge(merge(emptyAggregate(true), quiet), stored);
    expect(step.count).toBe(1000);
    expect(percentiles(step)!.p50).toBeCloseTo(10, 0);
    expect(percentiles(step)!.p99).toBeCloseTo(10, 0);
    record(step, 1000);
    expect(percentiles(step)!.p99).toBeGreaterThan(990);
  });

  it('counters carry no histogram and answer no percentiles', () => {
    const counter = emptyAggregate(false);
    record(counter, 1);
    record(counter, 1);
    expect(counter).toMatchObject({ count: 2, sum: 2 });
    expect(percentiles(counter)).toBeUndefined();
  });

  it('puts an instant in its UTC minute', () => {
    expect(new Date(minuteOf(Date.parse('2026-12-02T10:11:59.999Z'))).toISOString()).toBe(
      '2026-12-02T10:11:00.000Z',
    );
  });
});
