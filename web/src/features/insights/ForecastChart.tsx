import { useReducedMotion } from '@mantine/hooks';
import { Area, Brush, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import type { ForecastSeries } from './api';

/** One row per month: the history, or the forecast mean with its bands as [low, high] ranges. */
export const chartRows = (series: ForecastSeries) => [
  ...series.history.map((h) => ({ month: h.month, actual: h.value })),
  ...series.forecast.map((f) => ({
    month: f.month,
    mean: f.mean,
    band95: [f.lo95, f.hi95] as [number, number],
    band80: [f.lo80, f.hi80] as [number, number],
  })),
];

const number = (v: unknown) =>
  Array.isArray(v)
    ? v.map((x) => Number(x).toLocaleString('en-US', { maximumFractionDigits: 1 })).join(' – ')
    : Number(v).toLocaleString('en-US', { maximumFractionDigits: 1 });

/** History, forecast mean, and the 95% and 80% bands as shaded areas; a brush below zooms the months. */
export default function ForecastChart({ series }: { series: ForecastSeries }) {
  const reduceMotion = useReducedMotion();
  const rows = chartRows(series);
  return (
    <figure
      style={{ margin: 0 }}
      aria-label={`${series.name}: history and forecast`}
      data-testid="forecast-chart"
    >
      <ComposedChart
        responsive
        style={{ width: '100%', height: 360 }}
        data={rows}
        margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--mantine-color-gray-3)" />
        <XAxis dataKey="month" tick={{ fontSize: 11, fill: 'var(--mantine-color-gray-8)' }} minTickGap={24} />
        <YAxis
          tick={{ fontSize: 12, fill: 'var(--mantine-color-gray-8)' }}
          width={64}
          tickFormatter={number}
        />
        <Tooltip formatter={(value) => number(value)} />
        <Legend />
        <Area
          dataKey="band95"
          name="95% band"
          stroke="none"
          fill="var(--mantine-color-blue-2)"
          fillOpacity={0.6}
          isAnimationActive={!reduceMotion}
        />
        <Area
          dataKey="band80"
          name="80% band"
          stroke="none"
          fill="var(--mantine-color-blue-4)"
          fillOpacity={0.6}
          isAnimationActive={!reduceMotion}
        />
        <Line
          dataKey="actual"
          name="History"
          stroke="var(--mantine-color-gray-8)"
          dot={false}
          isAnimationActive={!reduceMotion}
        />
        <Line
          dataKey="mean"
          name="Forecast"
          stroke="var(--mantine-color-blue-8)"
          strokeDasharray="6 4"
          dot={false}
          isAnimationActive={!reduceMotion}
        />
        <Brush dataKey="month" height={24} stroke="var(--mantine-color-blue-7)" />
      </ComposedChart>
      <figcaption style={{ fontSize: 12, color: 'var(--mantine-color-gray-7)' }}>
        {series.name} by month ({series.unit}); the forecast dashed, its 80% and 95% bands shaded. Drag the
        brush to zoom.
      </figcaption>
    </figure>
  );
}
