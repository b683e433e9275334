import type { INSIGHTS_SCOPES } from '../../events/contexts/insights.ts';
import { type Forecast, forecast } from '../forecasting/forecast.ts';
import type { Day } from '../shared/days.ts';
import { round2 } from './stats.ts';

/**
 * The platform's forecasts: monthly series built from the history (revenue booked and collected,
 * orders by model, leads by channel, usage per inventory item), each forecast by the engine with its
 * 80%/95% bands and its measured backtest accuracy beside the confidence the bands claim.
 */
export const FORECAST_KINDS = ['revenue', 'orders', 'leads', 'demand'] as const;
export type ForecastKind = (typeof FORECAST_KINDS)[number];

/** Months ahead; backtests test the same horizon at each origin. */
export const FORECAST_HORIZON = 6;
/** At most this many months of history are read (three years: enough for yearly seasonality). */
const HISTORY_MONTHS = 36;

export interface SalesInput {
  modelId: string;
  modelName: string;
  on: Day;
  totalCents: number;
  payments: readonly { on: Day; amountCents: number }[];
}

export interface ForecastInputs {
  sales: readonly SalesInput[];
  leads: readonly { channel: string; capturedOn: Day }[];
  items: readonly {
    itemId: string;
    name: string;
    unit: string;
    usage: readonly { on: Day; quantity: number }[];
  }[];
}

export interface ForecastSeries {
  /** `revenue-booked`, `revenue-collected`, `orders-<model>`, `leads-<channel>`, `demand-<item>`. */
  seriesId: string;
  kind: ForecastKind;
  name: string;
  unit: string;
  history: { month: string; value: number }[];
  forecast: { month: string; mean: number; lo80: number; hi80: number; lo95: number; hi95: number }[];
  model: string;
  /**
   * Measured on rolling-origin backtests: MASE (below 1 beats the seasonal naive forecast) and how
   * often the 80% and 95% bands held what happened (null when the history was too short to test).
   */
  accuracy: { mase: number | null; coverage80: number | null; coverage95: number | null; origins: number };
  notes: string[];
}

/** `YYYY-MM` plus `n` months. */
export const addMonths = (month: string, n: number): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};

/**
 * Whole months before `asOf`'s month (the current one is partial), from the first month with any
 * value in any series, at most HISTORY_MONTHS of them.
 */
export const monthsBefore = (asOf: Day, first: string | undefined): string[] => {
  const end = asOf.slice(0, 7);
  if (!first || first >= end) return [];
  const months: string[] = [];
  for (let m = first; m < end; m = addMonths(m, 1)) months.push(m);
  return months.slice(-HISTORY_MONTHS);
};

/** Sums values by month over the given months (anything outside them is left out). */
export const monthly = (points: Iterable<{ on: Day; value: number }>, months: readonly string[]) => {
  const index = new Map(months.map((m, i) => [m, i]));
  const values = new Array<number>(months.length).fill(0);
  for (const { on, value } of points) {
    const i = index.get(on.slice(0, 7));
    if (i !== undefined) values[i]! += value;
  }
  return values;
};

const finite = (x: number) => (Number.isFinite(x) ? round2(x) : null);

/** One series forecast by the engine, with its accuracy. */
export const forecastSeries = (
  def: Pick<ForecastSeries, 'seriesId' | 'kind' | 'name' | 'unit'>,
  months: readonly string[],
  values: readonly number[],
): ForecastSeries => {
  const f: Forecast = forecast(values, { horizon: FORECAST_HORIZON, season: 12, spacing: 1 });
  const last = months[months.length - 1]!;
  return {
    ...def,
    history: months.map((month, i) => ({ month, value: round2(values[i]!) })),
    forecast: f.mean.map((mean, k) => ({
      month: addMonths(last, k + 1),
      mean: round2(mean),
      lo80: round2(f.lo80[k]!),
      hi80: round2(f.hi80[k]!),
      lo95: round2(f.lo95[k]!),
      hi95: round2(f.hi95[k]!),
    })),
    model: f.model,
    accuracy: {
      mase: finite(f.backtest.mase),
      coverage80: finite(f.backtest.coverage80),
      coverage95: finite(f.backtest.coverage95),
      origins: f.backtest.origins,
    },
    notes: f.notes,
  };
};

const firstMonth = (inputs: ForecastInputs): string | undefined => {
  const days = [
    ...inputs.sales.flatMap((s) => [s.on, ...s.payments.map((p) => p.on)]),
    ...inputs.leads.map((l) => l.capturedOn),
    ...inputs.items.flatMap((i) => i.usage.map((u) => u.on)),
  ];
  // biome-ignore lint/complexity/useMathMinMax: these are ISO date strings, which Math.min cannot compare
  return days.length ? days.reduce((a, b) => (a < b ? a : b)).slice(0, 7) : undefined;
};

/** Which series a run forecasts: everything, or only the inventory items (a refresh after stock moved). */
export type ForecastScope = (typeof INSIGHTS_SCOPES)[number];

/** The kinds of series a run of a scope forecasts, and so replaces. */
export const kindsOf = (scope: ForecastScope): ForecastKind[] =>
  scope === 'all' ? [...FORECAST_KINDS] : ['demand'];

/** Every series as of a day; none when there is not a single whole month of history yet. */
export const forecastAll = (
  inputs: ForecastInputs,
  asOf: Day,
  scope: ForecastScope = 'all',
): ForecastSeries[] => {
  const months = monthsBefore(asOf, firstMonth(inputs));
  if (months.length < 2) return [];
  const series: ForecastSeries[] = [];
  if (scope === 'all') {
    series.push(
      forecastSeries(
        { seriesId: 'revenue-booked', kind: 'revenue', name: 'Revenue booked', unit: 'USD' },
        months,
        monthly(
          inputs.sales.map((s) => ({ on: s.on, value: s.totalCents / 100 })),
          months,
        ),
      ),
      forecastSeries(
        { seriesId: 'revenue-collected', kind: 'revenue', name: 'Revenue collected', unit: 'USD' },
        months,
        monthly(
          inputs.sales.flatMap((s) => s.payments.map((p) => ({ on: p.on, value: p.amountCents / 100 }))),
          months,
        ),
      ),
    );
    const models = new Map<string, string>();
    for (const s of inputs.sales) models.set(s.modelId, s.modelName);
    for (const [modelId, name] of [...models].sort((a, b) => a[1].localeCompare(b[1])))
      series.push(
        forecastSeries(
          { seriesId: `orders-${modelId}`, kind: 'orders', name: `Orders: ${name}`, unit: 'orders' },
          months,
          monthly(
            inputs.sales.filter((s) => s.modelId === modelId).map((s) => ({ on: s.on, value: 1 })),
            months,
          ),
        ),
      );
    for (const channel of [...new Set(inputs.leads.map((l) => l.channel))].sort())
      series.push(
        forecastSeries(
          { seriesId: `leads-${channel}`, kind: 'leads', name: `Leads: ${channel}`, unit: 'leads' },
          months,
          monthly(
            inputs.leads.filter((l) => l.channel === channel).map((l) => ({ on: l.capturedOn, value: 1 })),
            months,
          ),
        ),
      );
  }
  for (const item of [...inputs.items].sort((a, b) => a.name.localeCompare(b.name)))
    series.push(
      forecastSeries(
        { seriesId: `demand-${item.itemId}`, kind: 'demand', name: `Demand: ${item.name}`, unit: item.unit },
        months,
        monthly(
          item.usage.map((u) => ({ on: u.on, value: u.quantity })),
          months,
        ),
      ),
    );
  return series;
};
