import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { forecast } from '../../domain/forecasting/forecast.ts';
import { csvLine, InputError, readSeries } from './series-csv.ts';

/**
 * `npm run forecast -- --input series.csv --horizon 12 --output forecasts.csv [--season 12]`: the
 * platform's forecasting engine on a CSV of series, for people who want to check it. What it did about
 * each series' data goes to stderr; malformed input stops it with the file, line and column.
 */
const usage =
  'usage: npm run forecast -- --input series.csv --horizon 12 [--output forecasts.csv] [--season 12]';

const main = () => {
  const { values: args } = parseArgs({
    options: {
      input: { type: 'string' },
      output: { type: 'string' },
      horizon: { type: 'string', default: '12' },
      season: { type: 'string' },
    },
  });
  if (!args.input) throw new InputError(`--input is required\n${usage}`);
  const horizon = Number(args.horizon);
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 1000)
    throw new InputError(`--horizon must be a whole number from 1 to 1000, not "${args.horizon}"`);
  const season = args.season === undefined ? undefined : Number(args.season);
  if (season !== undefined && (!Number.isInteger(season) || season < 1))
    throw new InputError(`--season must be a whole number of periods (1 for none), not "${args.season}"`);
  let text: string;
  try {
    text = readFileSync(args.input, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${args.input}: ${(error as Error).message}`);
  }
  const series = readSeries(text, args.input);
  let out = csvLine(['series', 'date', 'mean', 'lo80', 'hi80', 'lo95', 'hi95', 'model']);
  let written = 0;
  for (const s of series) {
    const seasonOf = season ?? s.season;
    if (seasonOf === undefined)
      console.error(
        `${s.name}: no season can be inferred from its dates; none assumed (give --season to set one)`,
      );
    const values = s.values.filter(Number.isFinite);
    if (!values.length) {
      console.error(`${s.name}: no values, skipped`);
      continue;
    }
    const f = forecast(s.values, { horizon, season: seasonOf ?? 1 });
    for (const note of f.notes) console.error(`${s.name}: ${note}`);
    for (let k = 0; k < horizon; k++)
      out += csvLine([
        s.name,
        s.dateAfter(k + 1),
        f.mean[k]!,
        f.lo80[k]!,
        f.hi80[k]!,
        f.lo95[k]!,
        f.hi95[k]!,
        f.model,
      ]);
    written++;
  }
  if (args.output) writeFileSync(args.output, out);
  else process.stdout.write(out);
  console.error(
    `forecast ${written} of ${series.length} series, ${horizon} periods ahead${args.output ? ` into ${args.output}` : ''}`,
  );
};

try {
  main();
} catch (error) {
  if (!(error instanceof InputError)) throw error;
  console.error(`error: ${error.message}`);
  process.exit(2);
}
