import { describe, expect, it } from 'vitest';
import { compile, DefinitionError } from '../../../domain/reports/compile.ts';
import { drillDefinition, previousPeriod } from '../../../domain/reports/drill.ts';
import { ReportDefinition, type ReportDefinitionInput } from '../../../events/contexts/report-definition.ts';

const today = '2026-06-15';
const parse = (input: ReportDefinitionInput) => ReportDefinition.parse(input);
const refusal = (make: () => unknown) => {
  try {
    make();
  } catch (error) {
    if (error instanceof DefinitionError) return error.path;
    throw error;
  }
  throw new Error('no refusal');
};

const byMonth = parse({
  dataset: 'orders',
  rows: [{ field: 'placed_on', grain: 'month' }, { field: 'customer.name' }],
  values: [
    { agg: 'sum', field: 'total_cents', as: 'revenue' },
    { agg: 'count', as: 'cancelled', filters: [{ field: 'stage', op: 'equals', value: 'cancelled' }] },
  ],
  filters: [{ field: 'placed_on', op: 'in_last', amount: 12, unit: 'month' }],
  visual: { type: 'bar', x: 'placed_on_month', y: ['revenue'] },
});

describe('drilling into a mark', () => {
  it("lists the dataset's rows in the mark's month, for its customer, under the report's filters", () => {
    const drill = drillDefinition(byMonth, { placed_on_month: '2026-02-01', customer_name: 'Ada' });
    expect(drill.values).toEqual([]);
    expect(drill.visual).toBeUndefined();
    expect(drill.rows.map((r) => r.field)).toEqual(expect.arrayContaining(['order_id', 'total_cents']));
    // The joined field the report groups by is shown beside the dataset's own.
    expect(drill.rows.map((r) => r.field)).toContain('customer.name');
    expect(drill.filters).toEqual([
      { field: 'placed_on', op: 'in_last', amount: 12, unit: 'month' },
      { field: 'placed_on', op: 'between', values: ['2026-02-01', '2026-02-28'] },
      { field: 'customer.name', op: 'equals', value: 'Ada' },
    ]);
    const compiled = compile(drill, { dialect: 'duckdb', today });
    // Values are bound, never written into the SQL.
    expect(compiled.sql).not.toContain('Ada');
    expect(compiled.params).toContain('Ada');
    expect(compiled.aggregated).toBe(false);
  });

  it("adds a filtered value's own filters, and a null as is-null", () => {
    const drill = drillDefinition(byMonth, { customer_name: null }, 'cancelled');
    expect(drill.filters.slice(1)).toEqual([
      { field: 'customer.name', op: 'is_null' },
      { field: 'stage', op: 'equals', value: 'cancelled' },
    ]);
  });

  it('turns years, quarters, months of the year and weekdays into the days they cover', () => {
    const at = (grain: 'year' | 'quarter' | 'month_of_year' | 'day_of_week', value: number | string) =>
      drillDefinition(
        parse({ dataset: 'orders', rows: [{ field: 'placed_on', grain }], values: [{ agg: 'count' }] }),
        {
          [`placed_on_${grain}`]: value,
        },
      );
    expect(at('year', 2025).filters).toEqual([
      { field: 'placed_on', op: 'between', values: ['2025-01-01', '2025-12-31'] },
    ]);
    expect(at('quarter', '2026-04-01').filters).toEqual([
      { field: 'placed_on', op: 'between', values: ['2026-04-01', '2026-06-30'] },
    ]);
    const weekday = at('day_of_week', 3);
    expect(weekday.filters).toEqual([{ field: 'drill_0', op: 'equals', value: 3 }]);
    expect(weekday.fields).toEqual([{ name: 'drill_0', expression: 'weekday(placed_on)' }]);
    expect(compile(weekday, { dialect: 'duckdb', today }).sql).toContain('isodow(');
    expect(compile(at('month_of_year', 2), { dialect: 'athena', today }).sql).toContain('month(');
  });

  it('refuses a mark naming no dimension of the report, a value it lacks, or a month that is no day', () => {
    expect(refusal(() => drillDefinition(byMonth, { stage: 'placed' }))).toBe('point.stage');
    expect(refusal(() => drillDefinition(byMonth, {}, 'nope'))).toBe('value');
    expect(refusal(() => drillDefinition(byMonth, { placed_on_month: 'March' }))).toBe(
      'point.placed_on_month',
    );
  });
});

describe('the previous period', () => {
  it('moves relative date filters back by their own span, in values too', () => {
    const before = previousPeriod(
      parse({
        dataset: 'orders',
        values: [
          {
            agg: 'count',
            as: 'this_month',
            filters: [{ field: 'placed_on', op: 'in_current', unit: 'month' }],
          },
        ],
        filters: [{ field: 'placed_on', op: 'in_last', amount: 12, unit: 'month' }],
      }),
      today,
    );
    expect(before.filters).toEqual([
      { field: 'placed_on', op: 'between', values: ['2024-07-01', '2025-06-15'] },
    ]);
    expect(before.values[0]!.filters).toEqual([
      { field: 'placed_on', op: 'between', values: ['2026-05-01', '2026-05-15'] },
    ]);
  });

  it('says at the visual that a report without a relative date filter has no previous period', () => {
    expect(
      refusal(() => previousPeriod(parse({ dataset: 'orders', values: [{ agg: 'count' }] }), today)),
    ).toBe('visual.compare');
  });
});
