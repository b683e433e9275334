import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricAnswer } from './telemetry-api';

const COLOURS = [
  'blue',
  'orange',
  'teal',
  'grape',
  'red',
  'lime',
  'indigo',
  'pink',
  'cyan',
  'yellow',
  'violet',
  'green',
];

export type Stat = 'value' | 'p50' | 'p95' | 'p99';

const labelOf = (labels: Record<string, string>) => Object.values(labels).join(' · ') || 'All';

/** One metric's series as lines over time (no dots or animation: a day of minutes is 1,440 points a line). */
export default function MetricChart({ answer, stat }: { answer: MetricAnswer; stat: Stat }) {
  const names = answer.series.map((s) => labelOf(s.labels));
  const rows = new Map<string, Record<string, number | string>>();
  answer.series.forEach((series, i) => {
    for (const point of series.points) {
      const row = rows.get(point.t) ?? { t: point.t };
      const value = point[stat];
      if (value !== undefined) row[names[i]!] = Math.round(value * 100) / 100;
      rows.set(point.t, row);
    }
  });
  const data = [...rows.values()].sort((a, b) => String(a.t).localeCompare(String(b.t)));
  const day = answer.stepMinutes >= 60;
  const tick = (t: string) =>
    new Date(t).toLocaleString(
      undefined,
      day ? { month: 'short', day: 'numeric', hour: '2-digit' } : { hour: '2-digit', minute: '2-digit' },
    );
  return (
    <figure style={{ margin: 0 }} aria-label={`${answer.definition.title}: ${answer.series.length} series`}>
      <LineChart
        responsive
        style={{ width: '100%', height: 220 }}
        data={data}
        margin={{ top: 8, right: 8, bottom: 8, left: 0 }}
        accessibilityLayer={false}
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--mantine-color-gray-3)" />
        <XAxis
          dataKey="t"
          tickFormatter={tick}
          minTickGap={40}
          tick={{ fontSize: 12, fill: 'var(--mantine-color-gray-8)' }}
        />
        <YAxis width={48} tick={{ fontSize: 12, fill: 'var(--mantine-color-gray-8)' }} />
        <Tooltip labelFormatter={(t) => new Date(String(t)).toLocaleString()} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {names.map((name, i) => (
          <Line
            key={name}
            dataKey={name}
            type="monotone"
            dot={false}
            isAnimationActive={false}
            strokeWidth={1.5}
            stroke={`var(--mantine-color-${COLOURS[i % COLOURS.length]}-7)`}
            connectNulls
          />
        ))}
      </LineChart>
    </figure>
  );
}
