import {
  type CheckRun,
  checkHourDecider,
  type Datapoint,
  datapointsOf,
} from '../../domain/monitoring/alerts.ts';
import type { Actor } from '../../events/envelope.ts';
import { systemStreams } from '../application/aggregates.ts';
import { execute, load } from '../application/command.ts';

/** Who runs the scheduled monitoring check: the actor of every datapoint and state change it records. */
export const MONITOR: Actor = { id: 'system:monitoring', role: 'system' };

const HOUR_MS = 3_600_000;
/** An instant's UTC hour, as the hourly streams are named: `2026-12-02T15`. */
const hourOf = (time: number) => new Date(time).toISOString().slice(0, 13);

/**
 * Records one run of the check on its hour's stream and answers the runs of that hour and the one
 * before, oldest first: enough for any rule's window, which is minutes long.
 */
export const recordCheck = async (
  run: CheckRun,
  meta: { actor: Actor; correlationId: string },
): Promise<CheckRun[]> => {
  const time = Date.parse(run.at);
  const [previous, current] = await Promise.all([
    load(checkHourDecider, systemStreams.monitoringChecks(hourOf(time - HOUR_MS))),
    execute(
      checkHourDecider,
      systemStreams.monitoringChecks(hourOf(time)),
      { type: 'RecordCheck', ...run },
      meta,
    ),
  ]);
  return [...previous.state.runs, ...current.state.runs];
};

/** The check's runs of this UTC hour and the one before, oldest first. */
const recentRuns = async (now: Date): Promise<CheckRun[]> => {
  const loaded = await Promise.all(
    [now.getTime() - HOUR_MS, now.getTime()].map((time) =>
      load(checkHourDecider, systemStreams.monitoringChecks(hourOf(time))),
    ),
  );
  return loaded.flatMap((l) => l.state.runs);
};

/** A rule's datapoints of this UTC hour and the one before, oldest first. */
export const recentDatapoints = async (ruleId: string, now: Date): Promise<Datapoint[]> =>
  datapointsOf(await recentRuns(now), ruleId);

/** When the scheduled check last ran, within the last hour or two. */
export const lastRunAt = async (now: Date): Promise<string | undefined> => (await recentRuns(now)).at(-1)?.at;
