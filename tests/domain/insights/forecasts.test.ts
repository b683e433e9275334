import { describe, expect, it } from 'vitest';
import { demandFromSeries } from '../../../domain/insights/demand.ts';
import { addMonths, forecastAll, monthly, monthsBefore } from '../../../domain/insights/forecasts.ts';

describe('demand from the forecasting engine', () => {
  it('follows a trend the plain mean would lag behind', () => {
    const rising = Array.from({ length: 26 }, (_, i) => 10 + 2 * i + (i % 2));
    const plainMean = rising.reduce((a, b) => a + b, 0) / rising.length;
    const d = demandFromSeries(rising);
    expect(d.mean).toBeGreaterThan(plainMean + 5);
    expect(d.sd).toBeGreaterThan(0);
    expect(d.model).not.toBe('None used');
  });

  it('uses the intermittent models for sparse usage', () => {
    const sparse = Array.from({ length: 26 }, (_, i) => (i % 5 === 0 ? 4 : 0));
    expect(['Croston', 'SBA', 'TSB']).toContain(demandFromSeries(sparse).model);
    expect(demandFromSeries(sparse, true).mean).toBeGreaterThan(0);
  });

  it('does not read a quiet week or two as no demand from now on', () => {
    const paused = [...new Array(24).fill(10), 0, 0];
    expect(demandFromSeries(paused).mean).toBeGreaterThan(5);
    expect(demandFromSeries(paused, true).mean).toBeGreaterThan(5);
  });

  it('is zero with no usage', () => {
    expect(demandFromSeries(new Array(26).fill(0))).toMatchObject({ mean: 0, sd: 0 });
  });
});

describe('forecast series', () => {
  it('counts whole months before the day, at most three years', () => {
    expect(addMonths('2025-11', 3)).toBe('2026-02');
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(monthsBefore('2025-04-10', '2025-01')).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(monthsBefore('2030-01-01', '2020-01')).toHaveLength(36);
    expect(
      monthly(
        [
          { on: '2025-02-03', value: 2 },
          { on: '2025-02-28', value: 1 },
          { on: '2026-01-01', value: 9 },
        ],
        ['2025-01', '2025-02'],
      ),
    ).toEqual([0, 3]);
  });

  it('forecasts revenue, orders by model, leads by channel and item demand with bands and accuracy', () => {
    const sales = [];
    const leads = [];
    const usage = [];
    for (let m = 0; m < 36; m++) {
      const month = addMonths('2023-01', m);
      const n = 8 + (m % 12 < 6 ? 4 : 0) + Math.floor(m / 6);
      for (let k = 0; k < n; k++) {
        const on = `${month}-${String(1 + k).padStart(2, '0')}`;
        sales.push({
          modelId: k % 3 === 0 ? 'cabin' : 'loft',
          modelName: k % 3 === 0 ? 'Cabin' : 'Loft',
          on,
          totalCents: 5_000_000,
          payments: [{ on, amountCents: 1_000_000 }],
        });
        leads.push({ channel: k % 2 ? 'search' : 'show', capturedOn: on });
        usage.push({ on, quantity: 3 });
      }
    }
    const all = forecastAll(
      { sales, leads, items: [{ itemId: 'stud', name: 'Studs', unit: 'box', usage }] },
      '2026-01-15',
    );
    expect(all.map((s) => s.seriesId)).toEqual([
      'revenue-booked',
      'revenue-collected',
      'orders-cabin',
      'orders-loft',
      'leads-search',
      'leads-show',
      'demand-stud',
    ]);
    const booked = all[0]!;
    expect(booked.history).toHaveLength(36);
    expect(booked.history[0]).toEqual({ month: '2023-01', value: 12 * 50_000 });
    expect(booked.forecast.map((f) => f.month)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
    ]);
    for (const f of booked.forecast) {
      expect(f.lo95).toBeLessThanOrEqual(f.lo80);
      expect(f.lo80).toBeLessThanOrEqual(f.mean);
      expect(f.mean).toBeLessThanOrEqual(f.hi80);
      expect(f.hi80).toBeLessThanOrEqual(f.hi95);
    }
    expect(booked.accuracy.origins).toBeGreaterThan(0);
    expect(booked.accuracy.mase).not.toBeNull();
    expect(booked.accuracy.coverage95).toBeGreaterThanOrEqual(0);
    expect(all.find((s) => s.seriesId === 'demand-stud')!.unit).toBe('box');
    // Only the items when a refresh is about stock.
    expect(
      forecastAll(
        { sales, leads, items: [{ itemId: 'stud', name: 'Studs', unit: 'box', usage }] },
        '2026-01-15',
        'inventory',
      ).map((s) => s.seriesId),
    ).toEqual(['demand-stud']);
  });

  it('starts the history at the first payment when money came in before any order shows', () => {
    const sale = {
      modelId: 'cabin',
      modelName: 'Cabin',
      on: '2026-01-10',
      totalCents: 100,
      payments: [
        { on: '2025-10-03', amountCents: 5_000 },
        { on: '2025-12-03', amountCents: 7_000 },
      ],
    };
    const collected = forecastAll({ sales: [sale], leads: [], items: [] }, '2026-01-15')[1]!;
    expect(collected.history).toEqual([
      { month: '2025-10', value: 50 },
      { month: '2025-11', value: 0 },
      { month: '2025-12', value: 70 },
    ]);
    expect(collected.forecast[0]!.hi95).toBeGreaterThan(collected.forecast[0]!.lo95);
  });

  it('has nothing to forecast without a whole month of history', () => {
    expect(
      forecastAll(
        { sales: [], leads: [{ channel: 'show', capturedOn: '2026-01-02' }], items: [] },
        '2026-01-15',
      ),
    ).toEqual([]);
  });
});
