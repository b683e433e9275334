import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { forecast } from '../../domain/forecasting/forecast.ts';
import { naiveScale } from '../../domain/forecasting/stats.ts';
import { ROOT, round } from './support.ts';

/**
 * Accuracy and speed of the forecasting engine (domain/forecasting). Accuracy: the real monthly series of
 * tests/fixtures/forecasting/monthly-series.csv (R's data packages, see its README section), two
 * rolling origins each (the last 12 and the 12 before held out), h = 12: mean MASE and the share of held-out
 * values inside the 80% and 95% intervals, for the engine, seasonal naive and R forecast's auto.arima and
 * ets (their forecasts were computed once by make-fixtures.R into r-benchmark.csv; bench machines have no R).
 * Speed: the CLI on 1,000 monthly series made by resampling and perturbing the real ones, h = 12.
 * Run alone with `node --import tsx -e "await (await import('./tests/bench/forecast.ts')).benchForecast()"`.
 */
const FIXTURES = join(ROOT, 'tests/fixtures/forecasting');
const H = 12;

type Row = Record<string, string>;
const readCsv = (file: string): Row[] => parse(readFileSync(file, 'utf8'), { columns: true });

const seriesOf = () => {
  const map = new Map<string, { dates: string[]; values: number[] }>();
  for (const r of readCsv(join(FIXTURES, 'monthly-series.csv'))) {
    const s = map.get(r.series!) ?? { dates: [], values: [] };
    s.dates.push(r.date!);
    s.values.push(Number(r.value));
    map.set(r.series!, s);
  }
  return map;
};

type Score = { errors: number; mase: number; in80: number; in95: number; points: number; series: number };
const tally = () => ({ errors: 0, mase: 0, in80: 0, in95: 0, points: 0, series: 0 }) satisfies Score;

const add = (
  score: Score,
  train: readonly number[],
  actual: readonly number[],
  f: { mean: number[]; lo80: number[]; hi80: number[]; lo95: number[]; hi95: number[] },
) => {
  const scale = naiveScale(train, 12) || 1;
  let abs = 0;
  actual.forEach((v, k) => {
    abs += Math.abs(v - f.mean[k]!);
    if (v >= f.lo80[k]! && v <= f.hi80[k]!) score.in80++;
    if (v >= f.lo95[k]! && v <= f.hi95[k]!) score.in95++;
    score.points++;
  });
  score.mase += abs / actual.length / scale;
  score.series++;
};

const summary = (s: Score) => ({
  meanMase: round(s.mase / s.series, 3),
  coverage80: round(s.in80 / s.points, 3),
  coverage95: round(s.in95 / s.points, 3),
  forecasts: s.series,
});

export const benchAccuracy = () => {
  const series = seriesOf();
  const rRows = existsSync(join(FIXTURES, 'r-benchmark.csv'))
    ? readCsv(join(FIXTURES, 'r-benchmark.csv'))
    : [];
  const scores: Record<string, Score> = {
    engine: tally(),
    'engine, on the series R covered': tally(),
    'R auto.arima': tally(),
    'R ets': tally(),
    'R snaive': tally(),
  };
  const chosen = new Map<string, number>();
  const started = performance.now();
  for (const [name, s] of series) {
    for (const origin of [1, 2]) {
      const end = s.values.length - H * origin;
      const train = s.values.slice(0, end);
      const actual = s.values.slice(end, end + H);
      const f = forecast(train, { horizon: H, season: 12 });
      add(scores.engine!, train, actual, f);
      const coveredByR = rRows.some((r) => r.series === name);
      if (coveredByR) add(scores['engine, on the series R covered']!, train, actual, f);
      const family = f.model.startsWith('mean(') ? 'combination' : f.model.split(/[([ ]/)[0]!;
      chosen.set(family, (chosen.get(family) ?? 0) + 1);
      for (const method of ['auto.arima', 'ets', 'snaive']) {
        const rows = rRows.filter(
          (r) => r.series === name && r.origin === String(origin) && r.method === method,
        );
        if (rows.length !== H) continue;
        const col = (c: string) => rows.map((r) => Number(r[c]));
        add(scores[`R ${method}`]!, train, actual, {
          mean: col('mean'),
          lo80: col('lo80'),
          hi80: col('hi80'),
          lo95: col('lo95'),
          hi95: col('hi95'),
        });
      }
    }
  }
  const table = Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, summary(v)]));
  console.table(table);
  console.log('models chosen:', Object.fromEntries(chosen));
  return {
    series: series.size,
    origins: 2,
    horizon: H,
    methods: table,
    chosen: Object.fromEntries(chosen),
    engineSeconds: round((performance.now() - started) / 1000),
  };
};

/** 1,000 monthly series: windows of the real ones, rescaled and with 3% noise (seeded, so the same each run). */
const synthesise = (count: number) => {
  const real = [...seriesOf().values()];
  let seed = 15;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  let csv = 'series,date,value\n';
  for (let i = 0; i < count; i++) {
    const base = real[i % real.length]!;
    const length = Math.min(base.values.length, 60 + Math.floor(random() * 121));
    const start = Math.floor(random() * (base.values.length - length + 1));
    const scale = 0.5 + 1.5 * random();
    for (let t = 0; t < length; t++) {
      const noise = 1 + 0.03 * (random() + random() + random() - 1.5);
      csv += `s${i},${base.dates[start + t]},${Number((base.values[start + t]! * scale * noise).toPrecision(8))}\n`;
    }
  }
  return csv;
};

export const benchCli = async (count: number) => {
  const dir = mkdtempSync(join(tmpdir(), 'firefly-bench-forecast-'));
  try {
    const input = join(dir, 'series.csv');
    const output = join(dir, 'forecasts.csv');
    writeFileSync(input, synthesise(count));
    const started = performance.now();
    await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        join(ROOT, 'infra/forecast/cli.ts'),
        '--input',
        input,
        '--horizon',
        String(H),
        '--output',
        output,
      ],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
    );
    const seconds = (performance.now() - started) / 1000;
    const rows = readFileSync(output, 'utf8').trim().split('\n').length - 1;
    const figures = {
      series: count,
      horizon: H,
      rows,
      seconds: round(seconds),
      msPerSeries: round((seconds * 1000) / count),
    };
    console.table([figures]);
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

export const benchForecast = async () => {
  const quick = process.env.BENCH_QUICK === '1';
  return { accuracy: benchAccuracy(), cli: await benchCli(quick ? 100 : 1_000) };
};
