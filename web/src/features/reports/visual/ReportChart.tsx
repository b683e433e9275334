import { useReducedMotion } from '@mantine/hooks';
import type { ReactNode } from 'react';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  Brush,
  CartesianGrid,
  Funnel,
  FunnelChart,
  LabelList,
  Legend,
  Line,
  LineChart,
  Pie,
  Cell as PieCell,
  PieChart,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import type { ResultColumn, ResultRow, VisualType } from '../api';
import type { Drill } from './DataTable';
import { formatCell } from './format';
import { type Axes, categoryOf, figureOf, headingOf, pointOf } from './model';

/** Dark enough for marks on white (WCAG's 3:1 for graphics), distinct in order. */
export const PALETTE = [
  'var(--mantine-color-blue-7)',
  'var(--mantine-color-teal-8)',
  'var(--mantine-color-orange-8)',
  'var(--mantine-color-grape-7)',
  'var(--mantine-color-red-8)',
  'var(--mantine-color-cyan-8)',
  'var(--mantine-color-indigo-7)',
  'var(--mantine-color-pink-8)',
];
const tick = { fontSize: 12, fill: 'var(--mantine-color-gray-8)' };
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const legendText = (value: string) => <span style={{ color: 'var(--mantine-color-gray-8)' }}>{value}</span>;
/** Beyond this many points a time or category axis gets a brush to zoom into a span. */
const BRUSH_FROM = 12;

interface Props {
  type: Exclude<VisualType, 'table' | 'pivot' | 'kpi'>;
  columns: ResultColumn[];
  rows: ResultRow[];
  axes: Axes;
  onDrill: ((drill: Drill) => void) | undefined;
}

type Datum = Record<string, string | number | null> & { __x: string; __i: number };

/**
 * The result drawn with recharts: bars, lines, areas, a pie, a funnel or a scatter, with tooltips,
 * legends, a brush on long axes, and a click on any mark opening the records behind it. Series keys are
 * `s0`, `s1`… (pivot column names hold spaces and dots, which recharts would read as paths).
 */
