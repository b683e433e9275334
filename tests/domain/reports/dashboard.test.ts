import { describe, expect, it } from 'vitest';
import {
  availableDashboardActions,
  type DashboardCommand,
  dashboardDecider,
} from '../../../domain/reports/dashboard.ts';
import { fieldType, reportDate, withSharedFilters } from '../../../domain/reports/dashboard-filters.ts';
import { OVERVIEW_DASHBOARD } from '../../../domain/reports/overview-dashboard.ts';
import { REPORT_TEMPLATES, reportTemplate } from '../../../domain/reports/templates.ts';
import type { DashboardTile, SharedFilter } from '../../../events/contexts/dashboards.ts';
import { replay } from '../helpers.ts';

const tile = (tileId: string, templateId: string, width: DashboardTile['width'] = 1): DashboardTile => ({
  tileId,
  source: { kind: 'template', templateId },
  width,
});
const content = { name: 'Sales', description: '', tiles: [tile('a', 'sales-by-month', 2)], filters: [] };
const create: DashboardCommand = {
  type: 'CreateDashboard',
  dashboardId: 'd1',
  owner: { id: 'u1' },
  ...content,
};

describe('the dashboard decider', () => {
  it('makes a dashboard, edits it as versions and archives it, each as a catalog-valid event', () => {
    const tiles = [tile('b', 'lead-funnel'), tile('a', 'sales-by-month', 3)];
    const { state, events, refused } = replay(dashboardDecider, [
      create,
      { type: 'EditDashboard', ...content, tiles, by: 'u1' },
      { type: 'ArchiveDashboard', by: 'u1' },
      { type: 'EditDashboard', ...content, by: 'u1' },
    ]);
    expect(events.map((e) => e.type)).toEqual(['DashboardCreated', 'DashboardEdited', 'DashboardArchived']);
    expect(refused).toEqual(['dashboard-archived']);
    expect(state).toMatchObject({ exists: true, status: 'archived', tiles, owner: { id: 'u1' } });
  });

  it('lets only its owner, or an owner or admin, change it, and refuses a tile id twice', () => {
    const { refused } = replay(dashboardDecider, [
      create,
      { type: 'EditDashboard', ...content, by: 'u2' },
      { type: 'EditDashboard', ...content, name: 'Theirs', by: 'u2', anyone: true },
      {
        type: 'EditDashboard',
        ...content,
        tiles: [tile('a', 'lead-funnel'), tile('a', 'balances-due')],
        by: 'u1',
      },
      create,
    ]);
    expect(refused).toEqual(['not-dashboard-owner', 'duplicate-tile', 'dashboard-exists']);
    expect(replay(dashboardDecider, [{ type: 'ArchiveDashboard', by: 'u1' }]).refused).toEqual([
      'dashboard-not-found',
    ]);
  });

  it('offers edit and archive to its owner only, and nothing once archived', () => {
    const made = replay(dashboardDecider, [create]).state;
    const day = { today: '2026-01-01' as never };
    expect(availableDashboardActions(made, { ...day, by: 'u1' })).toEqual(['edit', 'archive']);
    expect(availableDashboardActions(made, { ...day, by: 'u2' })).toEqual([]);
    const archived = replay(dashboardDecider, [create, { type: 'ArchiveDashboard', by: 'u1' }]).state;
    expect(availableDashboardActions(archived, { ...day, by: 'u1' })).toEqual([]);
  });
});

const lastQuarter: SharedFilter = { kind: 'date', range: { op: 'in_last', amount: 3, unit: 'month' } };
const webOnly: SharedFilter = { kind: 'equals', field: 'channel', values: ['web_form'] };
const definitionOf = (id: string) => reportTemplate(id)!.definition;

describe('shared filters on a tile', () => {
  it("replace a report's own range on the date it is about, and narrow it by a field it has", () => {
    const funnel = definitionOf('lead-conversion-by-channel');
    expect(reportDate(funnel)).toBe('captured_on');
    const { definition, outcomes } = withSharedFilters(funnel, [lastQuarter, webOnly]);
    expect(outcomes).toEqual([
      { index: 0, applied: true, field: 'captured_on' },
      { index: 1, applied: true, field: 'channel' },
    ]);
    expect(definition.filters).toEqual([
      { field: 'captured_on', op: 'in_last', amount: 3, unit: 'month' },
      { field: 'channel', op: 'in', values: ['web_form'] },
    ]);
    // The template itself is unchanged.
    expect(funnel.filters).toEqual([{ field: 'captured_on', op: 'in_last', amount: 12, unit: 'month' }]);
  });

  it('take the date a report groups by, keep its presence filters, and take an absolute range', () => {
    const sales = definitionOf('sales-by-month');
    const { definition, outcomes } = withSharedFilters(sales, [
      { kind: 'date', range: { op: 'between', from: '2026-01-01', to: '2026-03-31' } },
    ]);
    expect(outcomes).toEqual([{ index: 0, applied: true, field: 'placed_on' }]);
    expect(definition.filters).toEqual([
      { field: 'cancelled_on', op: 'is_null' },
      { field: 'placed_on', op: 'between', values: ['2026-01-01', '2026-03-31'] },
    ]);
  });

  it('say why a filter does not fit a tile whose data lacks the field, and leave its report as it was', () => {
    const sales = definitionOf('sales-by-month');
    const { definition, outcomes } = withSharedFilters(sales, [
      webOnly,
      { kind: 'date', field: 'captured_on', range: lastQuarter.range },
      { kind: 'equals', field: 'placed_on', values: ['2026-01-01'] },
    ]);
    expect(outcomes).toEqual([
      { index: 0, applied: false, reason: "This report's data has no field channel" },
      { index: 1, applied: false, reason: "This report's data has no date captured_on" },
      { index: 2, applied: false, reason: "This report's data has no field placed_on" },
    ]);
    expect(definition).toEqual(sales);
    const balances = definitionOf('balances-due');
    expect(withSharedFilters(balances, [lastQuarter]).outcomes).toEqual([
      { index: 0, applied: false, reason: 'This report has no date to filter' },
    ]);
  });

  it("reach a join's fields by <join>.<field>", () => {
    expect(fieldType('orders', 'model.name')).toBe('string');
    expect(fieldType('orders', 'nope.name')).toBeUndefined();
    const { outcomes } = withSharedFilters(definitionOf('revenue-by-model'), [
      { kind: 'equals', field: 'model.name', values: ['Nest'] },
    ]);
    expect(outcomes).toEqual([{ index: 0, applied: true, field: 'model.name' }]);
  });
});

describe('the default Overview dashboard', () => {
  it('is made of templates, each once', () => {
    const ids = OVERVIEW_DASHBOARD.tiles.map((t) =>
      t.source.kind === 'template' ? t.source.templateId : '',
    );
    expect(ids).toEqual(expect.arrayContaining(['sales-by-month', 'lead-funnel', 'revenue-by-model']));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(REPORT_TEMPLATES.map((t) => t.id)).toContain(id);
  });
});
