import { beforeAll, describe, expect, it } from 'vitest';
import { reportTemplate } from '../../../domain/reports/templates.ts';
import { duckdbEngine, type TableFiles } from '../../../functions/reports/engine.ts';
import { runReport } from '../../../functions/reports/run.ts';
import { parquetOf } from './fixture.ts';
import { TODAY, world } from './world.ts';

let files: TableFiles;
beforeAll(async () => {
  files = await parquetOf(world());
});

const figures = async (id: string) => {
  const template = reportTemplate(id);
  if (!template) throw new Error(`No template ${id}`);
  const page = await runReport(template.definition, {
    today: TODAY,
    engine: duckdbEngine(files),
    holds: () => true,
  });
  return page.rows;
};

describe('the report templates on a small known business (today 2026-06-15)', () => {
  it('sales by month against last year: March and May, this year beside last, cancelled and old orders left out', async () => {
    expect(await figures('sales-by-month')).toEqual([
      {
        month: 3,
        '2025 sales_cents': 100_000,
        '2025 orders': 1,
        '2026 sales_cents': 200_000,
        '2026 orders': 2,
      },
      {
        month: 5,
        '2025 sales_cents': null,
        '2025 orders': null,
        '2026 sales_cents': 120_000,
        '2026 orders': 1,
      },
    ]);
  });

  it('the lead → quote → order funnel of the last 12 months', async () => {
    expect(await figures('lead-funnel')).toEqual([
      { leads: 4, qualified: 3, converted: 2, quoted: 1, ordered: 2, lead_to_order: 0.5 },
    ]);
  });

  it('revenue by model and option attach rate', async () => {
    expect(await figures('revenue-by-model')).toEqual([
      {
        model: 'Aspen',
        orders: 2,
        revenue_cents: 270_000,
        with_options: 2,
        options: 3,
        attach_rate: 1,
        options_per_order: 1.5,
      },
      {
        model: 'Birch',
        orders: 1,
        revenue_cents: 50_000,
        with_options: 0,
        options: 0,
        attach_rate: 0,
        options_per_order: 0,
      },
    ]);
  });

  it('balances due by age band: payments and refunds counted, paid and cancelled orders left out', async () => {
    expect(await figures('balances-due')).toEqual([
      { age_band: '31-60', orders: 1, balance_cents: 105_000, oldest_days: 45 },
      { age_band: '61-90', orders: 1, balance_cents: 50_000, oldest_days: 87 },
      { age_band: '90+', orders: 1, balance_cents: 120_000, oldest_days: 102 },
    ]);
  });

  it('build cycle time by stage: each stage from the one before (or the start)', async () => {
    const rows = await figures('build-cycle-time');
    expect(rows.map((r) => [r.stage, r.stages, r.avg_days, r.median_days])).toEqual([
      ['finish', 1, 10, 10],
      ['framing', 2, 6, 6],
      ['inspection', 1, 2, 2],
      ['systems', 2, 7, 7],
    ]);
    expect(rows.map((r) => r.p90_days as number)).toEqual([
      10,
      expect.closeTo(6.8, 9),
      2,
      expect.closeTo(9.4, 9),
    ]);
  });

  it('on-time delivery rate by month, against the day first promised', async () => {
    expect(await figures('on-time-delivery')).toEqual([
      { month: '2025-09-01', delivered: 1, on_time: 1, on_time_rate: 1 },
      { month: '2026-05-01', delivered: 2, on_time: 1, on_time_rate: 0.5 },
    ]);
  });

  it('inventory value and turns', async () => {
    const rows = await figures('inventory-value-turns');
    expect(rows).toEqual([
      { item: 'Window', on_hand: 5, value_cents: 100_000, consumed_cents: 60_000, turns: 0.6 },
      {
        item: 'Cedar plank',
        on_hand: 65,
        value_cents: 65_000,
        consumed_cents: 30_000,
        turns: expect.closeTo(30 / 65, 12),
      },
    ]);
  });

  it('purchase spend by supplier', async () => {
    expect(await figures('purchase-spend-by-supplier')).toEqual([
      { supplier: 'Glass Ltd', purchase_orders: 1, spend_cents: 100_000 },
      { supplier: 'Timber Co', purchase_orders: 2, spend_cents: 72_000 },
    ]);
  });

  it('campaign cost per lead and return', async () => {
    expect(await figures('campaign-returns')).toEqual([
      {
        campaign: 'Spring show',
        channel: 'show',
        spent_cents: 50_000,
        leads: 2,
        converted: 2,
        revenue_cents: 200_000,
        cost_per_lead_cents: 25_000,
        return_on_spend: 4,
      },
      {
        campaign: 'Social ads',
        channel: 'paid_social',
        spent_cents: 10_000,
        leads: 1,
        converted: 0,
        revenue_cents: 0,
        cost_per_lead_cents: 10_000,
        return_on_spend: 0,
      },
    ]);
  });

  it('lead conversion by channel', async () => {
    expect(await figures('lead-conversion-by-channel')).toEqual([
      { channel: 'paid_social', leads: 1, qualified: 1, converted: 0, conversion_rate: 0 },
      { channel: 'referral', leads: 1, qualified: 1, converted: 1, conversion_rate: 1 },
      { channel: 'web_form', leads: 2, qualified: 1, converted: 1, conversion_rate: 0.5 },
    ]);
  });
});
