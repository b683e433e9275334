import { useReducedMotion } from '@mantine/hooks';
import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import { ORDER_STAGES, type OrderStage } from '../../api/types';
import { STAGE_LABELS } from '../../lib/format';

/** Bar fills at Mantine's shade 7, dark enough to stand apart from the white background. */
const FILL: Record<OrderStage, string> = {
  quote: 'var(--mantine-color-gray-6)',
  deposit_paid: 'var(--mantine-color-blue-7)',
  in_build: 'var(--mantine-color-orange-7)',
  ready: 'var(--mantine-color-teal-7)',
  delivered: 'var(--mantine-color-green-8)',
  cancelled: 'var(--mantine-color-red-7)',
};

interface Props {
  counts: Record<OrderStage, number>;
  onSelect: (stage: OrderStage) => void;
}

/**
 * Orders by stage as bars; a bar opens the list filtered to its stage. Loaded on demand (recharts is
 * the largest library here), and the same numbers are on the stage tiles as links for keyboard users.
 */
export default function OrdersByStageChart({ counts, onSelect }: Props) {
  const reduceMotion = useReducedMotion();
  const data = ORDER_STAGES.map((stage) => ({ stage, label: STAGE_LABELS[stage], count: counts[stage] }));
  const summary = data.map((d) => `${d.label}: ${d.count}`).join(', ');
  return (
    <figure style={{ margin: 0 }} aria-label={`Orders by stage. ${summary}`}>
      <BarChart
        responsive
        style={{ width: '100%', height: 260 }}
        data={data}
        margin={{ top: 8, right: 8, bottom: 8, left: -16 }}
        accessibilityLayer={false}
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--mantine-color-gray-3)" />
        <XAxis dataKey="label" tick={{ fontSize: 12, fill: 'var(--mantine-color-gray-8)' }} interval={0} />
        <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: 'var(--mantine-color-gray-8)' }} />
        <Tooltip cursor={{ fill: 'var(--mantine-color-gray-1)' }} />
        <Bar
          dataKey="count"
          name="Orders"
          radius={[4, 4, 0, 0]}
          isAnimationActive={!reduceMotion}
          cursor="pointer"
          onClick={(entry) => {
            const stage = (entry.payload as { stage?: OrderStage } | undefined)?.stage;
            if (stage) onSelect(stage);
          }}
        >
          {data.map((d) => (
            <Cell key={d.stage} fill={FILL[d.stage]} />
          ))}
        </Bar>
      </BarChart>
    </figure>
  );
}
