import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';

/** `npm run forecast` as a person runs it: a process on small CSV files. */
const ROOT = join(import.meta.dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'firefly-forecast-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const run = (csv: string, ...args: string[]) => {
  const input = join(work, `in-${Math.random().toString(36).slice(2)}.csv`);
  const output = `${input}.out.csv`;
  writeFileSync(input, csv);
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'infra/forecast/cli.ts'), '--input', input, '--output', output, ...args],
    { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
  );
  let rows: Record<string, string>[] = [];
  try {
    rows = parse(readFileSync(output, 'utf8'), { columns: true });
  } catch {
    rows = [];
  }
  return { status: r.status, stderr: r.stderr.replaceAll(input, 'in.csv'), rows };
};

const monthly = (name: string, values: number[], startYear = 2020) =>
  values.map(
    (v, i) => `${name},${startYear + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')},${v}`,
  );
const wave = (n: number, base = 100) =>
  Array.from({ length: n }, (_, t) =>
    Math.round(base + t + 15 * Math.sin((2 * Math.PI * t) / 12) + ((t * 7) % 5)),
  );

describe('npm run forecast', () => {
  it('forecasts every series h months on, with bands and the model, in the output columns', () => {
    const csv = [
      'series,date,value',
      ...monthly('homes', wave(48)),
      ...monthly('trailers', wave(36, 40)),
    ].join('\n');
    const r = run(csv, '--horizon', '6');
    expect(r.status).toBe(0);
    expect(Object.keys(r.rows[0]!)).toEqual([
      'series',
      'date',
      'mean',
      'lo80',
      'hi80',
      'lo95',
      'hi95',
      'model',
    ]);
    expect(r.rows.map((x) => `${x.series} ${x.date}`).slice(0, 2)).toEqual([
      'homes 2024-01',
      'homes 2024-02',
    ]);
    expect(r.rows.filter((x) => x.series === 'trailers').map((x) => x.date)[5]).toBe('2023-06');
    for (const x of r.rows) {
      expect(Number(x.lo95)).toBeLessThanOrEqual(Number(x.lo80));
      expect(Number(x.lo80)).toBeLessThanOrEqual(Number(x.mean));
      expect(Number(x.hi95)).toBeGreaterThanOrEqual(Number(x.hi80));
      expect(x.model).not.toBe('');
    }
    expect(r.stderr).toMatch(/forecast 2 of 2 series, 6 periods ahead/);
  });

  it('stops on a malformed file with the line and column', () => {
    const bad = (csv: string) => run(csv).stderr;
    expect(bad('series,date,value\na,2020-01,1\na,2020-02,abc\n')).toMatch(
      /in\.csv:3:3: "abc" is not a number/,
    );
    expect(bad('series,date,value\na,2020-13,1\n')).toMatch(/in\.csv:2:2: "2020-13" is not a real date/);
    expect(bad('series,date,value\na,Jan 2020,1\n')).toMatch(/in\.csv:2:2: "Jan 2020" is not a date/);
    expect(bad('series,date,value\na,2020-01,1\na,2020-01,2\n')).toMatch(
      /in\.csv:3:2: series "a" has 2020-01 twice \(also line 2\)/,
    );
    expect(bad('series,day,value\na,2020-01,1\n')).toMatch(
      /in\.csv:1: the header must name the columns series,date,value \(missing: date\)/,
    );
    expect(bad('series,date,value\na,2020-01\n')).toMatch(/in\.csv:2: /);
    expect(bad('series,date,value\na,"2020-01,1\n')).toMatch(/in\.csv:\d+: .*[Qq]uote/);
    const r = run('series,date,value\na,2020-01,1\n', '--horizon', 'twelve');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--horizon must be a whole number/);
  });

  it('says what it did with short, constant, missing and negative values', () => {
    const values = wave(40);
    values[10] = Number.NaN;
    const csv = [
      'series,date,value',
      ...monthly('short', [4, 5, 7]),
      ...monthly('flat', new Array(24).fill(3)),
      ...monthly('gappy', values).map((l) => l.replace(',NaN', ',')),
      ...monthly(
        'losses',
        wave(40).map((v) => 60 - v),
      ),
    ].join('\n');
    const r = run(csv, '--horizon', '3');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/short: history shorter than two seasons of 12: seasonality ignored/);
    expect(r.stderr).toMatch(/short: only 3 value\(s\): too short for backtests, so Naive/);
    expect(r.stderr).toMatch(/flat: constant history: the forecast repeats the value/);
    expect(r.stderr).toMatch(/gappy: 1 missing value\(s\) filled/);
    expect(r.stderr).toMatch(
      /losses: negative values: multiplicative and intermittent-demand models left out/,
    );
    expect(r.rows.filter((x) => x.series === 'flat').map((x) => x.mean)).toEqual(['3', '3', '3']);
    expect(r.rows).toHaveLength(12);
  });

  it('takes integer periods and daily dates, inferring a season where the dates say one', () => {
    const periods = ['series,date,value', ...wave(30).map((v, i) => `q,${i + 1},${v}`)].join('\n');
    const none = run(periods, '--horizon', '2');
    expect(none.stderr).toMatch(/q: no season can be inferred from its dates; none assumed \(give --season/);
    expect(none.rows.map((x) => x.date)).toEqual(['31', '32']);
    const given = run(periods, '--horizon', '2', '--season', '4');
    expect(given.stderr).not.toMatch(/no season/);

    const firsts = [
      'series,date,value',
      ...monthly('m', wave(30)).map((l) => l.replace(/(\d{4}-\d{2}),/, '$1-15,')),
    ];
    const r = run(firsts.join('\n'), '--horizon', '2');
    expect(r.rows.map((x) => x.date)).toEqual(['2022-07-15', '2022-08-15']);
    expect(r.stderr).not.toMatch(/no season/);
  });
});
