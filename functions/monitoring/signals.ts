import { burnSignal } from '../../domain/monitoring/uptime.ts';
import { listRows } from '../adapters/views.ts';
import type { BackupRecord } from '../backup/backup.ts';
import { OPS_VIEWS, opsList } from '../backup/records.ts';
import type { ExportRecord } from '../export/export-record.ts';
import { type DeepHealth, PROBE_TIMEOUT_MS, type Probe, timed } from './deep-health.ts';
import { readSlo, uptimeSamples } from './uptime-store.ts';

/**
 * The alert rules' signals that are not dependencies (domain/monitoring/rules.ts, the uptime block):
 * the SLO's burn rates from the uptime runs, and failed backups and exports from their run records.
 * Each is measured like a deep health check (same shape, own timeout), so the one evaluator judges them.
 */
type Signal = DeepHealth['checks'][number];

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const finishedSince = (at: string | undefined, from: number) => at !== undefined && Date.parse(at) >= from;

const burn =
  (now: Date, alert: 'fast' | 'slow'): Probe =>
  async () => {
    const [{ samples }, slo] = await Promise.all([uptimeSamples(now, 2), readSlo()]);
    const rate = burnSignal(samples.all ?? [], now, slo.target, alert);
    // No uptime runs burn no budget: the rule stays OK rather than guessing.
    const burnRate = Math.round((rate ?? 0) * 100) / 100;
    return {
      status: 'ok',
      reason:
        rate === undefined ? 'No uptime runs in the window' : `Burning ${burnRate}× the sustainable rate`,
      figures: { burnRate },
    };
  };

const PROBES: { check: string; name: string; probe: (now: Date) => Probe }[] = [
  { check: 'slo:burn-fast', name: 'SLO burn rate (1 h and 5 min)', probe: (now) => burn(now, 'fast') },
  { check: 'slo:burn-slow', name: 'SLO burn rate (6 h and 30 min)', probe: (now) => burn(now, 'slow') },
  {
    check: 'ops:backups',
    name: 'Backups',
    probe: (now) => async () => {
      const recent = await listRows<BackupRecord>(OPS_VIEWS.backups, { limit: 20 });
      const ended = recent.items
        .map((r) => r.state)
        .filter(
          (b) =>
            (b.status === 'failed' || b.status === 'completed') &&
            finishedSince(b.finishedAt, now.getTime() - DAY_MS),
        )
        .toSorted((a, b) => (b.finishedAt ?? '').localeCompare(a.finishedAt ?? ''));
      const failing = ended.findIndex((b) => b.status === 'completed');
      const count = failing === -1 ? ended.length : failing;
      return {
        status: count ? 'degraded' : 'ok',
        reason: count
          ? `The last ${count} backup(s) failed: ${ended[0]?.error ?? 'no reason recorded'}`
          : 'No failed backup since the last completed one',
        figures: { count },
      };
    },
  },
  {
    check: 'ops:exports',
    name: 'Exports',
    probe: (now) => async () => {
      const recent = await listRows<ExportRecord>(opsList(OPS_VIEWS.exports), { limit: 50 });
      const failed = recent.items
        .map((r) => r.state)
        .filter((e) => e.status === 'failed' && finishedSince(e.finishedAt, now.getTime() - HOUR_MS));
      return {
        status: failed.length ? 'degraded' : 'ok',
        reason: failed.length
          ? `${failed.length} export(s) failed in the last hour`
          : 'No export failed in the last hour',
        figures: { count: failed.length },
      };
    },
  },
];

export const measureSignals = async (now: Date, timeoutMs = PROBE_TIMEOUT_MS): Promise<Signal[]> =>
  Promise.all(
    PROBES.map(async ({ check, name, probe }) => ({ check, name, ...(await timed(probe(now), timeoutMs)) })),
  );
