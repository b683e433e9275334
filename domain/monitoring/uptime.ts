/**
 * Uptime: synthetic checks of what a person uses (the console, the API, signing in), their availability
 * per day, incidents, and an SLO with its error budget and burn rates. Pure: the check function records
 * runs, this module judges them.
 *
 * Storage keeps every run for an hour (a stream per UTC hour) and then as run-length segments per check
 * (a stream per UTC day, one summary per hour): thirty days of 60-second checks are a few hundred
 * segments to read, not forty thousand runs. `samplesOf` expands segments back into runs.
 */
import type { UPTIME_CHECK_NAMES } from '../../events/contexts/monitoring.ts';
import { type Decider, type Event, reject } from '../shared/decider.ts';
import { type AlertPolicy, evaluate } from './evaluator.ts';

export type UptimeCheckName = (typeof UPTIME_CHECK_NAMES)[number];
export const UPTIME_CHECKS: readonly { check: UptimeCheckName; name: string }[] = [
  { check: 'console', name: 'Console' },
  { check: 'api', name: 'API health' },
  { check: 'sign-in', name: 'Sign-in' },
];
/** The segments of every check together: a run is good only when all its checks passed (the SLO's unit). */
export const ALL = 'all';

export interface UptimeResult {
  check: UptimeCheckName;
  ok: boolean;
  latencyMs: number;
  detail: string;
}

export interface UptimeRun {
  at: string;
  results: UptimeResult[];
}

/** Consecutive runs of one check with the same outcome: `count` runs from `from` to `to`. */
export interface Segment {
  from: string;
  to: string;
  ok: boolean;
  count: number;
}

export interface Sample {
  at: number;
  ok: boolean;
}

export const runOk = (run: UptimeRun, check: string): boolean | undefined =>
  check === ALL
    ? run.results.length > 0 && run.results.every((r) => r.ok)
    : run.results.find((r) => r.check === check)?.ok;

/** A check's runs (oldest first) as run-length segments. */
export const segmentsOf = (runs: readonly UptimeRun[], check: string): Segment[] => {
  const segments: Segment[] = [];
  for (const run of runs) {
    const ok = runOk(run, check);
    if (ok === undefined) continue;
    const last = segments.at(-1);
    if (last && last.ok === ok) {
      last.to = run.at;
      last.count += 1;
    } else segments.push({ from: run.at, to: run.at, ok, count: 1 });
  }
  return segments;
};

/** Segments back into samples, their runs spread evenly from `from` to `to` (the checks' cadence is even). */
export const samplesOf = (segments: readonly Segment[]): Sample[] =>
  segments.flatMap((s) => {
    const from = Date.parse(s.from);
    const step = s.count > 1 ? (Date.parse(s.to) - from) / (s.count - 1) : 0;
    return Array.from({ length: s.count }, (_, i) => ({ at: Math.round(from + i * step), ok: s.ok }));
  });

export interface DayAvailability {
  day: string;
  runs: number;
  failures: number;
  /** Passing runs over all runs; null on a day without runs. */
  availability: number | null;
}

const DAY_MS = 86_400_000;
export const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);

/** The last `days` UTC days up to `now`'s, oldest first. */
export const lastDays = (now: Date, days: number): string[] =>
  Array.from({ length: days }, (_, i) => dayOf(now.getTime() - (days - 1 - i) * DAY_MS));

/** Availability per UTC day of the days asked for (oldest first). */
export const availabilityByDay = (samples: readonly Sample[], days: readonly string[]): DayAvailability[] => {
  const counts = new Map(days.map((d) => [d, { runs: 0, failures: 0 }]));
  for (const s of samples) {
    const c = counts.get(dayOf(s.at));
    if (!c) continue;
    c.runs += 1;
    if (!s.ok) c.failures += 1;
  }
  return days.map((day) => {
    const { runs, failures } = counts.get(day)!;
    return { day, runs, failures, availability: runs ? (runs - failures) / runs : null };
  });
};

/** Fire on 2 failing of the last 3 runs, recover on 3 passing in a row: one lost packet is not an outage. */
export const INCIDENT_POLICY: AlertPolicy = { fire: { m: 2, n: 3 }, recover: { m: 3, n: 3 } };

export interface Incident {
  /** The first failing run of the window that opened it. */
  start: string;
  /** The first passing run of the window that closed it; absent while it is open. */
  end?: string;
  /** Failing runs while it was open. */
  failures: number;
}

