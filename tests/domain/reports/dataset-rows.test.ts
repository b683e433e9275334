import { describe, expect, it } from 'vitest';
import { DATASETS, datasetColumns, TABLE_NAMES, TABLES } from '../../../domain/reports/dataset.ts';
import { applyEvent, emptyRows, tableRows } from '../../../domain/reports/dataset-rows.ts';
import { world } from '../../functions/reports/world.ts';

describe('the dataset rows from events', () => {
  it('applying the same events again (a redelivery, a replay) changes nothing', () => {
    const events = world();
    const once = emptyRows();
    for (const event of events) applyEvent(once, event);
    const twice = emptyRows();
    for (const event of events) {
      applyEvent(twice, event);
      applyEvent(twice, event);
    }
    for (const event of events) applyEvent(twice, event);
    for (const table of TABLE_NAMES) expect(tableRows(twice, table)).toEqual(tableRows(once, table));
  });

  it("an order's row follows its payments, refunds and cancellation", () => {
    const rows = emptyRows();
    for (const event of world()) applyEvent(rows, event);
    expect(rows.tables.orders.get('o6')).toMatchObject({
      total_cents: 120_000,
      paid_cents: 15_000,
      stage: 'placed',
    });
    expect(rows.tables.orders.get('o4')).toMatchObject({ stage: 'cancelled', cancelled_on: '2026-04-10' });
    expect(tableRows(rows, 'payments').filter((p) => p.order_id === 'o6')).toEqual([
      expect.objectContaining({ outcome: 'received', collected_cents: 20_000, kind: 'progress' }),
      expect.objectContaining({ outcome: 'refunded', collected_cents: -5_000, kind: 'refund' }),
    ]);
    expect(rows.tables.items.get('i1')).toMatchObject({ on_hand: 65 });
  });

  it('leaves contact details out and every table readable by one permission', () => {
    for (const table of TABLE_NAMES) {
      expect(TABLES[table].columns.map((c) => c.name)).not.toContain('email');
      expect(TABLES[table].columns.map((c) => c.name)).not.toContain('phone');
      expect(TABLES[table].columns.map((c) => c.name)).toContain(TABLES[table].key);
    }
    for (const name of Object.keys(DATASETS) as (keyof typeof DATASETS)[])
      expect(datasetColumns(name).length).toBeGreaterThan(0);
  });
});
