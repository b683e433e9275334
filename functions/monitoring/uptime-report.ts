import {
  availabilityByDay,
  currentStatus,
  incidentsOf,
  lastDays,
  sloReport,
  UPTIME_CHECKS,
  type UptimeCheckName,
} from '../../domain/monitoring/uptime.ts';
import { readSlo, uptimeSamples } from './uptime-store.ts';

/** What the uptime routes answer, from the stored runs and summaries (functions/monitoring/uptime-store.ts). */

/** The incident list's filters, applied in memory over the period's runs (there is no view to index). */
export const INCIDENT_FILTERS = ['check', 'days'] as const;

const startOf = (day: string) => Date.parse(`${day}T00:00:00Z`);

export const uptimeReport = async (now: Date, days: number) => {
  const { samples, latest } = await uptimeSamples(now, days);
  const period = lastDays(now, days);
  const from = startOf(period[0]!);
  return {
    checkedAt: now.toISOString(),
    days,
    checks: UPTIME_CHECKS.map(({ check, name }) => {
      const own = (samples[check] ?? []).filter((s) => s.at >= from);
      const daily = availabilityByDay(own, period);
      const runs = daily.reduce((n, d) => n + d.runs, 0);
      const failures = daily.reduce((n, d) => n + d.failures, 0);
      const result = latest?.results.find((r) => r.check === check);
      return {
        check,
        name,
        ...currentStatus(own),
        ...(latest && result
          ? { latest: { at: latest.at, ok: result.ok, latencyMs: result.latencyMs, detail: result.detail } }
          : {}),
        availability: runs ? (runs - failures) / runs : null,
        daily,
      };
    }),
  };
};

export const uptimeIncidents = async (now: Date, days: number, only?: UptimeCheckName) => {
  const { samples } = await uptimeSamples(now, days);
  const from = startOf(lastDays(now, days)[0]!);
  return UPTIME_CHECKS.filter(({ check }) => !only || check === only)
    .flatMap(({ check, name }) =>
      incidentsOf((samples[check] ?? []).filter((s) => s.at >= from)).map((incident) => ({
        check,
        name,
        ...incident,
        durationSeconds: Math.max(
          0,
          Math.round(
            ((incident.end ? Date.parse(incident.end) : now.getTime()) - Date.parse(incident.start)) / 1000,
          ),
        ),
        open: incident.end === undefined,
      })),
    )
    .toSorted((a, b) => b.start.localeCompare(a.start));
};

export const sloOf = async (now: Date) => {
  const settings = await readSlo();
  const { samples } = await uptimeSamples(now, settings.windowDays + 1);
  const { version, updatedAt, ...slo } = settings;
  return {
    ...sloReport(samples.all ?? [], slo, now),
    version,
    ...(updatedAt ? { updatedAt } : {}),
  };
};