/**
 * The incidents of a series of samples (oldest first), by the alert evaluator's M of N: one opens when
 * `fire.m` of the last `fire.n` runs failed, and closes when `recover.m` of the last `recover.n` passed.
 */
export const incidentsOf = (
  samples: readonly Sample[],
  policy: AlertPolicy = INCIDENT_POLICY,
): Incident[] => {
  const incidents: Incident[] = [];
  const breaching: boolean[] = [];
  let state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA' = 'INSUFFICIENT_DATA';
  let open: { start: number; failures: number } | undefined;
  samples.forEach((sample, i) => {
    breaching.push(!sample.ok);
    const next = evaluate(policy, breaching, state).state;
    if (open && !sample.ok) open.failures += 1;
    if (next === 'ALARM' && state !== 'ALARM') {
      const window = samples.slice(Math.max(0, i - policy.fire.n + 1), i + 1);
      const failing = window.filter((s) => !s.ok);
      open = { start: failing[0]!.at, failures: failing.length };
    } else if (state === 'ALARM' && next === 'OK' && open) {
      const window = samples.slice(Math.max(0, i - policy.recover.n + 1), i + 1);
      const end = window.find((s) => s.ok)!.at;
      incidents.push({
        start: new Date(open.start).toISOString(),
        end: new Date(end).toISOString(),
        failures: open.failures,
      });
      open = undefined;
    }
    state = next;
  });
  if (open) incidents.push({ start: new Date(open.start).toISOString(), failures: open.failures });
  return incidents;
};

/** Whether a check is up now: the state its latest runs put it in by the incident policy. */
export const currentStatus = (
  samples: readonly Sample[],
): { status: 'up' | 'down' | 'unknown'; since?: string } => {
  const incidents = incidentsOf(samples);
  const last = incidents.at(-1);
  if (last && !last.end) return { status: 'down', since: last.start };
  if (samples.length === 0) return { status: 'unknown' };
  return { status: 'up', ...(last?.end ? { since: last.end } : {}) };
};

export interface SloSettings {
  /** The share of good runs promised, e.g. 0.999. */
  target: number;
  windowDays: number;
}
export const DEFAULT_SLO: SloSettings = { target: 0.999, windowDays: 30 };
/** Targets a person may set: below 90% is not a promise, 100% leaves no error budget to burn. */
export const SLO_TARGET_RANGE = { min: 0.9, max: 0.99999 } as const;

/**
 * The Google SRE workbook's multi-window, multi-burn-rate alerts: each fires when the error budget burns
 * faster than `factor` over both its long window and its short one (the short one makes it reset soon
 * after the burning stops). 14.4× for an hour spends 2% of a 30-day budget; 6× for six hours, 5%.
 */
export const BURN_ALERTS = {
  fast: { longMinutes: 60, shortMinutes: 5, factor: 14.4 },
  slow: { longMinutes: 360, shortMinutes: 30, factor: 6 },
} as const;
export type BurnAlertName = keyof typeof BURN_ALERTS;

/** The error rate of the runs in the last `minutes` over the budgeted one; undefined without runs. */
export const burnRate = (
  samples: readonly Sample[],
  now: Date,
  minutes: number,
  target: number,
): number | undefined => {
  const from = now.getTime() - minutes * 60_000;
  const window = samples.filter((s) => s.at > from && s.at <= now.getTime());
  if (window.length === 0) return undefined;
  const errorRate = window.filter((s) => !s.ok).length / window.length;
  return errorRate / (1 - target);
};

/**
 * A burn alert's one figure: the lower of its two windows' burn rates, so it is above the factor exactly
 * when both are (the workbook's AND of the two windows as one threshold the alert evaluator can judge).
 */
export const burnSignal = (
  samples: readonly Sample[],
  now: Date,
  target: number,
  alert: BurnAlertName,
): number | undefined => {
  const { longMinutes, shortMinutes } = BURN_ALERTS[alert];
  const long = burnRate(samples, now, longMinutes, target);
  const short = burnRate(samples, now, shortMinutes, target);
  if (long === undefined || short === undefined) return undefined;
  return Math.min(long, short);
};

