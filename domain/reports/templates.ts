import { ReportDefinition, type ReportDefinitionInput } from '../../events/contexts/report-definition.ts';

/**
 * The report templates (issue 14): saved definitions anyone can run or copy into a report of their
 * own. Each has a test of its figures on a small known dataset (tests/domain/reports/templates.test.ts).
 */
export interface ReportTemplate {
  id: string;
  name: string;
  description: string;
  definition: ReportDefinition;
}

const notCancelled = { field: 'cancelled_on', op: 'is_null' } as const;
const lastYear = (field: string) => ({ field, op: 'in_last', amount: 12, unit: 'month' }) as const;

const template = (id: string, name: string, description: string, definition: ReportDefinitionInput) => ({
  id,
  name,
  description,
  definition: ReportDefinition.parse(definition),
});

export const REPORT_TEMPLATES: readonly ReportTemplate[] = [
  template(
    'sales-by-month',
    'Sales by month against last year',
    'Orders placed and their value per month, this year beside last year (cancelled orders left out)',
    {
      dataset: 'orders',
      rows: [{ field: 'placed_on', grain: 'month_of_year', as: 'month' }],
      columns: [{ field: 'placed_on', grain: 'year', as: 'year' }],
      values: [
        { agg: 'sum', field: 'total_cents', as: 'sales_cents' },
        { agg: 'count', as: 'orders' },
      ],
      filters: [notCancelled, { field: 'placed_on', op: 'in_last', amount: 2, unit: 'year' }],
    },
  ),
  template(
    'lead-funnel',
    'Lead → quote → order funnel',
    'Leads captured in the last 12 months and how many were qualified, became customers, were quoted and ordered',
    {
      dataset: 'lead_funnel',
      values: [
        { agg: 'count', as: 'leads' },
        { agg: 'count', filters: [{ field: 'qualified', op: 'equals', value: true }], as: 'qualified' },
        { agg: 'count', filters: [{ field: 'converted', op: 'equals', value: true }], as: 'converted' },
        { agg: 'count', filters: [{ field: 'quoted', op: 'equals', value: true }], as: 'quoted' },
        { agg: 'count', filters: [{ field: 'ordered', op: 'equals', value: true }], as: 'ordered' },
      ],
      calculations: [{ name: 'lead_to_order', expression: 'ordered / leads' }],
      filters: [lastYear('captured_on')],
    },
  ),
  template(
    'revenue-by-model',
    'Revenue by model and option attach rate',
    'Orders of the last 12 months per model: their value, and how many came with options',
    {
      dataset: 'orders',
      rows: [{ field: 'model_name', as: 'model' }],
      values: [
        { agg: 'count', as: 'orders' },
        { agg: 'sum', field: 'total_cents', as: 'revenue_cents' },
        { agg: 'count', filters: [{ field: 'option_count', op: 'gt', value: 0 }], as: 'with_options' },
        { agg: 'sum', field: 'option_count', as: 'options' },
      ],
      calculations: [
        { name: 'attach_rate', expression: 'with_options / orders' },
        { name: 'options_per_order', expression: 'options / orders' },
      ],
      filters: [notCancelled, lastYear('placed_on')],
      sort: [{ by: 'revenue_cents', direction: 'desc' }],
    },
  ),
  template(
    'balances-due',
    'Balances due and their age',
    'Open balances of orders not cancelled, by how long ago the order was placed',
    {
      dataset: 'orders',
      fields: [
        { name: 'balance_cents', expression: 'total_cents - paid_cents' },
        { name: 'age_days', expression: 'days_between(placed_on, today())' },
        {
          name: 'age_band',
          expression:
            "if(age_days <= 30, '0-30', if(age_days <= 60, '31-60', if(age_days <= 90, '61-90', '90+')))",
        },
      ],
      rows: [{ field: 'age_band' }],
      values: [
        { agg: 'count', as: 'orders' },
        { agg: 'sum', field: 'balance_cents', as: 'balance_cents' },
        { agg: 'max', field: 'age_days', as: 'oldest_days' },
      ],
      filters: [notCancelled, { field: 'balance_cents', op: 'gt', value: 0 }],
    },
  ),
  template(
    'build-cycle-time',
    'Build cycle time by stage',
    'Days each build stage took, for stages completed in the last 12 months: average, median and p90',
    {
      dataset: 'build_stages',
      rows: [{ field: 'stage' }],
      values: [
        { agg: 'count', as: 'stages' },
        { agg: 'avg', field: 'days', as: 'avg_days' },
        { agg: 'median', field: 'days', as: 'median_days' },
        { agg: 'percentile', field: 'days', percentile: 0.9, as: 'p90_days' },
      ],
      filters: [lastYear('completed_on')],
    },
  ),
  template(
    'on-time-delivery',
    'On-time delivery rate',
    'Deliveries per month and the share that arrived on or before the day first promised',
    {
      dataset: 'shipments',
      rows: [{ field: 'delivered_on', grain: 'month', as: 'month' }],
      values: [
        { agg: 'count', as: 'delivered' },
        { agg: 'count', filters: [{ field: 'on_time', op: 'equals', value: true }], as: 'on_time' },
      ],
      calculations: [{ name: 'on_time_rate', expression: 'on_time / delivered' }],
      filters: [lastYear('delivered_on')],
    },
  ),
  template(
    'inventory-value-turns',
    'Inventory value and turns',
    'Stock on hand per item at cost, what builds consumed in the last 12 months, and turns (consumed ÷ on hand)',
    {
      dataset: 'stock_movements',
      fields: [{ name: 'consumed_cents', expression: '- value_cents' }],
      rows: [{ field: 'item.name', as: 'item' }],
      values: [
        { agg: 'sum', field: 'quantity', as: 'on_hand' },
        { agg: 'sum', field: 'value_cents', as: 'value_cents' },
        {
          agg: 'sum',
          field: 'consumed_cents',
          filters: [{ field: 'kind', op: 'equals', value: 'consumed' }, lastYear('moved_on')],
          as: 'consumed_cents',
        },
      ],
      calculations: [{ name: 'turns', expression: 'consumed_cents / value_cents' }],
      sort: [{ by: 'value_cents', direction: 'desc' }],
    },
  ),
  template(
    'purchase-spend-by-supplier',
    'Purchase spend by supplier',
    'Purchase orders placed in the last 12 months per supplier (cancelled ones left out)',
    {
      dataset: 'purchase_orders',
      rows: [{ field: 'supplier.name', as: 'supplier' }],
      values: [
        { agg: 'count', as: 'purchase_orders' },
        { agg: 'sum', field: 'total_cents', as: 'spend_cents' },
      ],
      filters: [{ field: 'status', op: 'not_equals', value: 'cancelled' }, lastYear('placed_on')],
      sort: [{ by: 'spend_cents', direction: 'desc' }],
    },
  ),
  template(
    'campaign-returns',
    'Campaign cost per lead and return',
    "Each campaign's spend, leads, customers and their orders: cost per lead and revenue per dollar spent",
    {
      dataset: 'campaign_returns',
      rows: [{ field: 'name', as: 'campaign' }, { field: 'channel' }],
      values: [
        { agg: 'sum', field: 'spent_cents', as: 'spent_cents' },
        { agg: 'sum', field: 'leads', as: 'leads' },
        { agg: 'sum', field: 'converted', as: 'converted' },
        { agg: 'sum', field: 'revenue_cents', as: 'revenue_cents' },
      ],
      calculations: [
        { name: 'cost_per_lead_cents', expression: 'round(spent_cents / leads)' },
        { name: 'return_on_spend', expression: 'revenue_cents / spent_cents' },
      ],
      sort: [{ by: 'spent_cents', direction: 'desc' }],
    },
  ),
  template(
    'lead-conversion-by-channel',
    'Lead conversion by channel',
    'Leads captured in the last 12 months per channel: qualified, converted and the conversion rate',
    {
      dataset: 'leads',
      rows: [{ field: 'channel' }],
      values: [
        { agg: 'count', as: 'leads' },
        {
          agg: 'count',
          filters: [{ field: 'status', op: 'in', values: ['qualified', 'converted'] }],
          as: 'qualified',
        },
        { agg: 'count', filters: [{ field: 'status', op: 'equals', value: 'converted' }], as: 'converted' },
      ],
      calculations: [{ name: 'conversion_rate', expression: 'converted / leads' }],
      filters: [lastYear('captured_on')],
    },
  ),
];

export const reportTemplate = (id: string): ReportTemplate | undefined =>
  REPORT_TEMPLATES.find((t) => t.id === id);
