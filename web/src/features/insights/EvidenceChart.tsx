import { useReducedMotion } from '@mantine/hooks';
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { Recommendation } from './api';

type Series = NonNullable<Recommendation['evidence']['series']>;

/** A recommendation's evidence over time: what happened solid, what is projected dashed, its levels across. */
export default function EvidenceChart({ series }: { series: Series }) {
  const reduceMotion = useReducedMotion();
  const data = series.points.map((p) => ({
    at: p.at,
    actual: p.projected ? undefined : p.value,
    projected: p.projected ? p.value : undefined,
  }));
  return (
    <figure style={{ margin: 0 }} aria-label={series.title}>
      <LineChart
        responsive
        style={{ width: '100%', height: 240 }}
        data={data}
        margin={{ top: 8, right: 8, bottom: 8, left: 0 }}
        accessibilityLayer={false}
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--mantine-color-gray-3)" />
        <XAxis dataKey="at" tick={{ fontSize: 11, fill: 'var(--mantine-color-gray-8)' }} minTickGap={24} />
        <YAxis tick={{ fontSize: 12, fill: 'var(--mantine-color-gray-8)' }} width={48} />
        <Tooltip />
        {series.levels.map((level) => (
          <ReferenceLine
            key={level.label}
            y={level.value}
            stroke="var(--mantine-color-orange-7)"
            strokeDasharray="4 4"
            label={{
              value: level.label,
              fontSize: 11,
              fill: 'var(--mantine-color-gray-8)',
              position: 'insideTopLeft',
            }}
          />
        ))}
        <Line
          dataKey="actual"
          name="History"
          stroke="var(--mantine-color-blue-7)"
          dot={false}
          isAnimationActive={!reduceMotion}
        />
        <Line
          dataKey="projected"
          name="Projected"
          stroke="var(--mantine-color-blue-7)"
          strokeDasharray="6 4"
          dot={false}
          isAnimationActive={!reduceMotion}
        />
      </LineChart>
      <figcaption style={{ fontSize: 12, color: 'var(--mantine-color-gray-7)' }}>
        {series.title} ({series.unit})
      </figcaption>
    </figure>
  );
}
