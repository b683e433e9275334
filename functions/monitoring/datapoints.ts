import { type Datapoint, datapointDayDecider } from '../../domain/monitoring/alerts.ts';
import { ALERT_RULES } from '../../domain/monitoring/rules.ts';
import { addDays, dayOf } from '../../domain/shared/days.ts';
import type { Actor } from '../../events/envelope.ts';
import { systemStreams } from '../application/aggregates.ts';
import { execute, load } from '../application/command.ts';

/** Who runs the scheduled monitoring check: the actor of every datapoint and state change it records. */
export const MONITOR: Actor = { id: 'system:monitoring', role: 'system' };

/**
 * Records a rule's datapoint on its day's stream and answers its latest `keep` datapoints, oldest first:
 * yesterday's stream is read only when today's holds fewer.
 */
export const recordDatapoint = async (
  ruleId: string,
  point: Datapoint,
  keep: number,
  meta: { actor: Actor; correlationId: string },
): Promise<Datapoint[]> => {
  const day = dayOf(new Date(point.at));
  const today = await execute(
    datapointDayDecider,
    systemStreams.alertPoints(ruleId, day),
    { type: 'RecordDatapoint', ruleId, ...point },
    meta,
  );
  if (today.state.points.length >= keep) return today.state.points.slice(-keep);
  const yesterday = await load(datapointDayDecider, systemStreams.alertPoints(ruleId, addDays(day, -1)));
  return [...yesterday.state.points, ...today.state.points].slice(-keep);
};

/** A rule's datapoints of the last two UTC days (each day its own stream), oldest first. */
export const recentDatapoints = async (ruleId: string, now: Date): Promise<Datapoint[]> => {
  const today = dayOf(now);
  const loaded = await Promise.all(
    [addDays(today, -1), today].map((day) =>
      load(datapointDayDecider, systemStreams.alertPoints(ruleId, day)),
    ),
  );
  return loaded.flatMap((l) => l.state.points);
};

/** When the scheduled check last ran: every run records a datapoint for every rule, the first one too. */
export const lastRunAt = async (now: Date): Promise<string | undefined> =>
  (await recentDatapoints(ALERT_RULES[0]!.id, now)).at(-1)?.at;
