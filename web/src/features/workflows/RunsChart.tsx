import { useReducedMotion } from '@mantine/hooks';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { WorkflowStats } from './types';

/** Runs per day, succeeded and failed stacked. Loaded on demand with recharts; the figures beside it carry the totals. */
export default function RunsChart({ days }: { days: WorkflowStats['days'] }) {
  const reduceMotion = useReducedMotion();
  const total = days.reduce((n, d) => n + d.runs, 0);
  return (
    <figure style={{ margin: 0 }} aria-label={`Runs per day: ${total} in the period`}>
      <BarChart
        responsive
        style={{ width: '100%', height: 240 }}
        data={days.map((d) => ({ ...d, label: d.day.slice(5) }))}
        margin={{ top: 8, right: 8, bottom: 8, left: 0 }}
        accessibilityLayer={false}
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--mantine-color-gray-3)" />
        <XAxis dataKey="label" tick={{ fontSize: 12, fill: 'var(--mantine-color-gray-8)' }} />
        <YAxis
          allowDecimals={false}
          tick={{ fontSize: 12, fill: 'var(--mantine-color-gray-8)' }}
          width={40}
        />
        <Tooltip cursor={{ fill: 'var(--mantine-color-gray-1)' }} />
        <Legend
          wrapperStyle={{ fontSize: 13 }}
          formatter={(value) => <span style={{ color: 'var(--mantine-color-gray-8)' }}>{value}</span>}
        />
        <Bar
          dataKey="succeeded"
          name="Succeeded"
          stackId="runs"
          fill="var(--mantine-color-green-7)"
          isAnimationActive={!reduceMotion}
        />
        <Bar
          dataKey="failed"
          name="Failed"
          stackId="runs"
          fill="var(--mantine-color-red-7)"
          isAnimationActive={!reduceMotion}
        />
      </BarChart>
    </figure>
  );
}
