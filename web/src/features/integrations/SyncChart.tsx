import { useReducedMotion } from '@mantine/hooks';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { IntegrationSync } from './types';

const SERIES = [
  { key: 'applied', name: 'Applied', color: 'var(--mantine-color-green-7)' },
  { key: 'ignored', name: 'Ignored', color: 'var(--mantine-color-gray-5)' },
  { key: 'refused', name: 'Refused', color: 'var(--mantine-color-orange-6)' },
  { key: 'rejected', name: 'Rejected signature', color: 'var(--mantine-color-red-7)' },
] as const;

const hourLabel = (iso: string) =>
  new Date(iso).toLocaleTimeString('en-US', { hour: 'numeric', hour12: true });

/**
 * Deliveries per hour by outcome, stacked. Loaded on demand with the rest of recharts; the figures
 * beside it and the table view carry the same numbers for keyboard and screen-reader users.
 */
export default function SyncChart({ hours }: { hours: IntegrationSync['stats']['hours'] }) {
  const reduceMotion = useReducedMotion();
  const data = hours.map((h) => ({ ...h, label: hourLabel(h.hour) }));
  const total = hours.reduce((sum, h) => sum + h.received + h.rejected, 0);
  return (
    <figure style={{ margin: 0 }} aria-label={`Deliveries per hour: ${total} in the window`}>
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
        {SERIES.map((s) => (
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
