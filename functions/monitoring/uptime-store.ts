import {
  ALL,
  lastDays,
  type Sample,
  type Segment,
  type SloSettings,
  samplesOf,
  sloDecider,
  summaryOf,
  type UptimeRun,
  uptimeDayDecider,
  uptimeHourDecider,
} from '../../domain/monitoring/uptime.ts';
import type { Actor } from '../../events/envelope.ts';
import { systemStreams } from '../application/aggregates.ts';
import { execute, load } from '../application/command.ts';
import { ConcurrencyError } from '../application/event-store-port.ts';

/** Who runs the uptime checks: the actor of every run and summary they record. */
export const UPTIME: Actor = { id: 'system:uptime', role: 'system' };

type Meta = { actor: Actor; correlationId: string };

const HOUR_MS = 3_600_000;
const hourOf = (time: number) => new Date(time).toISOString().slice(0, 13);
/** Hours a run looks back to summarize: after the checks stopped for an hour, the one before still is. */
const LOOK_BACK_HOURS = [1, 2];

/** An hour's runs as segments on its day's stream, once (a lost race means another run did it). */
const summarize = async (hour: string, meta: Meta) => {
  const stream = systemStreams.uptimeDay(hour.slice(0, 10));
  const day = await load(uptimeDayDecider, stream);
  if (Object.hasOwn(day.state.hours, hour)) return;
  const { runs } = (await load(uptimeHourDecider, systemStreams.uptimeRuns(hour))).state;
  try {
    await execute(uptimeDayDecider, stream, { type: 'SummarizeUptimeHour', hour, runs }, meta);
  } catch (error) {
    if (!(error instanceof ConcurrencyError)) throw error;
  }
};

/** Records one run on its hour's stream, then keeps the hours before as segments. */
export const recordUptimeRun = async (run: UptimeRun, meta: Meta): Promise<void> => {
  const time = Date.parse(run.at);
  await execute(
    uptimeHourDecider,
    systemStreams.uptimeRuns(hourOf(time)),
    { type: 'RecordUptimeRun', ...run },
    meta,
  );
  for (const back of LOOK_BACK_HOURS) await summarize(hourOf(time - back * HOUR_MS), meta);
};

/**
 * Every check's samples (and `all`'s) over the last `days` UTC days, oldest first: the days' summaries,
 * and the runs of the recent hours not summarized yet.
 */
export const uptimeSamples = async (
  now: Date,
  days: number,
): Promise<{ samples: Record<string, Sample[]>; latest?: UptimeRun }> => {
  const recentHours = [0, ...LOOK_BACK_HOURS].map((back) => hourOf(now.getTime() - back * HOUR_MS));
  const [dayStates, recent] = await Promise.all([
    Promise.all(lastDays(now, days).map((d) => load(uptimeDayDecider, systemStreams.uptimeDay(d)))),
    Promise.all(
      recentHours.map(async (hour) => ({
        hour,
        runs: (await load(uptimeHourDecider, systemStreams.uptimeRuns(hour))).state.runs,
      })),
    ),
  ]);
  const hours = new Map<string, Record<string, Segment[]>>();
  for (const day of dayStates)
    for (const [hour, segments] of Object.entries(day.state.hours)) hours.set(hour, segments);
  for (const { hour, runs } of recent) if (!hours.has(hour) && runs.length) hours.set(hour, summaryOf(runs));
  const ordered = [...hours.entries()].toSorted(([a], [b]) => a.localeCompare(b)).map(([, s]) => s);
  const checks = new Set(ordered.flatMap((s) => Object.keys(s)));
  checks.add(ALL);
  const samples = Object.fromEntries(
    [...checks].map((check) => [check, samplesOf(ordered.flatMap((s) => s[check] ?? []))]),
  );
  const latest = recent
    .flatMap((r) => r.runs)
    .toSorted((a, b) => a.at.localeCompare(b.at))
    .at(-1);
  return { samples, ...(latest ? { latest } : {}) };
};

export const readSlo = async (): Promise<SloSettings & { version: number; updatedAt?: string }> => {
  const loaded = await load(sloDecider, systemStreams.slo());
  return {
    ...loaded.state,
    version: loaded.version,
    ...(loaded.version ? { updatedAt: loaded.updatedAt } : {}),
  };
};

export const setSloTarget = async (target: number, meta: Meta & { expectedVersion?: number }) => {
  await execute(sloDecider, systemStreams.slo(), { type: 'SetSloTarget', target }, meta);
  return readSlo();
};