export default function ReportChart({ type, columns, rows, axes, onDrill }: Props) {
  const reduceMotion = useReducedMotion();
  const { x, y } = axes;
  const data: Datum[] = rows.map((row, i) => ({
    __x: x ? categoryOf(row[x.name] ?? null) : `Row ${i + 1}`,
    __i: i,
    ...Object.fromEntries(y.map((c, s) => [`s${s}`, typeof row[c.name] === 'number' ? row[c.name] : null])),
  }));
  const drillAt = (index: number, series?: ResultColumn) => {
    const row = rows[index];
    if (!row || !onDrill) return;
    const figure = series ? figureOf(series) : { pivot: {}, value: undefined };
    const where = x ? categoryOf(row[x.name] ?? null) : `row ${index + 1}`;
    onDrill({
      point: { ...pointOf(row, columns), ...figure.pivot },
      ...(figure.value ? { value: figure.value } : {}),
      label: series ? `${headingOf(series)} for ${where}` : where,
    });
  };
  const format = (s: number) => (value: unknown) =>
    formatCell(y[s] ?? { name: '', type: 'number' }, typeof value === 'number' ? value : null);
  const tooltip = (
    <Tooltip
      formatter={(value, _name, item) => {
        const s = Number(String(item.dataKey ?? 's0').slice(1));
        return format(s)(value);
      }}
    />
  );
  const legend = <Legend wrapperStyle={{ fontSize: 13 }} formatter={legendText} />;
  const style = { width: '100%', height: 320 };
  const clickable = onDrill ? { cursor: 'pointer' } : undefined;
  const brush =
    data.length > BRUSH_FROM ? (
      <Brush dataKey="__x" height={24} stroke="var(--mantine-color-blue-7)" aria-label="Zoom into a span" />
    ) : null;
  const cartesian = (children: ReactNode) => (
    <>
      <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--mantine-color-gray-3)" />
      <XAxis dataKey="__x" tick={tick} />
      <YAxis tick={tick} width={64} tickFormatter={(v: number) => compact.format(v)} />
      {tooltip}
      {legend}
      {children}
      {brush}
    </>
  );
  // A chart-level click (lines, areas) says which point, not which series: the mark is the whole point.
  const onChartClick = (state: { activeTooltipIndex?: number | string | null } | null) => {
    const index = Number(state?.activeTooltipIndex);
    if (Number.isInteger(index)) drillAt(index);
  };

  if (type === 'bar')
    return (
      <BarChart responsive style={style} data={data} accessibilityLayer={false}>
        {cartesian(
          y.map((c, s) => (
            <Bar
              key={c.name}
              dataKey={`s${s}`}
              name={headingOf(c)}
              fill={PALETTE[s % PALETTE.length]}
              radius={[3, 3, 0, 0]}
              isAnimationActive={!reduceMotion}
              style={clickable}
              onClick={(_, index) => drillAt(index, c)}
            />
          )),
        )}
      </BarChart>
    );
  if (type === 'line' || type === 'area') {
    const Chart = type === 'line' ? LineChart : AreaChart;
    return (
      <Chart responsive style={style} data={data} accessibilityLayer={false} onClick={onChartClick}>
        {cartesian(
          y.map((c, s) =>
            type === 'line' ? (
              <Line
                key={c.name}
                dataKey={`s${s}`}
                name={headingOf(c)}
                stroke={PALETTE[s % PALETTE.length]}
                strokeWidth={2}
                isAnimationActive={!reduceMotion}
                activeDot={{ r: 6, style: clickable }}
              />
            ) : (
              <Area
                key={c.name}
                dataKey={`s${s}`}
                name={headingOf(c)}
                stroke={PALETTE[s % PALETTE.length]}
                fill={PALETTE[s % PALETTE.length]}
                fillOpacity={0.25}
                isAnimationActive={!reduceMotion}
                activeDot={{ r: 6, style: clickable }}
              />
            ),
          ),
        )}
      </Chart>
    );
  }
  if (type === 'pie')
    return (
      <PieChart responsive style={style} accessibilityLayer={false}>
        {tooltip}
        {legend}
        <Pie
          data={data}
          dataKey="s0"
          nameKey="__x"
          outerRadius="80%"
          isAnimationActive={!reduceMotion}
          style={clickable}
          onClick={(_, index) => drillAt(index, y[0])}
        >
          {data.map((d) => (
            <PieCell key={d.__i} fill={PALETTE[d.__i % PALETTE.length]} />
          ))}
        </Pie>
      </PieChart>
    );
  if (type === 'funnel') {
    // One row of several figures (the lead funnel) is a funnel of its figures; otherwise of its rows.
    const stages =
      rows.length === 1 && y.length > 1
        ? y.map((c, s) => ({
            name: headingOf(c),
            value: Number(rows[0]![c.name] ?? 0),
            fill: PALETTE[s % 8],
            s,
          }))
        : data.map((d) => ({ name: d.__x, value: Number(d.s0 ?? 0), fill: PALETTE[d.__i % 8], s: -1 }));
    return (
      <FunnelChart responsive style={style} accessibilityLayer={false}>
        <Tooltip formatter={(value) => format(0)(value)} />
        <Funnel
          dataKey="value"
          nameKey="name"
          data={stages}
          isAnimationActive={!reduceMotion}
          style={clickable}
          onClick={(_, index) => {
            const stage = stages[index];
            if (stage && stage.s >= 0) drillAt(0, y[stage.s]);
            else drillAt(index, y[0]);
          }}
        >
          <LabelList position="right" dataKey="name" fill="var(--mantine-color-gray-9)" stroke="none" />
        </Funnel>
      </FunnelChart>
    );
  }
  // Scatter: each row a point, the first figure across, the second up.
  const [across, up] = y;
  return (
    <ScatterChart responsive style={style} accessibilityLayer={false}>
      <CartesianGrid strokeDasharray="3 3" stroke="var(--mantine-color-gray-3)" />
      <XAxis dataKey="s0" type="number" name={across ? headingOf(across) : ''} tick={tick} />
      <YAxis dataKey="s1" type="number" name={up ? headingOf(up) : ''} tick={tick} width={64} />
      <ZAxis dataKey="__x" name={x ? headingOf(x) : 'Row'} />
      <Tooltip
        formatter={(value, name) =>
          typeof value === 'number'
            ? formatCell(name === (up && headingOf(up)) ? up! : across!, value)
            : value
        }
      />
      {legend}
      <Scatter
        name={`${across ? headingOf(across) : ''} against ${up ? headingOf(up) : ''}`}
        data={data}
        fill={PALETTE[0]}
        isAnimationActive={!reduceMotion}
        style={clickable}
        onClick={(_, index) => drillAt(index)}
      />
    </ScatterChart>
  );
}
