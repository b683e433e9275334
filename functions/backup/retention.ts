import { decodeTime } from 'ulid';
import { SYSTEM_ACTOR } from '../../events/envelope.ts';
import { deleteKeys, deletePrefix, listKeys } from '../adapters/blobs.ts';
import { appendRecorded } from '../adapters/event-store.ts';
import { config } from '../runtime/config.ts';
import { type BackupManifest, manifestKey, PARTS, partsPrefix, type RetentionPolicy } from './layout.ts';
import { listManifests } from './manifests.ts';
import { OPS_VIEWS, patchRecord } from './records.ts';
import { readSettings } from './settings.ts';

/**
 * Retention, grandfather-father-son: every backup is a restore point at its `until`. Keep the latest
 * point, the latest of each of the last `daily` days, `weekly` ISO weeks and `monthly` months that have
 * one; then keep every backup a kept one needs (its chain back to its full backup). The rest expire:
 * the manifest goes first (so the backup stops existing at once), then its parts.
 */
type Point = Pick<BackupManifest, 'id' | 'kind' | 'previous' | 'range'>;

const dayOf = (iso: string) => iso.slice(0, 10);
const monthOf = (iso: string) => iso.slice(0, 7);
/** ISO-8601 week, e.g. 2026-W01 (weeks start on Monday; week 1 holds the year's first Thursday). */
export const isoWeekOf = (iso: string): string => {
  const date = new Date(`${dayOf(iso)}T00:00:00Z`);
  // The Thursday of the date's week decides the week's year.
  date.setUTCDate(date.getUTCDate() + 4 - (date.getUTCDay() || 7));
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
};

export const selectKept = (points: readonly Point[], policy: RetentionPolicy): Set<string> => {
  const newestFirst = [...points].sort((a, b) =>
    a.range.until === b.range.until ? b.id.localeCompare(a.id) : b.range.until.localeCompare(a.range.until),
  );
  const kept = new Set<string>();
  if (newestFirst[0]) kept.add(newestFirst[0].id);
  const rules: [number, (iso: string) => string][] = [
    [policy.daily, dayOf],
    [policy.weekly, isoWeekOf],
    [policy.monthly, monthOf],
  ];
  for (const [count, periodOf] of rules) {
    const periods = new Set<string>();
    for (const point of newestFirst) {
      const period = periodOf(point.range.until);
      if (periods.has(period)) continue;
      if (periods.size >= count) break;
      periods.add(period);
      kept.add(point.id);
    }
  }
  // A kept incremental needs every backup back to its full one.
  const byId = new Map(points.map((p) => [p.id, p]));
  for (const id of [...kept]) {
    let point = byId.get(id);
    while (point?.kind === 'incremental' && point.previous) {
      kept.add(point.previous.id);
      point = byId.get(point.previous.id);
    }
  }
  return kept;
};

/** Parts of runs that never completed are swept once this old (no backup runs this long). */
export const ORPHAN_AGE_MS = 6 * 3_600_000;

export const applyRetention = async (
  now = new Date(),
): Promise<{ expired: string[]; kept: number; orphansSwept: string[] }> => {
  const { retention } = await readSettings();
  const manifests = (await listManifests()).map((m) => m.manifest);
  const kept = selectKept(manifests, retention);
  const expired = manifests.filter((m) => !kept.has(m.id)).map((m) => m.id);
  for (const id of expired) {
    await deleteKeys(config.backupsBucket, [manifestKey(id)]);
    await deletePrefix(config.backupsBucket, partsPrefix(id));
    await patchRecord(OPS_VIEWS.backups, id, { status: 'expired', expiredAt: now.toISOString() });
  }
  const existing = new Set(manifests.map((m) => m.id));
  const { prefixes } = await listKeys(config.backupsBucket, PARTS, '/');
  const orphansSwept: string[] = [];
  for (const prefix of prefixes) {
    const id = prefix.slice(PARTS.length, -1);
    if (existing.has(id)) continue;
    let startedAt: number;
    try {
      startedAt = decodeTime(id);
    } catch {
      continue;
    }
    if (now.getTime() - startedAt < ORPHAN_AGE_MS) continue;
    await deletePrefix(config.backupsBucket, prefix);
    orphansSwept.push(id);
  }
  if (expired.length > 0) {
    await appendRecorded(
      `backup-retention`,
      [{ type: 'BackupsExpired', data: { backupIds: expired, kept: kept.size, retention } }],
      { actor: SYSTEM_ACTOR, correlationId: `retention-${now.toISOString()}` },
    );
  }
  return { expired, kept: kept.size, orphansSwept };
};