export interface SloReport extends SloSettings {
  good: number;
  total: number;
  /** Good runs over all runs in the window; null without runs. */
  availability: number | null;
  errorBudget: {
    /** Bad runs the target allows among the window's runs. */
    allowed: number;
    spent: number;
    /** The share of the budget left (negative once overspent); 1 without runs. */
    remaining: number;
  };
  burnRates: { minutes: number; rate: number | null }[];
  alerts: {
    name: BurnAlertName;
    factor: number;
    longMinutes: number;
    shortMinutes: number;
    signal: number | null;
    burning: boolean;
  }[];
}

const BURN_WINDOWS = [5, 30, 60, 360] as const;

/** The SLO over its window ending at `now`, from the runs' overall samples (every check passed or not). */
export const sloReport = (samples: readonly Sample[], settings: SloSettings, now: Date): SloReport => {
  const from = now.getTime() - settings.windowDays * DAY_MS;
  const window = samples.filter((s) => s.at > from && s.at <= now.getTime());
  const total = window.length;
  const good = window.filter((s) => s.ok).length;
  const allowed = total * (1 - settings.target);
  const spent = total - good;
  return {
    ...settings,
    good,
    total,
    availability: total ? good / total : null,
    errorBudget: {
      allowed,
      spent,
      remaining: total === 0 ? 1 : 1 - spent / allowed,
    },
    burnRates: BURN_WINDOWS.map((minutes) => ({
      minutes,
      rate: burnRate(window, now, minutes, settings.target) ?? null,
    })),
    alerts: (Object.keys(BURN_ALERTS) as BurnAlertName[]).map((name) => {
      const signal = burnSignal(window, now, settings.target, name) ?? null;
      const { factor, longMinutes, shortMinutes } = BURN_ALERTS[name];
      return { name, factor, longMinutes, shortMinutes, signal, burning: signal !== null && signal > factor };
    }),
  };
};

const percent = (share: number) => `${Number((share * 100).toFixed(3))}%`;

/** Why a target is refused, or undefined when it is acceptable. */
export const sloTargetProblem = (target: number): string | undefined =>
  Number.isFinite(target) && target >= SLO_TARGET_RANGE.min && target <= SLO_TARGET_RANGE.max
    ? undefined
    : `The target must be between ${percent(SLO_TARGET_RANGE.min)} and ${percent(SLO_TARGET_RANGE.max)}`;

/** The uptime runs of one UTC hour, oldest first. */
export const uptimeHourDecider: Decider<
  { type: 'RecordUptimeRun' } & UptimeRun,
  { runs: UptimeRun[] },
  Event<'UptimeChecked'>
> = {
  initialState: { runs: [] },
  decide: ({ type: _, ...run }) => [{ type: 'UptimeChecked', data: run }],
  evolve: (state, { data }) => ({ runs: [...state.runs, data] }),
};

/** Segments of every check and of `all`, for an hour's runs. */
export const summaryOf = (runs: readonly UptimeRun[]): Record<string, Segment[]> =>
  Object.fromEntries(
    [ALL, ...UPTIME_CHECKS.map((c) => c.check)].map((check) => [check, segmentsOf(runs, check)]),
  );

/** One UTC day's summarized hours: each hour once. */
export const uptimeDayDecider: Decider<
  { type: 'SummarizeUptimeHour'; hour: string; runs: readonly UptimeRun[] },
  { hours: Record<string, Record<string, Segment[]>> },
  Event<'UptimeHourSummarized'>
> = {
  initialState: { hours: {} },
  decide: ({ hour, runs }, state) =>
    Object.hasOwn(state.hours, hour) || runs.length === 0
      ? []
      : [{ type: 'UptimeHourSummarized', data: { hour, segments: summaryOf(runs) } }],
  evolve: (state, { data }) => ({ hours: { ...state.hours, [data.hour]: data.segments } }),
};

export const sloDecider: Decider<
  { type: 'SetSloTarget'; target: number },
  SloSettings,
  Event<'SloTargetChanged'>
> = {
  initialState: DEFAULT_SLO,
  decide: ({ target }, state) => {
    const problem = sloTargetProblem(target);
    if (problem) return reject('invalid-slo-target', problem);
    if (target === state.target) return [];
    return [{ type: 'SloTargetChanged', data: { target, windowDays: state.windowDays } }];
  },
  evolve: (_, { data }) => ({ target: data.target, windowDays: data.windowDays }),
};
