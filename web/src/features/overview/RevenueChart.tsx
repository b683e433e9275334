import { useReducedMotion } from '@mantine/hooks';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { money, monthLabel } from '../../lib/format';
import type { RevenueMonth } from './types';

const compact = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  maximumFractionDigits: 1,
});

/**
 * Revenue (homes delivered) by month with the same month a year before beside it. Loaded on demand
 * with the rest of recharts; the card's table view carries the same numbers for keyboard and
 * screen-reader users.
 */
export default function RevenueChart({ months }: { months: RevenueMonth[] }) {
  const reduceMotion = useReducedMotion();
  const data = months.map((m) => ({
    label: monthLabel(m.month).replace(/ (\d\d)(\d\d)$/, " '$2"),
    current: m.revenueCents / 100,
    prior: m.priorYear.revenueCents / 100,
  }));
  const total = months.reduce((sum, m) => sum + m.revenueCents, 0);
  const prior = months.reduce((sum, m) => sum + m.priorYear.revenueCents, 0);
  return (
    <figure
      style={{ margin: 0 }}
      aria-label={`Revenue by month: ${money(total)} over the period, against ${money(prior)} a year before`}
    >
      <BarChart
        responsive
        style={{ width: '100%', height: 280 }}
        data={data}
        margin={{ top: 8, right: 8, bottom: 8, left: 8 }}
        accessibilityLayer={false}
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--mantine-color-gray-3)" />
        <XAxis dataKey="label" tick={{ fontSize: 12, fill: 'var(--mantine-color-gray-8)' }} />
        <YAxis
          tickFormatter={(v: number) => compact.format(v)}
          tick={{ fontSize: 12, fill: 'var(--mantine-color-gray-8)' }}
          width={64}
        />
        <Tooltip
          formatter={(value) => money(Math.round(Number(value) * 100))}
          cursor={{ fill: 'var(--mantine-color-gray-1)' }}
        />
        <Legend
          wrapperStyle={{ fontSize: 13 }}
          // Series colours are too light for text; the swatch carries the colour, the label stays dark.
          formatter={(value) => <span style={{ color: 'var(--mantine-color-gray-8)' }}>{value}</span>}
        />
        <Bar
          dataKey="prior"
          name="A year before"
          fill="var(--mantine-color-gray-5)"
          radius={[3, 3, 0, 0]}
          isAnimationActive={!reduceMotion}
        />
        <Bar
          dataKey="current"
          name="This period"
          fill="var(--mantine-color-blue-7)"
          radius={[3, 3, 0, 0]}
          isAnimationActive={!reduceMotion}
        />
      </BarChart>
    </figure>
  );
}
