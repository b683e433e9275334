import { useReducedMotion } from '@mantine/hooks';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { percent } from '../../lib/format';
import type { SalesInsights } from './api';

type Bin = NonNullable<SalesInsights['leadScoring']>['calibration'][number];

/** Held-out leads by decile of predicted probability: predicted beside observed conversion. */
export default function CalibrationChart({ bins }: { bins: Bin[] }) {
  const reduceMotion = useReducedMotion();
  return (
    <figure style={{ margin: 0 }} aria-label="Lead score calibration" data-testid="calibration-chart">
      <BarChart
        responsive
        style={{ width: '100%', height: 260 }}
        data={bins}
        margin={{ top: 8, right: 8, bottom: 8, left: 0 }}
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--mantine-color-gray-3)" />
        <XAxis dataKey="decile" tick={{ fontSize: 11, fill: 'var(--mantine-color-gray-8)' }} />
        <YAxis
          tick={{ fontSize: 12, fill: 'var(--mantine-color-gray-8)' }}
          width={48}
          tickFormatter={(v) => percent(Number(v))}
        />
        <Tooltip formatter={(v) => percent(Number(v))} labelFormatter={(d) => `Decile ${d}`} />
        <Legend />
        <Bar
          dataKey="predicted"
          name="Predicted"
          fill="var(--mantine-color-blue-4)"
          isAnimationActive={!reduceMotion}
        />
        <Bar
          dataKey="observed"
          name="Observed"
          fill="var(--mantine-color-teal-6)"
          isAnimationActive={!reduceMotion}
        />
      </BarChart>
      <figcaption style={{ fontSize: 12, color: 'var(--mantine-color-gray-7)' }}>
        Held-out leads in ten bins by predicted probability: a calibrated score has the bars of each bin
        level.
      </figcaption>
    </figure>
  );
}
