import { useReducedMotion } from '@mantine/hooks';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';

/** One stacked series: a count per hour, its name in the legend, its colour. */
export interface SyncSeries {
  /** The field of each hour that holds this series' count. */
  key: string;
  name: string;
  color: string;
}

const hourLabel = (iso: string) =>
  new Date(iso).toLocaleTimeString('en-US', { hour: 'numeric', hour12: true });

/**
 * Counts per hour, stacked by series. Loaded on demand with the rest of recharts; the figures
 * beside it and the table view carry the same numbers for keyboard and screen-reader users.
 */
export default function SyncChart({
  hours,
  series,
  label,
}: {
  hours: readonly { hour: string }[];
  series: readonly SyncSeries[];
  label: string;
}) {
  const reduceMotion = useReducedMotion();
  const data = hours.map((h) => ({ ...h, label: hourLabel(h.hour) }));
  return (
    <figure style={{ margin: 0 }} aria-label={label}>
      <BarChart
        responsive
        style={{ width: '100%', height: 200 }}
        data={data}
        margin={{ top: 8, right: 8, bottom: 8, left: 0 }}
        accessibilityLayer={false}
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--mantine-color-gray-3)" />
        <XAxis
          dataKey="label"
          tick={{ fontSize: 11, fill: 'var(--mantine-color-gray-8)' }}
          interval="preserveStartEnd"
        />
        <YAxis
          allowDecimals={false}
          tick={{ fontSize: 11, fill: 'var(--mantine-color-gray-8)' }}
          width={32}
        />
        <Tooltip cursor={{ fill: 'var(--mantine-color-gray-1)' }} />
        <Legend
          wrapperStyle={{ fontSize: 12 }}
          formatter={(value) => <span style={{ color: 'var(--mantine-color-gray-8)' }}>{value}</span>}
        />
        {series.map((s) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={s.name}
            stackId="outcome"
            fill={s.color}
            isAnimationActive={!reduceMotion}
          />
        ))}
      </BarChart>
    </figure>
  );
}
