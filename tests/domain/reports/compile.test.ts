import { describe, expect, it } from 'vitest';
import { compile, DefinitionError, lastPeriods } from '../../../domain/reports/compile.ts';
import { REPORT_TEMPLATES } from '../../../domain/reports/templates.ts';
import { ReportDefinition, type ReportDefinitionInput } from '../../../events/contexts/report-definition.ts';

const today = '2026-06-15';
const both = (input: ReportDefinitionInput) => {
  const definition = ReportDefinition.parse(input);
  return {
    duckdb: compile(definition, { dialect: 'duckdb', today }),
    athena: compile(definition, { dialect: 'athena', today }),
  };
};
const refusal = (input: ReportDefinitionInput) => {
  try {
    compile(ReportDefinition.parse(input), { dialect: 'duckdb', today });
  } catch (error) {
    if (error instanceof DefinitionError) return { path: error.path, message: error.message };
    throw error;
  }
  throw new Error('compiled');
};

/** The dialects' known differences, undone: what is left must be the same SQL. */
const normalised = (sql: string) =>
  sql.replace(/approx_percentile\(/g, 'quantile_cont(').replace(/day_of_week\(/g, 'isodow(');

describe('compiling report definitions', () => {
  it.each(REPORT_TEMPLATES.map((t) => [t.id, t.definition] as const))(
    'template %s compiles to the same query for DuckDB and Athena, with the same bound parameters',
    (_, definition) => {
      const { duckdb, athena } = both(definition);
      expect(normalised(athena.sql)).toBe(duckdb.sql);
      expect(athena.params).toEqual(duckdb.params);
      expect(athena.columns).toEqual(duckdb.columns);
      expect(athena.permissions).toEqual(duckdb.permissions);
    },
  );

  it('Athena gets its own percentile and weekday functions and its OFFSET before LIMIT', () => {
    const { duckdb, athena } = both({
      dataset: 'build_stages',
      rows: [{ field: 'completed_on', grain: 'day_of_week' }],
      values: [{ agg: 'median', field: 'days' }],
    });
    expect(duckdb.sql).toContain('quantile_cont("t"."days", 0.5)');
    expect(athena.sql).toContain('approx_percentile("t"."days", 0.5)');
    expect(athena.sql).toContain('day_of_week("t"."completed_on")');
    const page = { limit: 10, offset: 20 };
    const definition = ReportDefinition.parse({ dataset: 'orders', rows: [{ field: 'order_id' }] });
    expect(compile(definition, { dialect: 'duckdb', today, page }).sql).toMatch(/LIMIT 10 OFFSET 20$/);
    expect(compile(definition, { dialect: 'athena', today, page }).sql).toMatch(/OFFSET 20 LIMIT 10$/);
  });

  it('binds every value from the definition; none reaches the SQL text', () => {
    const hostile = "x'); DROP TABLE orders; --";
    const { duckdb } = both({
      dataset: 'orders',
      fields: [{ name: 'tag', expression: `if(stage = '${hostile.replaceAll("'", "''")}', 1, 0)` }],
      rows: [{ field: 'stage' }],
      values: [{ agg: 'sum', field: 'tag' }],
      filters: [
        { field: 'model_name', op: 'equals', value: hostile },
        { field: 'stage', op: 'in', values: ['placed', hostile] },
        { field: 'placed_on', op: 'in_last', amount: 12, unit: 'month' },
      ],
    });
    expect(duckdb.sql).not.toContain('DROP');
    expect(duckdb.params).toEqual([hostile, 1, 0, hostile, 'placed', hostile, '2025-07-01', '2026-06-15']);
    expect(duckdb.sql.match(/\?/g)).toHaveLength(duckdb.params.length);
  });

  it('relative dates count whole periods up to today', () => {
    expect(lastPeriods(today, 12, 'month')).toEqual({ from: '2025-07-01', to: today });
    expect(lastPeriods(today, 1, 'year')).toEqual({ from: '2026-01-01', to: today });
    // 2026-06-15 is a Monday: this week and the one before.
    expect(lastPeriods(today, 2, 'week')).toEqual({ from: '2026-06-08', to: today });
    expect(lastPeriods(today, 1, 'quarter')).toEqual({ from: '2026-04-01', to: today });
  });

  it('names the part of the definition to fix', () => {
    expect(refusal({ dataset: 'secrets', rows: [{ field: 'x' }] })).toMatchObject({ path: 'dataset' });
    expect(refusal({ dataset: 'orders', rows: [{ field: 'nope' }] })).toEqual({
      path: 'rows[0].field',
      message: 'Unknown field nope in orders',
    });
    expect(refusal({ dataset: 'orders', values: [{ agg: 'sum', field: 'stage' }] })).toEqual({
      path: 'values[0].agg',
      message: 'sum needs a number field; stage is of type string',
    });
    expect(refusal({ dataset: 'orders', rows: [{ field: 'customer.email' }] })).toMatchObject({
      path: 'rows[0].field',
      message: 'Unknown field customer.email: customers has no email',
    });
    expect(refusal({ dataset: 'orders', rows: [{ field: 'stage', grain: 'month' }] })).toMatchObject({
      path: 'rows[0].grain',
    });
    expect(
      refusal({
        dataset: 'orders',
        rows: [{ field: 'stage' }],
        filters: [{ field: 'placed_on', op: 'gt', value: 'soon' }],
      }),
    ).toMatchObject({ path: 'filters[0].value' });
    expect(
      refusal({ dataset: 'orders', values: [{ agg: 'count', as: 'n' }], sort: [{ by: 'x' }] }),
    ).toMatchObject({
      path: 'sort[0].by',
    });
  });

  it('refuses expressions that try to escape the language, naming the calculated field', () => {
    const attempts = [
      'total_cents; DROP TABLE orders',
      "read_parquet('/etc/passwd')",
      'total_cents -- comment',
      '"order_id"',
      'total_cents /* x */',
      'system(1)',
      '(((((((((((((((((((((((((((((((((1)))))))))))))))))))))))))))))))))',
    ];
    for (const expression of attempts) {
      expect(
        refusal({ dataset: 'orders', fields: [{ name: 'x', expression }], rows: [{ field: 'x' }] }),
      ).toMatchObject({ path: 'fields[0].expression' });
    }
    expect(
      refusal({
        dataset: 'orders',
        values: [{ agg: 'count', as: 'n' }],
        calculations: [{ name: 'r', expression: 'n / total_cents' }],
      }),
    ).toMatchObject({ path: 'calculations[0].expression', message: 'Unknown value total_cents: use n' });
  });

  it('a query needs the read permission of every table it touches, joins included', () => {
    expect(both({ dataset: 'orders', rows: [{ field: 'stage' }] }).duckdb.permissions).toEqual([
      'orders:read',
    ]);
    expect(both({ dataset: 'orders', rows: [{ field: 'customer.name' }] }).duckdb.permissions).toEqual([
      'orders:read',
      'customers:read',
    ]);
    expect(both({ dataset: 'lead_funnel', values: [{ agg: 'count' }] }).duckdb.permissions).toEqual([
      'leads:read',
      'quotes:read',
      'orders:read',
    ]);
  });
});
