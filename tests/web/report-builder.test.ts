import { describe, expect, it } from 'vitest';
import {
  aggregationsFor,
  dropped,
  messagesAt,
  opsFor,
  problemsByPath,
} from '../../web/src/features/reports/builder/fields.ts';
import type { ReportDefinition, ResultColumn } from '../../web/src/features/reports/types.ts';
import { axesOf, figureOf, headingOf, pointOf } from '../../web/src/features/reports/visual/model.ts';

/** An ApiError as the client throws it: the problem's field errors are what the builder reads. */
const problem = (errors: { path: string; message: string }[]) => ({
  problem: { type: 'https://firefly.example/problems/report-invalid', title: 'x', status: 422, errors },
});

describe("the report builder's rules", () => {
  it('offers only the aggregations and conditions that fit a field type', () => {
    expect(aggregationsFor('string')).not.toContain('sum');
    expect(aggregationsFor('boolean')).not.toContain('min');
    expect(aggregationsFor('integer')).toEqual(expect.arrayContaining(['sum', 'median', 'percentile']));
    expect(opsFor('date')).toContain('in_last');
    expect(opsFor('string')).not.toContain('in_last');
  });

  it('starts a dropped date as a month, a number as a sum, a date filter as the last 12 months', () => {
    const date = { ref: 'placed_on', type: 'date', description: '', group: 'orders' } as const;
    const money = { ref: 'total_cents', type: 'integer', description: '', group: 'orders' } as const;
    expect(dropped('rows', date)).toEqual({ field: 'placed_on', grain: 'month' });
    expect(dropped('values', money)).toEqual({ agg: 'sum', field: 'total_cents' });
    expect(dropped('filters', date)).toEqual({
      field: 'placed_on',
      op: 'in_last',
      amount: 12,
      unit: 'month',
    });
  });

  it("files the API's problems under the part of the definition they name, 422 and 400 spellings alike", () => {
    const problems = problemsByPath(
      problem([
        { path: 'definition.values[1].agg', message: 'sum needs a number field' },
        { path: 'body.definition.filters.0.value', message: 'Expected number' },
      ]),
    );
    expect(messagesAt(problems, 'values.1')).toEqual(['sum needs a number field']);
    expect(messagesAt(problems, 'values.0')).toEqual([]);
    expect(messagesAt(problems, 'filters.0')).toEqual(['Expected number']);
  });
});

describe("a result's chart", () => {
  const columns: ResultColumn[] = [
    { name: 'month', type: 'integer', role: 'row' },
    { name: '2025 sales_cents', type: 'integer', role: 'value', pivot: { year: 2025 }, value: 'sales_cents' },
    { name: '2026 sales_cents', type: 'integer', role: 'value', pivot: { year: 2026 }, value: 'sales_cents' },
    { name: '2026 orders', type: 'integer', role: 'value', pivot: { year: 2026 }, value: 'orders' },
  ];
  const definition: ReportDefinition = { dataset: 'orders', visual: { type: 'bar', y: ['sales_cents'] } };

  it("draws a pivoted figure's every column, across the first row field", () => {
    const axes = axesOf(definition, columns);
    expect(axes.x?.name).toBe('month');
    expect(axes.y.map((c) => c.name)).toEqual(['2025 sales_cents', '2026 sales_cents']);
  });

  it('turns a mark into the dimension values and value a drill-down asks for', () => {
    expect(pointOf({ month: 3, '2026 orders': 4 }, columns)).toEqual({ month: 3 });
    expect(figureOf(columns[2]!)).toEqual({ pivot: { year: 2026 }, value: 'sales_cents' });
  });

  it('heads a pivot column with its pivot values and its figure in words', () => {
    expect(headingOf(columns[2]!)).toBe('2026 · Sales');
  });
});
